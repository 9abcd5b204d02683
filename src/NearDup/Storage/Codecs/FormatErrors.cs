using System;

namespace NearDup.Storage.Codecs;

/// <summary>
/// The one wording of format errors, shared by <see cref="SpanReader"/> and the file readers: a message is
/// "<c>source: subject problem</c>", the subject a singular noun phrase ("document 'x' payload version 2",
/// "options format 2", "section DOCS", "batch at offset 4096") or nothing for the file as a whole, and the three
/// problems every reader meets are always phrased the same way.
/// </summary>
internal static class FormatErrors
{
    /// <summary>Builds the exception: "<c>source: subject problem</c>", or "<c>source: problem</c>" without a subject.</summary>
    /// <param name="source">The file or store the bytes came from.</param>
    /// <param name="subject">What was being read, or null for the whole file.</param>
    /// <param name="problem">What is wrong, phrased to follow the subject.</param>
    /// <param name="inner">The cause, if any.</param>
    public static NearDupFormatException Create(string source, string? subject, string problem, Exception? inner = null)
    {
        string message = subject is null ? $"{source}: {problem}" : $"{source}: {subject} {problem}";
        return inner is null ? new NearDupFormatException(message) : new NearDupFormatException(message, inner);
    }

    /// <summary>Truncation: "ended after 812 of 816 bytes while reading text length at offset 812".</summary>
    /// <param name="length">How many bytes the subject has.</param>
    /// <param name="needed">How many it would need, counted from the same start, to hold the field.</param>
    /// <param name="what">The field.</param>
    /// <param name="offset">Where the field starts.</param>
    public static string EndedAfter(long length, long needed, string what, long offset) =>
        $"ended after {length} of {needed} bytes while reading {what} at offset {offset}";

    /// <summary>
    /// A count or length larger than the bytes left, found before anything is allocated: "claims 3 function-word
    /// hashes (24 bytes) at offset 147, but only 23 bytes follow", or for single bytes "claims 4294967295 bytes of
    /// compressed text at offset 9, but only 812 bytes follow".
    /// </summary>
    /// <param name="count">The count read.</param>
    /// <param name="itemSize">Bytes per item; 1 for a length in bytes.</param>
    /// <param name="what">The items, plural ("function-word hashes"), or for <paramref name="itemSize"/> 1 what the bytes hold.</param>
    /// <param name="offset">Where the items would start.</param>
    /// <param name="left">How many bytes are left there.</param>
    public static string Claims(ulong count, int itemSize, string what, long offset, long left) =>
        itemSize == 1
            ? $"claims {count} bytes of {what} at offset {offset}, but only {left} bytes follow"
            : $"claims {count} {what} ({count * (ulong)itemSize} bytes) at offset {offset}, but only {left} bytes follow";

    /// <summary>Bytes after the end: "has 1 unexpected bytes after offset 812".</summary>
    /// <param name="extra">How many bytes are left over.</param>
    /// <param name="offset">Where the subject should have ended.</param>
    public static string LeftOver(long extra, long offset) => $"has {extra} unexpected bytes after offset {offset}";
}
