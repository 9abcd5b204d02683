using System;
using System.Collections.Generic;
using System.IO;
using NearDup.Storage;

namespace NearDup.Detection;

/// <summary>
/// The store's live documents as a compaction reads them beside the table (<see cref="ResidentTable.RebuildInto"/>):
/// each id looked for from where the last one was found, so that a sequence in the table's slot order is read once.
/// </summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class StoredSource : IDisposable
{
    private readonly IEnumerator<StoredDocument>? _documents;
    private bool _left;

    /// <summary>Starts reading a sequence.</summary>
    /// <param name="documents">The sequence, or null for none (every <see cref="Find"/> then finds nothing).</param>
    public StoredSource(IEnumerable<StoredDocument>? documents)
    {
        _documents = documents?.GetEnumerator();
        _left = _documents is not null;
    }

    /// <summary>The payload of the next document with this id, skipping the documents before it; null (and nothing
    /// left to find) when the sequence ends first.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The payload, or null.</returns>
    /// <exception cref="StoredPayloadsUnusableException">Reading the sequence failed.</exception>
    public ReadOnlyMemory<byte>? Find(string id)
    {
        while (Next())
        {
            StoredDocument document = _documents!.Current;
            if (string.Equals(document.Id, id, StringComparison.Ordinal))
            {
                return document.Payload;
            }
        }

        _left = false;
        return null;
    }

    /// <summary>Reads what is left of the sequence, so that every checksum over what was found has been checked.</summary>
    /// <exception cref="StoredPayloadsUnusableException">Reading the sequence failed.</exception>
    public void ReadToEnd()
    {
        while (Next())
        {
        }

        _left = false;
    }

    /// <summary>Stops reading (the store's reader thread, if any, with it).</summary>
    public void Dispose() => _documents?.Dispose();

    /// <summary>Moves to the next document, if any is left; a failure to read it becomes the exception callers expect.</summary>
    private bool Next()
    {
        try
        {
            return _left && _documents!.MoveNext();
        }
        catch (Exception e) when (e is NearDupFormatException or IOException or UnauthorizedAccessException)
        {
            throw new StoredPayloadsUnusableException($"the stored documents could not be read again ({e.Message.TrimEnd('.')})", e);
        }
    }
}

/// <summary>Reading the store's documents again for a compaction failed, or a copy checked against the analysis of its
/// text differs: what it copied cannot be trusted, and the compaction starts again, analysing every document.</summary>
/// <param name="message">What was wrong.</param>
/// <param name="inner">The error reading the documents, if that was it.</param>
/// <param name="analysisDiffers">Whether a stored analysis differs from this build's for the same text: then the
/// structures in memory, made from stored analyses too, are not this build's either.</param>
internal sealed class StoredPayloadsUnusableException(string message, Exception? inner = null, bool analysisDiffers = false) : Exception(message, inner)
{
    /// <summary>Whether a stored analysis differs from this build's for the same text.</summary>
    public bool AnalysisDiffers => analysisDiffers;
}

/// <summary>How many documents a rebuild copied from the store and how many it analysed again.</summary>
/// <remarks>Thread safety: not thread-safe (counted by the enumerating thread).</remarks>
internal sealed class RebuildTally
{
    /// <summary>Documents whose stored payload was copied.</summary>
    public int Copied { get; private set; }

    /// <summary>Documents analysed again from their text.</summary>
    public int Analysed { get; private set; }

    /// <summary>Why copying was given up for analysing every document (the error reading the store's documents, or a
    /// copy that differs from its analysis), or null when it was not.</summary>
    public string? GaveUpCopying { get; init; }

    /// <summary>Adds a chunk's counts.</summary>
    /// <param name="copied">Copied.</param>
    /// <param name="analysed">Analysed.</param>
    public void Count(int copied, int analysed)
    {
        Copied += copied;
        Analysed += analysed;
    }
}
