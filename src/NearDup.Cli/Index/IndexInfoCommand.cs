using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NearDup.Analysis;
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
        var memory = new Option<bool>("--memory")
        {
            Description = "For a redis:// index: also the namespace's server memory by structure and per live document (MEMORY USAGE of every key on every primary). " +
                "Costly: it reads the whole namespace, three commands per key (about ten per document), pipelined: 2.5-3 s for 20,000 documents on a local server. Not available on Garnet.",
        };
        var command = new Command("info", "Counts, options and sizes of an index.") { path, memory };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "info", () =>
        {
            // Read-only: info changes no file and runs beside a writer.
            string given = parse.GetValue(path)!;
            RedisLocation? location = redis.Location(parse, given);
            if (parse.GetValue(memory) && location is null)
            {
                // A misused option, like every index verb's: a usage error, before anything is opened.
                stderr.WriteLine($"neardup index info: --memory applies to a redis:// index; {given} is a directory, whose sizes info prints without it.");
                return Program.UsageError;
            }

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
            if (o.Analysis.LearnedFunctionWords is { } learned)
            {
                stdout.WriteLine($"learned words:    {learned.Count} (learned at creation, for documents in another language)");
            }

            stdout.WriteLine($"look-alikes:      {(o.Analysis.FoldConfusables ? "folded to the Latin letters they imitate" : "not folded (an index created before folding existed)")}");
            stdout.WriteLine($"long words:       {(o.Analysis.HashWholeTokens ? "hashed whole" : "first 128 characters and length hashed (an index created before whole hashing existed)")}");
            int analysis = idx.AnalysisVersion;
            stdout.WriteLine($"analysis:         {(analysis == 0 ? "not recorded (an index written before analysis versions were)" : $"version {analysis}")}{(idx.IsAnalysisCurrent ? ", as this build analyses" : $"; this build analyses as version {DocumentAnalyzer.AnalysisVersion} ({(location is null ? "index compact analyses the documents again" : "add the documents to a new index to analyse them again")})")}");
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

            if (parse.GetValue(memory))
            {
                WriteMemory(stdout, RedisNearDupIndex.MeasureMemory(idx));
            }

            return Program.Success;
        }));
        return command;
    }

    /// <summary>Prints a memory report: a row per structure that has keys, the total and the servers' used_memory.</summary>
    private static void WriteMemory(TextWriter stdout, RedisMemoryReport report)
    {
        if (!report.IsAvailable)
        {
            stdout.WriteLine($"memory:           not available: {report.UnavailableReason}");
            return;
        }

        string PerDocument(double value) => report.Documents > 0 ? (value / report.Documents).ToString("N1", CultureInfo.InvariantCulture) : "-";
        stdout.WriteLine($"memory:           MEMORY USAGE of the namespace's {report.Keys:N0} keys on every primary, by structure (B / doc: per live document)");
        stdout.WriteLine($"  {"structure",-38} {"keys",9}  {"fields / doc",12}  {"bytes",14}  {"B / doc",9}  {"listpack",8}");
        foreach (RedisStructureMemory row in report.Structures)
        {
            if (row.Keys > 0)
            {
                string listpack = (100.0 * row.ListpackBytes / Math.Max(1, row.Bytes)).ToString("0.#", CultureInfo.InvariantCulture) + "%";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Name,-38} {row.Keys,9:N0}  {PerDocument(row.Fields),12}  {row.Bytes,14:N0}  {PerDocument(row.Bytes),9}  {listpack,8}"));
            }
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-38} {report.Keys,9:N0}  {"",12}  {report.Bytes,14:N0}  {PerDocument(report.Bytes),9}"));
        if (report.UsedMemory is { } used)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  server used_memory (primaries; everything they hold): {used:N0} bytes"));
        }
    }
}
