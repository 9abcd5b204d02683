using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using NearDup.Detection;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index repair PATH</c>: makes an index that opening refuses open again, keeping all that is sound,
/// and prints what it dropped.</summary>
internal static class IndexRepairCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives what was dropped or accepted, and the conclusion.</param>
    /// <param name="stderr">Receives errors (a damaged snapshot, which a repair cannot rebuild).</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var command = new Command(
            "repair",
            "Repair an index that opening refuses: keep the snapshot and the log's batches before the first damaged one, drop the rest, " +
            "accept acknowledged batches the files lost, and print what was dropped. Run `index verify` first to see what is wrong.")
        { path };
        command.SetAction(parse => IndexCommand.Guarded(stderr, "repair", () =>
        {
            string given = parse.GetValue(path)!;
            if (Redis.RedisLocation.IsRedisUri(given))
            {
                stderr.WriteLine("neardup index repair: a redis:// index has no files to repair; index verify checks its records.");
                return Program.UsageError;
            }

            IReadOnlyList<string> changes = NearDupIndex.Repair(Path.GetFullPath(given));
            foreach (string change in changes)
            {
                stdout.WriteLine(VerdictWriter.Printable(change));
            }

            stdout.WriteLine(changes.Count == 0 ? "nothing to repair: the index opens as it is." : $"repaired: {changes.Count} changes.");
            return Program.Success;
        }));
        return command;
    }
}
