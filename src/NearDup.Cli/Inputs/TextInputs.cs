using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Text.Json;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Where the commands get their documents: the files of a folder, one file's text, JSON lines on standard input.
/// </summary>
/// <remarks>
/// One reader, so that <c>scan</c>, <c>index</c> and <c>explain</c> read a file the same way (strict UTF-8, a leading
/// BOM dropped, an empty file refused) and give the same reason when they cannot: "empty file", "not valid UTF-8
/// (invalid byte at offset N)", "unreadable: …". Each command puts its own prefix and path before the reason.
/// Thread safety: stateless; safe to call concurrently (scan reads files in parallel).
/// </remarks>
internal static class TextInputs
{
    // Strict: a file that is not UTF-8 is skipped with the offset of its first bad byte, never read with U+FFFD in it.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lists files under <paramref name="root"/> matching any pattern, sorted by id (path relative to root, '/' separators).</summary>
    /// <param name="root">The folder, searched recursively.</param>
    /// <param name="patterns">File name patterns (<c>*.txt</c>); a file matching several is listed once.</param>
    /// <returns>(id, path) pairs; each path is <paramref name="root"/> joined with the file's relative path.</returns>
    public static List<(string Id, string Path)> List(string root, IReadOnlyList<string> patterns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<(string, string)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive, AttributesToSkip = 0 };
        foreach (string pattern in patterns)
        {
            foreach (string path in Directory.EnumerateFiles(root, pattern, options))
            {
                string id = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                if (seen.Add(id))
                {
                    files.Add((id, path));
                }
            }
        }

        files.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1));
        return files;
    }

    /// <summary>Reads a file as strict UTF-8, dropping a leading byte order mark.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Receives the text; null when the file cannot be read.</param>
    /// <param name="reason">Receives why the file cannot be read, without its path ("empty file", "not valid UTF-8
    /// (invalid byte at offset N)" counting from after the BOM, "unreadable: …"); null when it can.</param>
    /// <returns>Whether the file was read.</returns>
    public static bool TryReadText(string path, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? reason)
    {
        text = null;
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                reason = "empty file";
                return false;
            }

            ReadOnlySpan<byte> span = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes;
            text = StrictUtf8.GetString(span);
            reason = null;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            reason = $"not valid UTF-8 (invalid byte at offset {e.Index})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"unreadable: {e.Message}";
        }

        return false;
    }

    /// <summary>Yields (id, text) from files, folders and standard input, or an error naming what could not be read.</summary>
    /// <param name="inputs">Paths of files or folders, or <c>-</c> for JSON lines on <paramref name="stdin"/>; read in this order.</param>
    /// <param name="patterns">File name patterns for the files of a folder (<see cref="List"/>).</param>
    /// <param name="stdin">Standard input.</param>
    /// <returns>For each document, its id and text (a folder's files take ids relative to it, a file its path as given
    /// with '/' separators), or an error starting with the path or stdin line it is about.</returns>
    public static IEnumerable<(string? Id, string? Text, string? Error)> Read(string[] inputs, string[] patterns, TextReader stdin)
    {
        foreach (string input in inputs)
        {
            if (input == "-")
            {
                foreach (var document in ReadJsonLines(stdin))
                {
                    yield return document;
                }

                continue;
            }

            if (Directory.Exists(input))
            {
                foreach (var (id, file) in List(input, patterns))
                {
                    yield return ReadFile(id, file);
                }
            }
            else if (File.Exists(input))
            {
                yield return ReadFile(input.Replace(Path.DirectorySeparatorChar, '/'), input);
            }
            else
            {
                yield return (null, null, $"{input}: no such file or folder");
            }
        }
    }

    /// <summary>Yields the documents of JSON lines <c>{"id":…,"text":…}</c>, one a line; blank lines are passed over.</summary>
    /// <param name="stdin">The lines, read to the end.</param>
    /// <returns>For each line that is not blank, its id and text, or an error starting "stdin line N:" (counting every line from 1).</returns>
    public static IEnumerable<(string? Id, string? Text, string? Error)> ReadJsonLines(TextReader stdin)
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
    }

    private static (string? Id, string? Text, string? Error) ReadFile(string id, string path) =>
        TryReadText(path, out string? text, out string? reason) ? (id, text, null) : (null, null, $"{path}: {reason}");

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
