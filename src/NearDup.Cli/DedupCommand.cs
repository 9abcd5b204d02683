using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Cli.Inputs;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Grouping;

namespace NearDup.Cli;

/// <summary>
/// <c>neardup dedup DIR</c>: groups the files of a folder into copies of one another, keeps one per group, and writes
/// the groups (JSON lines or a table), the ids kept and dropped, and, with <c>--output</c>, the folder without the
/// dropped files.
/// </summary>
internal static class DedupCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the groups.</param>
    /// <param name="stderr">Receives skipped files, errors and the summary.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("INPUT") { Description = $"What to de-duplicate: a folder (searched recursively), or a dataset file: {Datasets.Described}." };
        var inputs = new InputOptionSet();
        var format = new Option<string>("--format", "-f") { Description = "Output format of the groups: text (one line per group) or jsonl (one JSON object per group).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var kinds = KindsOption.Create(
            "Kinds of copy that link two documents into one group (repeatable): exact, near-duplicate, contained, spun, all. Contained and spun copies link an excerpt to its source and can chain unlike texts, so they are a choice.",
            "exact",
            "near-duplicate");
        var keep = new Option<string>("--keep") { Description = "Which document of a group to keep: first (the first read: a folder's files in the ordinal order of their ids, a dataset's records in file order) or longest (most characters; ties go to the first).", DefaultValueFactory = _ => "first" };
        keep.AcceptOnlyFromAmong("first", "longest");
        var keepList = new Option<FileInfo?>("--keep-list") { Description = "Write the ids kept (every document not dropped), one per line, to this file." };
        var dropList = new Option<FileInfo?>("--drop-list") { Description = "Write the ids dropped, one per line, to this file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write what is kept: for a folder, copy the files kept into this folder (new or empty) at their paths under INPUT; for a dataset (JSON Lines, CSV, TSV, Parquet), write it without the records dropped to this new file of the same format, every other record (those passed over too) with every field or column as it was." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: one per core).", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress (unless --progress asks for it) and no summary on stderr." };
        var progress = StageProgress.Option();
        var failOnCopy = Program.FailOnCopyOption();
        var noLearning = FunctionWordsFile.NoLearningOption();
        var command = new Command("dedup", "Group the documents of a folder or a dataset into copies of one another and keep one per group.")
        {
            input, format, inputs.Glob, inputs.Exclude, inputs.MinWords, inputs.IdField, inputs.TextField, kinds, keep, keepList, dropList, output, threads, quiet, inputs.MaxFileSize, failOnCopy, progress, noLearning,
        };

        command.SetAction(parse =>
        {
            string root = parse.GetValue(input)!;
            if (CorpusSource.Problem(root) is { } inputProblem)
            {
                stderr.WriteLine($"neardup dedup: {inputProblem}");
                return Program.UsageError;
            }

            if (parse.GetValue(threads) is < 0 or > 1024)
            {
                stderr.WriteLine($"neardup dedup: --threads must be 0 (one per core) to 1024; got {parse.GetValue(threads)}.");
                return Program.UsageError;
            }

            string? outputPath = parse.GetValue(output);
            if (outputPath is not null && OutputProblem(root, outputPath) is { } problem)
            {
                stderr.WriteLine($"neardup dedup: --output {problem}");
                return Program.UsageError;
            }

            if (ListsProblem(root, parse.GetValue(keepList)?.FullName, parse.GetValue(dropList)?.FullName, outputPath) is { } listProblem)
            {
                stderr.WriteLine($"neardup dedup: {listProblem}");
                return Program.UsageError;
            }

            if (inputs.Read(parse, "dedup", stderr, [root]) is not { } selection)
            {
                return Program.UsageError;
            }

            var settings = new Settings(
                root,
                selection,
                KindsOption.Parse(parse.GetValue(kinds)!),
                parse.GetValue(keep) == "longest" ? KeepRule.Longest : KeepRule.First,
                parse.GetValue(format) == "jsonl",
                parse.GetValue(keepList)?.FullName,
                parse.GetValue(dropList)?.FullName,
                outputPath is null ? null : Path.GetFullPath(outputPath),
                parse.GetValue(threads),
                parse.GetValue(quiet),
                StageProgress.Resolve(parse.GetValue(progress)!, parse.GetValue(quiet), stderr),
                !parse.GetValue(noLearning));
            try
            {
                int exit = Run(settings, stdout, stderr, out int groups);
                return exit == Program.Success && groups > 0 && parse.GetValue(failOnCopy) ? Program.CopiesFound : exit;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"neardup dedup: {e.Message}");
                return Program.Failure;
            }
        });
        return command;
    }

    private sealed record Settings(
        string Root,
        InputSelection Inputs,
        CopyKinds Kinds,
        KeepRule Keep,
        bool Jsonl,
        string? KeepList,
        string? DropList,
        string? Output,
        int Threads,
        bool Quiet,
        ProgressMode Progress,
        bool Learn);

    /// <summary>Why the output cannot be written, or null. For a folder: a new or empty folder, neither the input nor
    /// inside it (the next run would read the copies again). For a dataset: a new file of the same format, JSON Lines,
    /// CSV, TSV or Parquet.</summary>
    private static string? OutputProblem(string root, string output)
    {
        string target = Path.GetFullPath(output);
        if (root == Datasets.Stdin)
        {
            return "cannot write the kept records of standard input, which is read once; use --keep-list, or give the dataset as a file.";
        }

        if (!Directory.Exists(root))
        {
            DatasetFormat format = Datasets.FormatOf(root)!.Value;
            return Datasets.FormatOf(target) != format ? $"'{target}' must name a file of the input's format ({format})."
                : File.Exists(target) || Directory.Exists(target) ? $"'{target}' exists; choose a new file."
                : OutputFile.Problem(target, [root], inputFolder: null); // its folder, and whether a file can be made there
        }

        string input = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        if ((Path.TrimEndingDirectorySeparator(target) + Path.DirectorySeparatorChar).StartsWith(input, StringComparison.Ordinal))
        {
            return $"'{target}' is inside the folder being de-duplicated; choose a folder outside it.";
        }

        return Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()
            ? $"'{target}' is not empty; choose a new or empty folder."
            : File.Exists(target) ? $"'{target}' is a file; give a folder for a folder's output."
            : CannotMakeFolder(target);
    }

    /// <summary>Whether a folder can be made at <paramref name="target"/> (or, when it exists, a file made in it), found
    /// before the run by making one and removing it again; the reason naming the path, or null. Its parent must exist,
    /// as for every other file the command writes.</summary>
    private static string? CannotMakeFolder(string target)
    {
        bool existed = Directory.Exists(target);
        if (!existed && Path.GetDirectoryName(target) is { } parent && !Directory.Exists(parent))
        {
            return $"'{target}': its folder '{parent}' does not exist.";
        }

        try
        {
            Directory.CreateDirectory(target);
            string probe = Path.Combine(target, $".neardup-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            if (!existed)
            {
                Directory.Delete(target);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{target}' cannot be written: {e.Message}";
        }
    }

    /// <summary>Copies the files kept into the output folder (new or empty: see <see cref="OutputProblem"/>) at their
    /// paths under the input; when a copy fails (a full disk), what was copied is removed again, so that no part of an
    /// output is left, and the error names the file.</summary>
    private static void CopyKept(string output, Dictionary<string, string> paths, IEnumerable<string> kept)
    {
        // What this run made, so that a failure removes that and nothing else.
        var madeFolders = new List<string>();
        var madeFiles = new List<string>();
        string? current = null;
        try
        {
            MakeFolder(output);
            foreach (string id in kept)
            {
                current = Path.Combine(output, id);
                MakeFolder(Path.GetDirectoryName(current)!);
                File.Copy(paths[id], current);
                madeFiles.Add(current);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string removed = "the partial --output was removed";
            try
            {
                // A copy cut short by a full disk may have left its file behind: it is this run's too.
                foreach (string file in current is null ? madeFiles : madeFiles.Append(current))
                {
                    File.Delete(file);
                }

                for (int i = madeFolders.Count - 1; i >= 0; i--)
                {
                    Directory.Delete(madeFolders[i]);
                }
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                removed = $"removing the partial --output failed too: {cleanup.Message}";
            }

            throw new IOException($"{current ?? output}: {e.Message} ({removed})", e);
        }

        // Makes a folder and each missing one above it up to the output, remembering those it made, outermost first.
        void MakeFolder(string folder)
        {
            var missing = new Stack<string>();
            for (string? f = folder; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
            {
                missing.Push(f);
            }

            while (missing.TryPop(out string? f))
            {
                Directory.CreateDirectory(f);
                madeFolders.Add(f);
            }
        }
    }

    /// <summary>Why the id lists cannot be written, or null: both options naming one file, a list on <c>--output</c>'s
    /// file or inside its folder, or a path <see cref="OutputFile.Problem"/> refuses (a folder, a missing folder, the
    /// input dataset, a file inside the input folder, a place that refuses a new file).</summary>
    private static string? ListsProblem(string root, string? keep, string? drop, string? output)
    {
        if (keep is not null && drop is not null && OutputFile.SameFile(keep, drop))
        {
            return $"--keep-list and --drop-list both name '{Path.GetFullPath(keep)}'; give each list its own file.";
        }

        bool folder = Directory.Exists(root);
        string[] inputs = folder || root == Datasets.Stdin ? [] : [root];
        foreach ((string option, string? path) in new[] { ("--keep-list", keep), ("--drop-list", drop) })
        {
            if (path is null)
            {
                continue;
            }

            if (output is not null && (OutputFile.SameFile(path, output) || (folder && OutputFile.IsInside(path, output))))
            {
                return $"{option} '{Path.GetFullPath(path)}' is {(folder ? "inside --output's folder, which holds only the documents kept" : "--output's file")}; write the list elsewhere.";
            }

            if (OutputFile.Problem(path, inputs, folder ? root : null) is { } problem)
            {
                return $"{option} {problem}";
            }
        }

        return null;
    }

    /// <summary>Writes an id list; a failure names the option.</summary>
    private static void WriteList(string path, string option, IEnumerable<string> ids)
    {
        try
        {
            OutputFile.Write(path, temp => File.WriteAllLines(temp, ids.Select(VerdictWriter.Printable), new UTF8Encoding(false)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {path}: {e.Message}", e);
        }
    }

    private static int Run(Settings s, TextWriter stdout, TextWriter stderr, out int found)
    {
        found = 0;
        var clock = Stopwatch.StartNew();
        var options = new IndexOptions(AnalysisOptions.Default, maxDegreeOfParallelism: s.Threads);
        CorpusSource source;
        IReadOnlyList<CopyGroup> groups;
        try
        {
            // The work runs under the progress display; what it prints comes after, so it never mixes with live bars.
            (source, groups) = StageProgress.Run(s.Progress, "dedup", stderr, progress =>
            {
                CorpusSource read = CorpusSource.Load(s.Root, s.Inputs, options, s.Learn, (stage, n, total) => progress?.Report(new ScanProgress(stage, n, total)));
                return (read, NearDupIndex.FindGroups(read.Documents, s.Kinds, s.Keep, read.Options, progress));
            });
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"neardup dedup: {e.Message}");
            return Program.UsageError;
        }

        List<AnalyzedDocument> documents = source.Documents;
        string fate = s.Output is null ? "neither kept nor dropped"
            : source.Files is null ? "neither kept nor dropped; written to --output as it was, since only copies are left out"
            : "neither kept nor dropped; not copied to --output";
        foreach (string skip in source.Skipped)
        {
            stderr.WriteLine($"neardup dedup: skipped {skip} ({fate})");
        }

        found = groups.Count;
        WriteGroups(groups, s.Jsonl, stdout);
        var dropped = new HashSet<string>(groups.SelectMany(g => g.Members.Where(m => m != g.Keep)), StringComparer.Ordinal);
        List<string> kept = documents.Select(d => d.Id).Where(id => !dropped.Contains(id)).ToList();
        if (s.KeepList is not null)
        {
            WriteList(s.KeepList, "--keep-list", kept);
        }

        if (s.DropList is not null)
        {
            WriteList(s.DropList, "--drop-list", documents.Select(d => d.Id).Where(dropped.Contains));
        }

        if (s.Output is not null && source.Files is { } files)
        {
            CopyKept(s.Output, files.ToDictionary(f => f.Id, f => f.Path, StringComparer.Ordinal), kept);
        }
        else if (s.Output is not null)
        {
            // By rows, not ids: the rows passed over have no id, or one that repeats an earlier row's.
            var droppedRows = new HashSet<long>();
            for (int i = 0; i < documents.Count; i++)
            {
                if (dropped.Contains(documents[i].Id))
                {
                    droppedRows.Add(source.Rows![i]);
                }
            }

            DatasetWriter.WriteWithout(s.Root, s.Output, droppedRows);
        }

        if (!s.Quiet)
        {
            FunctionWordsFile.ReportLearned(source.Learning, "dedup", stderr);
            stderr.WriteLine(
                $"neardup dedup: {documents.Count} documents, {source.Skipped.Count} skipped; {groups.Count} groups of copies; kept {kept.Count}, dropped {dropped.Count}" +
                (s.Output is null ? string.Empty : source.Files is null ? $" ({s.Output} holds the input without the dropped records)" : $" (what is kept is in {s.Output})") +
                $"; {clock.Elapsed.TotalSeconds:0.0} s.");
        }

        return Program.Success;
    }

    /// <summary>One line per group: JSON <c>{"group":n,"keep":id,"size":k,"members":[…]}</c>, or
    /// <c>group n (k): keep ID; drop ID, ID</c>. Groups are numbered from 1 in the order of their first member.</summary>
    internal static void WriteGroups(IReadOnlyList<CopyGroup> groups, bool jsonl, TextWriter stdout)
    {
        if (jsonl)
        {
            JsonLine.WriteAll(groups.Select((group, i) => (group, i)), stdout, (item, json) =>
            {
                json.WriteStartObject();
                json.WriteNumber("group", item.i + 1);
                json.WriteString("keep", item.group.Keep);
                json.WriteNumber("size", item.group.Members.Count);
                json.WriteStartArray("members");
                foreach (string member in item.group.Members)
                {
                    json.WriteStringValue(member);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        for (int g = 0; g < groups.Count; g++)
        {
            CopyGroup group = groups[g];
            stdout.WriteLine($"group {g + 1} ({group.Members.Count}): keep {VerdictWriter.Printable(group.Keep)}; drop {string.Join(", ", group.Members.Where(m => m != group.Keep).Select(VerdictWriter.Printable))}");
        }

        if (groups.Count == 0)
        {
            stdout.WriteLine("No copies found.");
        }

        stdout.Flush();
    }
}
