using System.CommandLine;
using System.IO;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Storage;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index compact PATH</c>: writes a fresh snapshot of the live documents and empties the log.</summary>
internal static class IndexCompactCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the new sizes.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags(writes: true);
        var command = new Command("compact", "Write a fresh snapshot of the live documents and empty the log.") { path };
        var progressOption = StageProgress.Option();
        command.Options.Add(progressOption);
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "compact", () =>
        {
            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progressOption)!, quiet: false, stderr);
            using NearDupIndex idx = IndexCommand.WithProgress(mode, "compact", stderr, (messages, progress) => IndexCommand.Open(parse, path, redis, "compact", messages, progress: progress));
            idx.Compact();
            if (GaveUpCopying(idx) is { } note)
            {
                stderr.WriteLine($"neardup index compact: {note}");
            }

            StoreStatistics s = idx.Statistics();
            stdout.WriteLine(Compacted(s));
            return Program.Success;
        }));
        return command;
    }

    /// <summary>What a compaction left, as <c>index compact</c> and <c>index add</c> say it.</summary>
    /// <param name="s">The sizes after the compaction.</param>
    /// <returns>The line.</returns>
    internal static string Compacted(StoreStatistics s) => $"compacted: {s.Documents} documents, snapshot {s.SnapshotBytes} bytes, log {s.LogBytes} bytes.";

    /// <summary>What a compaction that stopped copying the stored analyses says, as <c>index compact</c> and <c>index add</c>
    /// say it; null when it copied or analysed as it meant to.</summary>
    /// <param name="index">The index just compacted.</param>
    /// <returns>The note, or null.</returns>
    internal static string? GaveUpCopying(NearDupIndex index) => index.LastCompaction?.CopyingGivenUp is { } why
        ? $"{why.TrimEnd('.')}; analysed every document's text again instead (no stored analysis copied)."
        : null;
}
