using System;
using System.Linq;
using System.CommandLine;
using System.IO;
using NearDup.Cli.Progress;
using NearDup.Detection;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index remove PATH ID…</c>: removes documents in one atomic, durable batch.</summary>
internal static class IndexRemoveCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the count removed.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags(writes: true);
        var ids = new Argument<string[]>("ID") { Description = "Ids of documents to remove.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove documents from an index (one atomic, durable batch).") { path, ids };
        var progressOption = StageProgress.Option();
        command.Options.Add(progressOption);
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "remove", () =>
        {
            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progressOption)!, quiet: false, stderr);
            using NearDupIndex idx = IndexCommand.WithProgress(mode, "remove", stderr, (messages, progress) => IndexCommand.Open(parse, path, redis, "remove", messages, progress: progress));
            string[] requested = parse.GetValue(ids)!;
            string[] unknown = [.. requested.Where(id => !idx.Contains(id)).Distinct(StringComparer.Ordinal)];
            int removed = idx.Remove(requested);
            foreach (string id in unknown)
            {
                stderr.WriteLine($"neardup index remove: {VerdictWriter.Printable(id)} is not indexed");
            }

            stdout.WriteLine($"removed {removed} of {requested.Length}; {idx.Count} documents in the index.");
            return Program.Success;
        }));
        return command;
    }
}
