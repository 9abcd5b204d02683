using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Cli.Inputs;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Grouping;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary><c>neardup scan DIR</c>: finds every copied pair among the files of a folder.</summary>
internal static class ScanCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("INPUT") { Description = $"What to scan: a folder (searched recursively), or a dataset file: {Datasets.Described}." };
        var inputs = new InputOptionSet();
        var format = new Option<string>("--format", "-f") { Description = "Output format: text (a readable table) or jsonl (one JSON object per pair).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var analysis = new AnalysisOptionSet("MinHash family: oph (one-permutation, densified) or kperm (k permutations).");
        var nd = new Option<double>("--near-duplicate") { Description = "Coverage both documents need to be near-duplicates.", DefaultValueFactory = _ => VerificationOptions.Default.NearDuplicateCoverage };
        var contained = new Option<double>("--contained") { Description = "Coverage one document needs to be contained in the other.", DefaultValueFactory = _ => VerificationOptions.Default.ContainedCoverage };
        var passage = new Option<double>("--min-passage-share") { Description = "Share of a document one shared passage needs to count as a contained excerpt.", DefaultValueFactory = _ => VerificationOptions.Default.MinPassageShare };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: one per core).", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress (unless --progress asks for it) and no summary on stderr." };
        var progress = StageProgress.Option();
        var failOnCopy = Program.FailOnCopyOption();
        var maxPairs = new Option<int>("--max-pairs-per-document")
        {
            Description = "Print at most this many pairs per document, the strongest first (exact, then near-duplicate, contained, spun; by score within a kind); 0 prints every pair. The summary says how many were left out.",
            DefaultValueFactory = _ => 0,
        };

        var groups = new Option<bool>("--groups")
        {
            Description = "Print groups of copies instead of pairs: connected components over the kinds of --group-kinds, one line (or JSON object, as dedup writes them) per group, the first member kept. Memory and time grow with the documents, not the pairs (3,000 copies of one text are one group).",
        };
        var groupKinds = KindsOption.CreateNamed(
            "--group-kinds",
            "With --groups: kinds of copy that link two documents into one group (repeatable): exact, near-duplicate, contained, spun, all. Contained and spun copies can chain unlike texts through an excerpt, so they are a choice.",
            "exact",
            "near-duplicate");

        var noLearning = FunctionWordsFile.NoLearningOption();
        var command = new Command("scan", "Find exact, near-duplicate, contained and spun copies among the files of a folder or the records of a dataset.")
        {
            dir, format, inputs.Glob, inputs.Exclude, inputs.MinWords, inputs.IdField, inputs.TextField, analysis.ShingleSize, analysis.Hashes, analysis.Family, analysis.Seed, analysis.LshThreshold, nd, contained, passage, threads, quiet, analysis.FunctionWords, noLearning, inputs.MaxFileSize, failOnCopy, progress, maxPairs, groups, groupKinds,
        };

        command.SetAction(parse =>
        {
            string root = parse.GetValue(dir)!;
            if (CorpusSource.Problem(root) is { } problem)
            {
                stderr.WriteLine($"neardup scan: {problem}");
                return Program.UsageError;
            }

            if (parse.GetValue(maxPairs) < 0)
            {
                stderr.WriteLine($"neardup scan: --max-pairs-per-document must be 0 (every pair) or more; got {parse.GetValue(maxPairs)}.");
                return Program.UsageError;
            }

            if (parse.GetValue(threads) is < 0 or > 1024)
            {
                stderr.WriteLine($"neardup scan: --threads must be 0 (one per core) to 1024; got {parse.GetValue(threads)}.");
                return Program.UsageError;
            }

            if (!analysis.TryBuild(
                    parse,
                    "scan",
                    stderr,
                    (analysisOptions, lshThreshold) => new IndexOptions(
                        analysisOptions,
                        new VerificationOptions(parse.GetValue(nd), parse.GetValue(contained), parse.GetValue(passage)),
                        lshThreshold,
                        maxDegreeOfParallelism: parse.GetValue(threads)),
                    out IndexOptions? options))
            {
                return Program.UsageError;
            }

            if (inputs.Read(parse, "scan", stderr, [root]) is not { } selection)
            {
                return Program.UsageError;
            }

            if (!parse.GetValue(groups) && parse.GetResult(groupKinds) is { Implicit: false })
            {
                stderr.WriteLine("neardup scan: --group-kinds chooses what links a group; give --groups too.");
                return Program.UsageError;
            }

            if (parse.GetValue(groups) && parse.GetValue(maxPairs) > 0)
            {
                stderr.WriteLine("neardup scan: --max-pairs-per-document caps pairs; with --groups no pair is printed. Give one or the other.");
                return Program.UsageError;
            }

            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progress)!, parse.GetValue(quiet), stderr);
            bool learn = parse.GetValue(analysis.FunctionWords) is null && !parse.GetValue(noLearning);
            bool jsonl = parse.GetValue(format) == "jsonl";
            int exit = parse.GetValue(groups)
                ? RunGroups(root, selection, KindsOption.Parse(parse.GetValue(groupKinds)!), jsonl, options, learn, parse.GetValue(quiet), mode, stdout, stderr, out int found)
                : Run(root, selection, parse.GetValue(maxPairs), parse.GetValue(format)!, options, learn, parse.GetValue(quiet), mode, stdout, stderr, out found);
            return exit == Program.Success && found > 0 && parse.GetValue(failOnCopy) ? Program.CopiesFound : exit;
        });
        return command;
    }

    private static int Run(string root, InputSelection selection, int maxPairs, string format, IndexOptions options, bool learn, bool quiet, ProgressMode mode, TextWriter stdout, TextWriter stderr, out int found)
    {
        found = 0;
        var clock = Stopwatch.StartNew();
        if (Find(root, selection, options, learn, mode, stderr, (documents, analysed, progress) => NearDupIndex.FindAllPairs(documents, analysed, progress), out var done) is int failed)
        {
            return failed;
        }

        var (source, verdicts) = done;

        List<AnalyzedDocument> documents = source.Documents;
        foreach (string skip in source.Skipped)
        {
            stderr.WriteLine($"neardup scan: skipped {skip}");
        }

        found = verdicts.Count;
        IReadOnlyList<PairVerdict> printed = maxPairs > 0 ? Capped(verdicts, maxPairs) : verdicts;
        if (format == "jsonl")
        {
            VerdictWriter.WriteJsonLines(printed, stdout);
        }
        else
        {
            VerdictWriter.WriteText(printed, stdout);
        }

        if (!quiet)
        {
            FunctionWordsFile.ReportLearned(source.Learning, "scan", stderr);
            string kinds = string.Join(", ", verdicts.GroupBy(v => v.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToName()}"));
            stderr.WriteLine(
                $"neardup scan: {documents.Count} documents scanned, {source.Skipped.Count} skipped, {verdicts.Count} pairs flagged" +
                (verdicts.Count > 0 ? $" ({kinds})" : string.Empty) +
                (printed.Count < verdicts.Count ? $"; {verdicts.Count - printed.Count} not printed (--max-pairs-per-document {maxPairs})" : string.Empty) +
                $" in {clock.Elapsed.TotalSeconds:0.0} s.");
        }

        return Program.Success;
    }

    /// <summary><c>scan --groups</c>: the groups of copies, as <c>dedup</c> prints them (without keep lists or output).</summary>
    private static int RunGroups(string root, InputSelection selection, CopyKinds kinds, bool jsonl, IndexOptions options, bool learn, bool quiet, ProgressMode mode, TextWriter stdout, TextWriter stderr, out int found)
    {
        found = 0;
        var clock = Stopwatch.StartNew();
        if (Find(root, selection, options, learn, mode, stderr, (documents, analysed, progress) => NearDupIndex.FindGroups(documents, kinds, KeepRule.First, analysed, progress), out var done) is int failed)
        {
            return failed;
        }

        var (source, groups) = done;

        foreach (string skip in source.Skipped)
        {
            stderr.WriteLine($"neardup scan: skipped {skip}");
        }

        found = groups.Count;
        DedupCommand.WriteGroups(groups, jsonl, stdout);
        if (!quiet)
        {
            FunctionWordsFile.ReportLearned(source.Learning, "scan", stderr);
            stderr.WriteLine(
                $"neardup scan: {source.Documents.Count} documents scanned, {source.Skipped.Count} skipped, {groups.Count} groups of copies" +
                $" holding {groups.Sum(g => g.Members.Count)} documents in {clock.Elapsed.TotalSeconds:0.0} s.");
        }

        return Program.Success;
    }

    /// <summary>Reads the input and runs <paramref name="find"/> over its documents under the progress display (what the
    /// command prints comes after, so it never mixes with live bars); null when it worked, else the exit code, with the
    /// message written. With <paramref name="learn"/>, function words are learned from the documents as they are analysed
    /// (<see cref="CorpusSource.Load"/>), and <paramref name="find"/> is given the options with them.</summary>
    private static int? Find<T>(string root, InputSelection selection, IndexOptions options, bool learn, ProgressMode mode, TextWriter stderr, Func<List<AnalyzedDocument>, IndexOptions, IProgress<ScanProgress>?, T> find, out (CorpusSource Source, T Found) done)
    {
        done = default;
        try
        {
            done = StageProgress.Run(mode, "scan", stderr, progress =>
            {
                CorpusSource read = CorpusSource.Load(root, selection, options, learn, (stage, n, total) => progress?.Report(new ScanProgress(stage, n, total)));
                return (read, find(read.Documents, read.Options, progress));
            });
            return null;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"neardup scan: {e.Message}");
            return Program.UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"neardup scan: {e.Message}");
            return Program.Failure;
        }
    }

    /// <summary>The verdicts, in their order (strongest first), leaving out each one whose A or B already has
    /// <paramref name="max"/> pairs printed.</summary>
    private static List<PairVerdict> Capped(IReadOnlyList<PairVerdict> verdicts, int max)
    {
        var printed = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<PairVerdict>();
        foreach (PairVerdict v in verdicts)
        {
            int a = printed.GetValueOrDefault(v.A), b = printed.GetValueOrDefault(v.B);
            if (a < max && b < max)
            {
                printed[v.A] = a + 1;
                printed[v.B] = b + 1;
                kept.Add(v);
            }
        }

        return kept;
    }
}
