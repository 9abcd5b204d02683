using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using NearDup.Detection;
using NearDup.Redis;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index verify PATH</c>: checks every checksum; exit code <see cref="IndexCommand.Failure"/> when anything is wrong.</summary>
internal static class IndexVerifyCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the problems found and the conclusion.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags();
        var command = new Command("verify", "Check every checksum of an index and decode every live document's text; exit code 1 when anything is wrong.") { path };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "verify", () =>
        {
            // The files are read, never opened for writing: verify changes nothing, and reports what opening would cut off.
            // A Redis index likewise is opened to read only, so nothing a dead writer left logged is replayed by it.
            string given = parse.GetValue(path)!;
            IReadOnlyList<string> problems;
            if (redis.Location(parse, given) is { } location)
            {
                using NearDupIndex onServer = RedisNearDupIndex.OpenReadOnly(location);
                problems = onServer.Verify();
            }
            else
            {
                problems = NearDupIndex.VerifyFiles(Path.GetFullPath(given));
            }

            foreach (string p in problems)
            {
                stdout.WriteLine(p);
            }

            stdout.WriteLine(problems.Count == 0 ? (RedisLocation.IsRedisUri(given) ? "ok: every record's checksum matches, and the live count." : "ok: every checksum of the snapshot and the log matches, and every live document's text decodes.") : $"{problems.Count} problems found.");
            return problems.Count == 0 ? Program.Success : IndexCommand.Failure;
        }));
        return command;
    }
}
