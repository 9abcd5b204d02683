using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;

namespace NearDup.Cli.Inputs;

/// <summary>
/// How the commands read files: the files of a folder, one file's text (records of datasets are <see cref="Datasets"/>,
/// and the two together, for the index, <see cref="InputDocuments"/>).
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

    /// <summary>About how many times its size in UTF-8 bytes analysing a text takes in memory (measured with
    /// <c>analysis-memory</c> in benchmarks/: a text of 50 million ASCII characters analyses under a 1.1 GB heap).</summary>
    public const int MemoryPerByte = 20;

    /// <summary>Files larger than this are skipped unless a command is told otherwise (<c>--max-file-size</c>): analysing
    /// a text takes about <see cref="MemoryPerByte"/> times its size in memory.</summary>
    public const long DefaultMaxFileBytes = DefaultMaxFileMegabytes << 20;

    /// <summary>Why a file whose name the file system gave in bytes that are not UTF-8 cannot be read (.NET replaces the
    /// bad bytes, and the replaced name opens nothing).</summary>
    public const string NameNotUtf8 = "its name is not valid UTF-8, so it cannot be opened by name";

    /// <summary><see cref="DefaultMaxFileBytes"/> in MiB, as <c>--max-file-size</c> takes it.</summary>
    public const long DefaultMaxFileMegabytes = 64;

    /// <summary><c>--max-file-size MB</c>, shared by the commands that read folders.</summary>
    /// <returns>A new option.</returns>
    public static System.CommandLine.Option<long> MaxFileSizeOption() => new("--max-file-size")
    {
        Description = $"Largest file read, in MiB (default {DefaultMaxFileMegabytes}); larger files are skipped with a reason. Analysing a text takes about {MemoryPerByte} times its size in memory.",
        DefaultValueFactory = _ => DefaultMaxFileMegabytes,
    };

    /// <summary>The bytes a <c>--max-file-size</c> value allows, or null (with the message written) when it is out of range.</summary>
    /// <param name="megabytes">The option's value.</param>
    /// <param name="command">The command's name, for the message.</param>
    /// <param name="stderr">Receives the message.</param>
    /// <returns>The limit in bytes, or null.</returns>
    public static long? MaxFileBytes(long megabytes, string command, TextWriter stderr)
    {
        if (megabytes is < 1 or > 1L << 20)
        {
            stderr.WriteLine($"neardup {command}: --max-file-size must be between 1 and {1L << 20} (MiB).");
            return null;
        }

        return megabytes << 20;
    }

    /// <summary>Lists the files under <paramref name="root"/> that match any pattern (see <see cref="FolderWalk"/>).</summary>
    /// <param name="root">The folder, searched recursively.</param>
    /// <param name="patterns">File patterns (<c>*.txt</c>, <c>docs/**/*.md</c>); a file matching several is listed once.</param>
    /// <param name="excludes">Patterns of files to leave out (<c>--exclude</c>), written the same way; null for none.</param>
    /// <returns>(id, path) pairs sorted by id, and what the listing passed over.</returns>
    /// <exception cref="ArgumentException">A pattern is empty, absolute or climbs out of the folder.</exception>
    public static InputListing List(string root, IReadOnlyList<string> patterns, IReadOnlyList<string>? excludes = null) => FolderWalk.List(root, patterns, excludes);

    /// <summary>Reads a file as strict UTF-8, dropping a leading byte order mark; never more bytes than the file had when
    /// it was opened, and nothing from a file over <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Receives the text; null when the file cannot be read.</param>
    /// <param name="reason">Receives why the file cannot be read, without its path ("empty file, or not a regular file",
    /// "… MB, over the limit of … MB", "not valid UTF-8 (invalid byte at offset N)" counting from after the BOM,
    /// "unreadable: …"); null when it can.</param>
    /// <param name="maxBytes">The largest file read.</param>
    /// <returns>Whether the file was read.</returns>
    /// <remarks>A file whose size is 0 is never opened: an empty file has nothing to read, and a named pipe, a device or
    /// a socket (whose size is 0 too) would block the read or never end it.</remarks>
    public static bool TryReadText(string path, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? reason, long maxBytes = DefaultMaxFileBytes)
    {
        text = null;
        try
        {
            var info = new FileInfo(path);
            FileSystemInfo target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            long size = target is FileInfo file && file.Exists ? file.Length : 0;
            if (!target.Exists && path.Contains('\uFFFD', StringComparison.Ordinal))
            {
                // The file system gave a name that is not UTF-8; .NET replaced its bad bytes, and the replaced name opens nothing.
                reason = NameNotUtf8;
                return false;
            }

            if (!target.Exists)
            {
                if (Directory.Exists(target.FullName))
                {
                    reason = "a folder, not a file";
                    return false;
                }

                throw new FileNotFoundException($"Could not find file '{path}'.");
            }

            if (size == 0)
            {
                reason = "empty file, or not a regular file (a pipe, a device or a socket)";
                return false;
            }

            if (size > maxBytes)
            {
                reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{size:N0} bytes, over the limit of {maxBytes:N0} bytes (--max-file-size)");
                return false;
            }

            byte[] bytes = new byte[size];
            using (FileStream stream = File.OpenRead(target.FullName))
            {
                int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                bytes = read == bytes.Length ? bytes : bytes[..read];
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
}
