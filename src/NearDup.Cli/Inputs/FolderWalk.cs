using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using Microsoft.Extensions.FileSystemGlobbing;

namespace NearDup.Cli.Inputs;

/// <summary>The files of a folder a command reads, sorted by id, and what the listing passed over and why.</summary>
/// <param name="Files">(id, path) pairs: the id is the path relative to the folder with '/' separators.</param>
/// <param name="Skipped">Folders and files passed over: unreadable folders, links that lead back into what was read or
/// to a file already listed, broken links.</param>
internal sealed record InputListing(List<(string Id, string Path)> Files, List<SkippedFile> Skipped);

/// <summary>
/// Lists the files under a folder that match file patterns, without ever leaving a loop of symbolic links, reading a
/// file twice, or matching a path outside the folder.
/// </summary>
/// <remarks>
/// <para>
/// A pattern without a '/' (<c>*.txt</c>) matches a file's name at any depth; a pattern with one (<c>notes/**/*.md</c>)
/// matches its path under the folder, with <c>**</c> for any number of folders (Microsoft.Extensions.FileSystemGlobbing).
/// A pattern is always matched under the folder: an absolute pattern, or one with a <c>..</c> segment, is refused.
/// </para>
/// <para>
/// A symbolic link to a folder is followed unless the folder it leads to was read already (the folder itself, an
/// ancestor, a folder under the root, or another link's target): that is how a link to a parent no longer makes the
/// listing endless. Links are followed only once every real folder is read, so a folder under the root keeps its own
/// path whatever links lead to it. A file
/// reached by several paths (a link to a file of the folder) is listed once, under a path that is not a link when
/// there is one. Folders whose entries cannot be read are reported, not silently left out.
/// </para>
/// <para>Thread safety: stateless.</para>
/// </remarks>
internal static class FolderWalk
{
    /// <summary>Lists the files under <paramref name="root"/> that match any of <paramref name="patterns"/> and none of
    /// <paramref name="excludes"/>.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="patterns">File patterns, as described on the class.</param>
    /// <param name="excludes">Patterns of files to leave out, written the same way; null for none.</param>
    /// <returns>The files, sorted by id, and what was passed over.</returns>
    /// <exception cref="ArgumentException">A pattern is empty, absolute or climbs out of the folder.</exception>
    public static InputListing List(string root, IReadOnlyList<string> patterns, IReadOnlyList<string>? excludes = null)
    {
        Matcher matcher = Compile(patterns, excludes ?? []);
        string rootFull = Path.GetFullPath(root);
        var visited = new HashSet<string>(StringComparer.Ordinal) { RealFolder(new DirectoryInfo(rootFull)) };
        var found = new List<(string Id, string Path, string Target, bool ViaLink)>();
        var skipped = new List<SkippedFile>();
        var pending = new Stack<(string Folder, string Id)>();
        pending.Push((rootFull, string.Empty));

        // Links to folders wait until every real folder is read, so a folder is listed under its own path when it is
        // under the root, and a link to it is the one passed over.
        var links = new Queue<(string Link, string Id, string Target)>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        while (pending.Count > 0 || links.Count > 0)
        {
            if (pending.Count == 0)
            {
                var (link, linkId, real) = links.Dequeue();
                if (visited.Add(real))
                {
                    pending.Push((link, linkId));
                }
                else
                {
                    skipped.Add(new SkippedFile(link, $"symbolic link to {real}, a folder read already: not followed"));
                }

                continue;
            }

            var (folder, folderId) = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
            {
                skipped.Add(new SkippedFile(folder, $"unreadable folder, its files are left out: {e.Message}"));
                continue;
            }

            foreach (FileSystemInfo entry in entries)
            {
                string id = folderId.Length == 0 ? entry.Name : folderId + "/" + entry.Name;
                bool viaLink = entry.LinkTarget is not null;
                FileSystemInfo target = entry;
                if (viaLink)
                {
                    try
                    {
                        target = entry.ResolveLinkTarget(returnFinalTarget: true) ?? entry;
                    }
                    catch (IOException e)
                    {
                        skipped.Add(new SkippedFile(entry.FullName, $"symbolic link that cannot be followed: {e.Message}"));
                        continue;
                    }

                    if (!target.Exists)
                    {
                        skipped.Add(new SkippedFile(entry.FullName, $"broken symbolic link (to {entry.LinkTarget})"));
                        continue;
                    }
                }

                if (!viaLink && !entry.Exists)
                {
                    // Listed but not found by its name: a name whose bytes are not UTF-8 (.NET replaced them), or a file
                    // removed since the listing.
                    skipped.Add(new SkippedFile(entry.FullName, entry.Name.Contains('\uFFFD', StringComparison.Ordinal)
                        ? TextInputs.NameNotUtf8
                        : "removed while the folder was listed"));
                    continue;
                }

                if ((target.Attributes & FileAttributes.Directory) != 0)
                {
                    string real = Path.GetFullPath(target.FullName);
                    if (viaLink)
                    {
                        links.Enqueue((entry.FullName, id, real));
                    }
                    else if (visited.Add(real))
                    {
                        pending.Push((entry.FullName, id));
                    }
                }
                else
                {
                    found.Add((id, entry.FullName, Path.GetFullPath(target.FullName), viaLink));
                }
            }
        }

        // A file reached by several paths is read once: under a path that is not a link if it has one, else its first id.
        var files = new List<(string Id, string Path)>();
        var firstId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in found.Where(f => Matches(matcher, f.Id)).OrderBy(f => f.ViaLink).ThenBy(f => f.Id, StringComparer.Ordinal))
        {
            if (firstId.TryGetValue(f.Target, out string? first))
            {
                skipped.Add(new SkippedFile(f.Path, $"the same file as {first}, read once"));
                continue;
            }

            firstId[f.Target] = f.Id;
            files.Add((f.Id, f.Path));
        }

        files.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        skipped.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
        if (files.Count == 0 && found.Count > 0)
        {
            // Nothing read from a folder that has files is most often a folder of datasets, or another extension: say so
            // rather than report no documents and no copies.
            string example = found.Select(f => f.Id).Min(StringComparer.Ordinal)!;
            string globs = string.Join(' ', patterns.Select(p => $"--glob '{p}'"));
            string leftOut = excludes is { Count: > 0 } ? " outside " + string.Join(' ', excludes.Select(p => $"--exclude '{p}'")) : "";
            skipped.Insert(0, new SkippedFile(rootFull, $"no file matches {globs}{leftOut} ({found.Count} file{(found.Count == 1 ? "" : "s")} there, e.g. {example}); --glob chooses a folder's files, and scan, dedup and index read a dataset file (JSON Lines, CSV, TSV, Parquet) given itself as the input"));
        }

        return new InputListing(files, skipped);
    }

    /// <summary>Why the patterns would be refused by <see cref="List"/>, or null: for the commands to check them with
    /// their other options, before anything is read or written.</summary>
    /// <param name="patterns">The <c>--glob</c> patterns.</param>
    /// <param name="excludes">The <c>--exclude</c> patterns.</param>
    /// <returns>The message of the first pattern refused, naming its option and the pattern; null when all are sound.</returns>
    public static string? Problem(IReadOnlyList<string> patterns, IReadOnlyList<string> excludes)
    {
        try
        {
            Compile(patterns, excludes);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>Checks the patterns and compiles them into one matcher.</summary>
    /// <exception cref="ArgumentException">A pattern is empty, absolute or climbs out of the folder.</exception>
    private static Matcher Compile(IReadOnlyList<string> patterns, IReadOnlyList<string> excludes)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (string pattern in patterns)
        {
            matcher.AddInclude(Checked(pattern, "--glob"));
        }

        foreach (string pattern in excludes)
        {
            matcher.AddExclude(Checked(pattern, "--exclude"));
        }

        return matcher;
    }

    /// <summary>A pattern as the matcher takes it: one without '/' matches names at any depth.</summary>
    /// <exception cref="ArgumentException">The pattern is empty, absolute or climbs out of the folder.</exception>
    private static string Checked(string pattern, string option)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException($"{option}: a pattern is empty.");
        }

        string[] segments = pattern.Split('/', '\\');
        if (Path.IsPathRooted(pattern) || segments.Contains(".."))
        {
            throw new ArgumentException($"{option} {pattern}: patterns are matched under the folder, so they cannot be absolute or contain '..'.");
        }

        return pattern.Contains('/') ? pattern : "**/" + pattern;
    }

    private static bool Matches(Matcher matcher, string id) => matcher.Match(id).HasMatches;

    /// <summary>The folder a path leads to after its own link, if it is one.</summary>
    private static string RealFolder(DirectoryInfo folder) =>
        Path.GetFullPath(folder.LinkTarget is null ? folder.FullName : (folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder.FullName));
}
