using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Cli.Inputs;
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
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Folder to de-duplicate, searched recursively." };
        var format = new Option<string>("--format", "-f") { Description = "Output format of the groups: text (one line per group) or jsonl (one JSON object per group).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var glob = new Option<string[]>("--glob", "-g") { Description = "File name pattern to read (repeatable).", DefaultValueFactory = _ => ["*.txt"], AllowMultipleArgumentsPerToken = true };
        var kinds = KindsOption.Create(
            "Kinds of copy that link two documents into one group (repeatable): exact, near-duplicate, contained, spun, all. Contained and spun copies link an excerpt to its source and can chain unlike texts, so they are a choice.",
            "exact",
            "near-duplicate");
        var keep = new Option<string>("--keep") { Description = "Which document of a group to keep: first (first id in ordinal order) or longest (most characters; ties go to the first).", DefaultValueFactory = _ => "first" };
        keep.AcceptOnlyFromAmong("first", "longest");
        var keepList = new Option<FileInfo?>("--keep-list") { Description = "Write the ids kept (every document not dropped), one per line, to this file." };
        var dropList = new Option<FileInfo?>("--drop-list") { Description = "Write the ids dropped, one per line, to this file." };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Copy the files kept into this folder (new or empty), at their paths under DIR: the folder without its copies." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: one per core).", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No summary on stderr." };
        var maxSize = TextInputs.MaxFileSizeOption();
        var command = new Command("dedup", "Group the files of a folder into copies of one another and keep one per group.")
        {
            dir, format, glob, kinds, keep, keepList, dropList, output, threads, quiet, maxSize,
        };

        command.SetAction(parse =>
        {
            DirectoryInfo root = parse.GetValue(dir)!;
            if (!root.Exists)
            {
                stderr.WriteLine($"neardup dedup: folder '{root.FullName}' does not exist.");
                return Program.UsageError;
            }

            if (parse.GetValue(threads) < 0)
            {
                stderr.WriteLine("neardup dedup: --threads must be 0 (one per core) or more.");
                return Program.UsageError;
            }

            DirectoryInfo? outputDir = parse.GetValue(output);
            if (outputDir is not null && OutputProblem(root, outputDir) is { } problem)
            {
                stderr.WriteLine($"neardup dedup: --output {problem}");
                return Program.UsageError;
            }

            if (TextInputs.MaxFileBytes(parse.GetValue(maxSize), "dedup", stderr) is not long maxBytes)
            {
                return Program.UsageError;
            }

            var settings = new Settings(
                root.FullName,
                parse.GetValue(glob)!,
                KindsOption.Parse(parse.GetValue(kinds)!),
                parse.GetValue(keep) == "longest" ? KeepRule.Longest : KeepRule.First,
                parse.GetValue(format) == "jsonl",
                parse.GetValue(keepList)?.FullName,
                parse.GetValue(dropList)?.FullName,
                outputDir?.FullName,
                parse.GetValue(threads),
                parse.GetValue(quiet),
                maxBytes);
            try
            {
                return Run(settings, stdout, stderr);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"neardup dedup: {e.Message}");
                return Index.IndexCommand.Failure;
            }
        });
        return command;
    }

    private sealed record Settings(
        string Root,
        IReadOnlyList<string> Patterns,
        CopyKinds Kinds,
        KeepRule Keep,
        bool Jsonl,
        string? KeepList,
        string? DropList,
        string? Output,
        int Threads,
        bool Quiet,
        long MaxBytes);

    /// <summary>Why a folder cannot receive the output, or null: it must be new or empty, and neither the input folder
    /// nor inside it (the next run would read the copies again).</summary>
    private static string? OutputProblem(DirectoryInfo root, DirectoryInfo output)
    {
        string input = Path.TrimEndingDirectorySeparator(root.FullName) + Path.DirectorySeparatorChar;
        string target = Path.TrimEndingDirectorySeparator(output.FullName) + Path.DirectorySeparatorChar;
        if (target.StartsWith(input, StringComparison.Ordinal))
        {
            return $"'{output.FullName}' is inside the folder being de-duplicated; choose a folder outside it.";
        }

        return output.Exists && output.EnumerateFileSystemInfos().Any()
            ? $"'{output.FullName}' is not empty; choose a new or empty folder."
            : null;
    }

    private static int Run(Settings s, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        InputListing listing;
        try
        {
            listing = TextInputs.List(s.Root, s.Patterns);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"neardup dedup: {e.Message}");
            return Program.UsageError;
        }

        var options = new IndexOptions(AnalysisOptions.Default, maxDegreeOfParallelism: s.Threads);
        var (documents, unread) = CorpusReader.Analyze(listing.Files, new DocumentAnalyzer(options.Analysis), options.Threads, null, default, s.MaxBytes);
        List<SkippedFile> skipped = [.. listing.Skipped, .. unread];
        foreach (SkippedFile file in skipped)
        {
            stderr.WriteLine($"neardup dedup: skipped {VerdictWriter.Printable(file.Path)}: {file.Reason} (neither kept nor dropped)");
        }

        IReadOnlyList<CopyGroup> groups = NearDupIndex.FindGroups(documents, s.Kinds, s.Keep, options);
        WriteGroups(groups, s.Jsonl, stdout);
        var dropped = new HashSet<string>(groups.SelectMany(g => g.Members.Where(m => m != g.Keep)), StringComparer.Ordinal);
        List<string> kept = documents.Select(d => d.Id).Where(id => !dropped.Contains(id)).ToList();
        if (s.KeepList is not null)
        {
            File.WriteAllLines(s.KeepList, kept.Select(VerdictWriter.Printable), new UTF8Encoding(false));
        }

        if (s.DropList is not null)
        {
            File.WriteAllLines(s.DropList, documents.Select(d => d.Id).Where(dropped.Contains).Select(VerdictWriter.Printable), new UTF8Encoding(false));
        }

        if (s.Output is not null)
        {
            Dictionary<string, string> paths = listing.Files.ToDictionary(f => f.Id, f => f.Path, StringComparer.Ordinal);
            foreach (string id in kept)
            {
                string target = Path.Combine(s.Output, id);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(paths[id], target);
            }
        }

        if (!s.Quiet)
        {
            stderr.WriteLine(
                $"neardup dedup: {documents.Count} documents, {skipped.Count} skipped; {groups.Count} groups of copies; kept {kept.Count}, dropped {dropped.Count}" +
                (s.Output is null ? string.Empty : $" (the kept files are in {s.Output})") + $"; {clock.Elapsed.TotalSeconds:0.0} s.");
        }

        return Program.Success;
    }

    /// <summary>One line per group: JSON <c>{"group":n,"keep":id,"size":k,"members":[…]}</c>, or
    /// <c>group n (k): keep ID; drop ID, ID</c>. Groups are numbered from 1 in the order of their first member.</summary>
    private static void WriteGroups(IReadOnlyList<CopyGroup> groups, bool jsonl, TextWriter stdout)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        for (int g = 0; g < groups.Count; g++)
        {
            CopyGroup group = groups[g];
            if (!jsonl)
            {
                stdout.WriteLine($"group {g + 1} ({group.Members.Count}): keep {VerdictWriter.Printable(group.Keep)}; drop {string.Join(", ", group.Members.Where(m => m != group.Keep).Select(VerdictWriter.Printable))}");
                continue;
            }

            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("group", g + 1);
                json.WriteString("keep", group.Keep);
                json.WriteNumber("size", group.Members.Count);
                json.WriteStartArray("members");
                foreach (string member in group.Members)
                {
                    json.WriteStringValue(member);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        if (groups.Count == 0 && !jsonl)
        {
            stdout.WriteLine("No copies found.");
        }

        stdout.Flush();
    }
}
