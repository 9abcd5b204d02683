using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Storage;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary><c>neardup index …</c>: create, fill, query and maintain a persistent index.</summary>
internal static class IndexCommand
{
    /// <summary>Exit code for an index that cannot be used (corrupt, locked, missing) or verification problems.</summary>
    public const int Failure = 1;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var index = new Command("index", "Create, fill, query and maintain a persistent index of original documents.");
        index.Subcommands.Add(Create(stdout, stderr));
        index.Subcommands.Add(Add(stdout, stderr));
        index.Subcommands.Add(Query(stdout, stderr));
        index.Subcommands.Add(Remove(stdout, stderr));
        index.Subcommands.Add(Info(stdout, stderr));
        index.Subcommands.Add(Verify(stdout, stderr));
        index.Subcommands.Add(Compact(stdout, stderr));
        return index;
    }

    private static Argument<DirectoryInfo> PathArgument() => new("PATH") { Description = "The index directory." };

    /// <summary>The INPUT argument of <c>add</c> and <c>query</c>: one or more paths, or <c>-</c>. A token that looks like an
    /// option (<c>-x</c>, <c>--x</c>) is a usage error naming it, not a path that is then skipped as missing: a mistyped or
    /// unsupported option must not pass silently.</summary>
    private static Argument<string[]> InputsArgument(string description)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = description, Arity = ArgumentArity.OneOrMore };
        inputs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value}).");
                }
            }
        });
        return inputs;
    }

    /// <summary><c>--cache N</c>: how many originals, analysed for verification, the opened index keeps (<see cref="NearDupIndex.Open(string, ScanOptions?, int)"/>).</summary>
    private static Option<int> CacheOption() => new("--cache")
    {
        HelpName = "N",
        Description = "Originals kept analysed in memory to verify query candidates without analysing them again (0 or more; about 40 KB each for a 3 KB text).",
        DefaultValueFactory = _ => DocumentIndex.DefaultCacheCapacity,
    };

    /// <summary>Reads <c>--cache</c>; null, after writing a usage error naming the option, when it is negative.</summary>
    private static int? CacheCapacity(ParseResult parse, Option<int> cache, TextWriter stderr, string verb)
    {
        int capacity = parse.GetValue(cache);
        if (capacity < 0)
        {
            stderr.WriteLine($"neardup index {verb}: --cache must be 0 or more (got {capacity}).");
            return null;
        }

        return capacity;
    }

    private static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var shingle = new Option<int>("--shingle-size") { Description = "Words per shingle.", DefaultValueFactory = _ => ShingleSpec.Default.Size };
        var hashes = new Option<int>("--hashes", "-k") { Description = "MinHash values per sketch.", DefaultValueFactory = _ => 128 };
        var family = new Option<string>("--minhash") { Description = "MinHash family: oph or kperm.", DefaultValueFactory = _ => "oph" };
        family.AcceptOnlyFromAmong("oph", "kperm");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sketch hash functions.", DefaultValueFactory = _ => MinHashParameters.DefaultSeed };
        var lsh = new Option<double>("--lsh-threshold") { Description = "Jaccard threshold the LSH banding is tuned for.", DefaultValueFactory = _ => 0.5 };
        var functionWords = FunctionWordsFile.Option();
        var command = new Command("create", "Create an empty index in a new directory.") { path, shingle, hashes, family, seed, lsh, functionWords };
        command.SetAction(parse => Guarded(stderr, "create", () =>
        {
            if (!FunctionWordsFile.TryRead(parse.GetValue(functionWords), "index create", stderr, out FunctionWords? words))
            {
                return Program.UsageError;
            }

            ScanOptions options;
            try
            {
                var minHash = new MinHashParameters(
                    parse.GetValue(family) == "kperm" ? MinHashFamily.KPermutation : MinHashFamily.OnePermutation,
                    parse.GetValue(hashes), parse.GetValue(seed), new ShingleSpec(ShingleUnit.Word, parse.GetValue(shingle)));
                options = new ScanOptions(new AnalysisOptions(minHash, functionWords: words), lshThreshold: parse.GetValue(lsh));
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"neardup index create: {e.Message}");
                return Program.UsageError;
            }

            string dir = parse.GetValue(path)!.FullName;
            using NearDupIndex created = NearDupIndex.Create(dir, options);
            stdout.WriteLine($"created index at {dir} ({options.Analysis.MinHash})");
            return Program.Success;
        }));
        return command;
    }

    private static Command Add(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var inputs = InputsArgument("Files, folders (every *.txt below, ids relative to the folder), or - for JSON lines {\"id\":…,\"text\":…} on standard input.");
        var glob = new Option<string[]>("--glob", "-g") { Description = "File name pattern inside folders (repeatable).", DefaultValueFactory = _ => ["*.txt"], AllowMultipleArgumentsPerToken = true };
        var batchSize = new Option<int>("--batch") { Description = "Documents per atomic, durable batch.", DefaultValueFactory = _ => 1000 };
        var command = new Command("add", "Add documents to an index; each batch is atomic and durable.") { path, inputs, glob, batchSize };
        command.SetAction(parse => Guarded(stderr, "add", () =>
        {
            int size = parse.GetValue(batchSize);
            if (size < 1)
            {
                stderr.WriteLine("neardup index add: --batch must be at least 1.");
                return Program.UsageError;
            }

            // Adding never verifies, so the index opens without a cache of analysed originals.
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName, cacheCapacity: 0);
            int added = 0, skipped = 0;
            var batch = new List<(string, string)>(size);
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            void Flush()
            {
                if (batch.Count > 0)
                {
                    added += idx.AddBatch(batch);
                    batch.Clear();
                    inBatch.Clear();
                }
            }

            foreach (var (id, text, error) in ReadInputs(parse.GetValue(inputs)!, parse.GetValue(glob)!, Console.In))
            {
                if (error is not null)
                {
                    stderr.WriteLine($"neardup index add: skipped {error}");
                    skipped++;
                    continue;
                }

                try
                {
                    NearDupIndex.CheckId(id!);
                }
                catch (ArgumentException e)
                {
                    stderr.WriteLine($"neardup index add: skipped a document: {e.Message}");
                    skipped++;
                    continue;
                }

                if (idx.Contains(id!) || !inBatch.Add(id!))
                {
                    stderr.WriteLine($"neardup index add: skipped {id}: id is already indexed (remove it first to replace it)");
                    skipped++;
                    continue;
                }

                batch.Add((id!, text!));
                if (batch.Count == size)
                {
                    Flush();
                }
            }

            Flush();
            stderr.WriteLine($"neardup index add: {added} added, {skipped} skipped; {idx.Count} documents in the index.");
            return Program.Success;
        }));
        return command;
    }

    private static Command Query(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var inputs = InputsArgument("Files, folders, or - for JSON lines {\"id\":…,\"text\":…} on standard input.");
        var glob = new Option<string[]>("--glob", "-g") { Description = "File name pattern inside folders (repeatable).", DefaultValueFactory = _ => ["*.txt"], AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or jsonl (as scan).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var cache = CacheOption();
        var kinds = new Option<string[]>("--kinds", "-k")
        {
            Description = "Kinds of copy to look for (repeatable, or several after one flag): exact, near-duplicate, contained, spun, all. Fewer kinds skip the other kinds' candidate sources: faster lookups, and copies only those sources find are missed.",
            DefaultValueFactory = _ => ["all"],
            AllowMultipleArgumentsPerToken = true,
        };
        kinds.AcceptOnlyFromAmong([.. Enum.GetValues<MatchKind>().Select(k => k.ToName()), "all"]);
        var command = new Command("query", "Find the indexed originals each input copies.") { path, inputs, glob, format, cache, kinds };
        command.SetAction(parse => Guarded(stderr, "query", () =>
        {
            if (CacheCapacity(parse, cache, stderr, "query") is not { } capacity)
            {
                return Program.UsageError;
            }

            CopyKinds wanted = KindsOf(parse.GetValue(kinds)!);
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName, cacheCapacity: capacity);
            var all = new List<PairVerdict>();
            foreach (var (id, text, error) in ReadInputs(parse.GetValue(inputs)!, parse.GetValue(glob)!, Console.In))
            {
                if (error is not null)
                {
                    stderr.WriteLine($"neardup index query: skipped {error}");
                    continue;
                }

                foreach (PairVerdict v in idx.Query(text!, id!, wanted))
                {
                    if (v.A != v.B)
                    {
                        all.Add(v);
                    }
                }
            }

            if (parse.GetValue(format) == "jsonl")
            {
                VerdictWriter.WriteJsonLines(all, stdout);
            }
            else
            {
                VerdictWriter.WriteText(all, stdout);
            }

            return Program.Success;
        }));
        return command;
    }

    /// <summary>The kinds named by <c>--kinds</c> (names already checked by the parser: a kind's output name, or all).</summary>
    private static CopyKinds KindsOf(string[] names)
    {
        var kinds = CopyKinds.None;
        foreach (string name in names)
        {
            kinds |= name == "all" ? CopyKinds.All : Enum.GetValues<MatchKind>().First(k => k.ToName() == name).ToCopyKinds();
        }

        return kinds == CopyKinds.None ? CopyKinds.All : kinds;
    }

    private static Command Remove(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var ids = new Argument<string[]>("ID") { Description = "Ids of documents to remove.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove documents from an index (one atomic, durable batch).") { path, ids };
        command.SetAction(parse => Guarded(stderr, "remove", () =>
        {
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName);
            string[] requested = parse.GetValue(ids)!;
            int removed = idx.Remove(requested);
            stdout.WriteLine($"removed {removed} of {requested.Length}; {idx.Count} documents in the index.");
            return Program.Success;
        }));
        return command;
    }

    private static Command Info(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var command = new Command("info", "Counts, options and sizes of an index.") { path };
        command.SetAction(parse => Guarded(stderr, "info", () =>
        {
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName);
            StoreStatistics s = idx.Statistics();
            ScanOptions o = idx.Options;
            stdout.WriteLine($"documents:        {s.Documents}");
            stdout.WriteLine($"minhash:          {o.Analysis.MinHash}");
            stdout.WriteLine($"spin sketch:      {o.Analysis.SpinSketch}");
            stdout.WriteLine($"simhash:          {o.Analysis.SimHash}");
            FunctionWords fw = o.Analysis.FunctionWords;
            stdout.WriteLine($"function words:   {fw.Count} ({(fw.SetEquals(FunctionWords.English) ? "English, the default" : "a list given at creation")})");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lsh thresholds:   {o.LshThreshold} (words), {o.SpinLshThreshold} (spin)"));
            stdout.WriteLine($"snapshot bytes:   {s.SnapshotBytes}");
            stdout.WriteLine($"log bytes:        {s.LogBytes} in {s.LogBatches} batches");
            foreach (string m in idx.Recovery.Messages)
            {
                stdout.WriteLine($"recovery:         {m}");
            }

            return Program.Success;
        }));
        return command;
    }

    private static Command Verify(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var command = new Command("verify", "Check every checksum of an index; exit code 1 when anything is wrong.") { path };
        command.SetAction(parse => Guarded(stderr, "verify", () =>
        {
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName);
            IReadOnlyList<string> problems = idx.Verify();
            foreach (string p in problems)
            {
                stdout.WriteLine(p);
            }

            stdout.WriteLine(problems.Count == 0 ? $"ok: {idx.Count} documents, every checksum matches." : $"{problems.Count} problems found.");
            return problems.Count == 0 ? Program.Success : Failure;
        }));
        return command;
    }

    private static Command Compact(TextWriter stdout, TextWriter stderr)
    {
        var path = PathArgument();
        var command = new Command("compact", "Write a fresh snapshot of the live documents and empty the log.") { path };
        command.SetAction(parse => Guarded(stderr, "compact", () =>
        {
            using NearDupIndex idx = NearDupIndex.Open(parse.GetValue(path)!.FullName);
            idx.Compact();
            StoreStatistics s = idx.Statistics();
            stdout.WriteLine($"compacted: {s.Documents} documents, snapshot {s.SnapshotBytes} bytes, log {s.LogBytes} bytes.");
            return Program.Success;
        }));
        return command;
    }

    /// <summary>Turns the expected failures of an index command into a message and exit code 1.</summary>
    private static int Guarded(TextWriter stderr, string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"neardup index {verb}: {e.Message}");
            return Failure;
        }
    }

    /// <summary>Yields (id, text) from files, folders and standard input, or an error naming what could not be read.</summary>
    private static IEnumerable<(string? Id, string? Text, string? Error)> ReadInputs(string[] inputs, string[] patterns, TextReader stdin)
    {
        var strict = new UTF8Encoding(false, true);
        foreach (string input in inputs)
        {
            if (input == "-")
            {
                int line = 0;
                string? raw;
                while ((raw = stdin.ReadLine()) is not null)
                {
                    line++;
                    if (raw.Length == 0)
                    {
                        continue;
                    }

                    yield return ParseJsonLine(raw, line);
                }

                continue;
            }

            if (Directory.Exists(input))
            {
                foreach (var (id, file) in CorpusReader.List(input, patterns))
                {
                    yield return ReadFile(id, file, strict);
                }
            }
            else if (File.Exists(input))
            {
                yield return ReadFile(input.Replace(Path.DirectorySeparatorChar, '/'), input, strict);
            }
            else
            {
                yield return (null, null, $"{input}: no such file or folder");
            }
        }
    }

    private static (string? Id, string? Text, string? Error) ReadFile(string id, string path, UTF8Encoding strict)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                return (null, null, $"{path}: empty file");
            }

            ReadOnlySpan<byte> span = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes;
            return (id, strict.GetString(span), null);
        }
        catch (DecoderFallbackException e)
        {
            return (null, null, $"{path}: not valid UTF-8 (invalid byte at offset {e.Index})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"{path}: unreadable: {e.Message}");
        }
    }

    private static (string? Id, string? Text, string? Error) ParseJsonLine(string raw, int line)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(raw);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String)
            {
                return (null, null, $"stdin line {line}: expected an object with string \"id\" and \"text\"");
            }

            string idValue = id.GetString()!;
            return idValue.Length == 0
                ? (null, null, $"stdin line {line}: empty id")
                : (idValue, text.GetString()!, null);
        }
        catch (JsonException e)
        {
            return (null, null, $"stdin line {line}: not JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            // Valid JSON whose string holds a lone surrogate escape ("\ud800"): no .NET string can be made from it.
            return (null, null, $"stdin line {line}: not valid Unicode text ({e.Message})");
        }
    }
}
