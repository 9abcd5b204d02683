using System.CommandLine;
using System.Globalization;
using System.IO;
using NearDup.Detection;
using NearDup.Redis;
using NearDup.Storage;
using NearDup.Text;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index info PATH</c>: counts, options and sizes of an index, and what opening it recovered.</summary>
internal static class IndexInfoCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the figures.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags();
        var command = new Command("info", "Counts, options and sizes of an index.") { path };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "info", () =>
        {
            // Read-only: info changes no file and runs beside a writer.
            string given = parse.GetValue(path)!;
            RedisLocation? location = redis.Location(parse, given);
            using NearDupIndex idx = location is null ? NearDupIndex.OpenReadOnly(Path.GetFullPath(given)) : RedisNearDupIndex.Open(location);
            StoreStatistics s = idx.Statistics();
            if (location is not null)
            {
                // The location prints without the password; a server index has no snapshot, log or image.
                stdout.WriteLine($"location:         {location}");
            }

            IndexOptions o = idx.Options;
            stdout.WriteLine($"documents:        {s.Documents}");
            if (location is null)
            {
                stdout.WriteLine($"identity:         {(s.Identity == System.Guid.Empty ? "none (made before index identities; the next compaction gives it one)" : s.Identity.ToString("N"))}");
            }

            stdout.WriteLine($"minhash:          {o.Analysis.MinHash}");
            stdout.WriteLine($"spin sketch:      {o.Analysis.SpinSketch}");
            stdout.WriteLine($"simhash:          {o.Analysis.SimHash}");
            FunctionWords fw = o.Analysis.FunctionWords;
            stdout.WriteLine($"function words:   {fw.Count} ({(fw.SetEquals(FunctionWords.English) ? "English, the default" : "a list given at creation")})");
            stdout.WriteLine($"look-alikes:      {(o.Analysis.FoldConfusables ? "folded to the Latin letters they imitate" : "not folded (an index created before folding existed)")}");
            stdout.WriteLine($"long words:       {(o.Analysis.HashWholeTokens ? "hashed whole" : "first 128 characters and length hashed (an index created before whole hashing existed)")}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lsh thresholds:   {o.LshThreshold} (words), {o.SpinLshThreshold} (spin)"));
            if (location is null)
            {
                stdout.WriteLine($"snapshot bytes:   {s.SnapshotBytes}");
                stdout.WriteLine($"structure image:  {(s.ImageBytes > 0 ? $"{s.ImageBytes} bytes (opening reads the candidate structures from it)" : "none (opening builds the candidate structures from the documents; index compact writes one)")}");
                stdout.WriteLine($"log bytes:        {s.LogBytes} in {s.LogBatches} batches");
            }

            // A Redis index's open replays the batches of writers that died: info is the operator's recovery step.
            foreach (string m in idx.Recovery.Messages)
            {
                stdout.WriteLine($"recovery:         {m}");
            }

            return Program.Success;
        }));
        return command;
    }
}
