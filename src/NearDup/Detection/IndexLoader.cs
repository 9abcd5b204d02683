using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Detection;

/// <summary>
/// Fills a table from what a store streams: from its structure image when the store offers one the table can read
/// (then the snapshot's documents are not read at all when the image holds their records, and of each only the record
/// is decoded from an image of version 1), else by building the candidate structures from the
/// documents: it decodes them in chunks on all cores and adds each chunk at once, in the background while the store
/// reads and the loader decodes the next chunk, so that at most two chunks of payloads and decoded forms are alive at a
/// time. Documents the log appended after an image are added the same way.
/// </summary>
/// <remarks>
/// <para>
/// Opening 1,000,000 documents used 1.4 of 2 cores while the store read and the loader decoded on one thread between
/// adds; now that work overlaps the add of the previous chunk. Chunks are still added one at a time and in order, so
/// the index is the same. Measured gain on 2 cores: small and within the machine's noise (68–80 s against 72–77 s).
/// </para>
/// <para>
/// A payload that does not decode may be the first sign of damage the store's checksum will report when it reaches
/// the end of the section; so the loader remembers the payload's error, stops decoding and lets the store finish:
/// the store's error (naming file and offset) wins, and the payload's is thrown by <see cref="Finish"/> only when
/// the store found nothing. An error while adding is thrown by the next <see cref="Accept"/> that flushes a chunk,
/// or by <see cref="Finish"/>. Thread safety: not thread-safe.
/// </para>
/// </remarks>
internal sealed class IndexLoader(ResidentTable table, DocumentAnalyzer analyzer) : IStructureImageReader
{
    // A chunk's payloads and decoded forms (≈ 5 KB a document) live until the chunk is added. At 4,096 documents
    // (20 MB) they outlived the young generation and were collected in gen1: opening 1,000,000 documents took
    // 106 s with 13 s paused in 888 gen1 collections; at 512 it took 85 s with 4.8 s paused (128: no faster).
    private const int Chunk = 512;
    private readonly List<StoredDocument> _pending = new(Chunk);
    private ExceptionDispatchInfo? _failure;
    private Task? _adding;

    // A load whose store offered a structure image the table could read: the table built from it, the slot of each
    // snapshot document, and whether the snapshot's documents are all in.
    private ResidentTable? _imaged;
    private int[] _slotOfOrdinal = [];
    private bool _snapshotDone;

    /// <summary>The table being filled: the one read from the store's structure image, when there was one, else the
    /// one given.</summary>
    public ResidentTable Table => _imaged ?? table;

    /// <summary>Whether the log replaced a snapshot document in place, so that the table read from the image cannot
    /// answer as one built from the documents: the caller loads again without the image.</summary>
    public bool Spoiled { get; private set; }

    /// <summary>Whether the candidate structures came from the store's structure image.</summary>
    public bool FromImage => _imaged is not null;

    /// <inheritdoc/>
    public StructureImageUse Read(Stream input, ImageFile file, SnapshotTexts snapshot, out bool checkedItself)
    {
        _imaged = ResidentTable.ReadImage(table.Options, table.Source, input, file, snapshot, out _slotOfOrdinal, out checkedItself);
        if (_imaged is null)
        {
            return StructureImageUse.Declined;
        }

        // An image with the records needs none of the snapshot's documents: the snapshot is done already.
        _snapshotDone = _imaged.HoldsSnapshotRecords;
        return _snapshotDone ? StructureImageUse.Complete : StructureImageUse.NeedsRecords;
    }

    /// <inheritdoc/>
    public bool Holds(string id) => _imaged?.Contains(id) == true;

    /// <inheritdoc/>
    public int PayloadHead => DocumentPayload.RecordHead;

    /// <inheritdoc/>
    public int PayloadPrefix(ReadOnlySpan<byte> head) => DocumentPayload.RecordLength(head);

    /// <inheritdoc/>
    public void Discard()
    {
        _imaged?.Dispose();
        _imaged = null;
        _slotOfOrdinal = [];
        _snapshotDone = false;
    }

    public void Accept(StoredDocument document)
    {
        if (_failure is not null)
        {
            return;
        }

        if (document.SnapshotOrdinal >= 0)
        {
            AcceptRecord(document);
            return;
        }

        EndSnapshot();
        _pending.Add(document);
        if (_pending.Count == Chunk)
        {
            Flush();
        }
    }

    public void Finish()
    {
        if (_failure is null)
        {
            EndSnapshot();
            Flush();
        }

        WaitForAdding();
        _failure?.Throw();
    }

    /// <summary>Waits for the chunk being added, ignoring its error: for when the load has failed already.</summary>
    public void Abandon()
    {
        try
        {
            WaitForAdding();
        }
        catch (Exception e) when (e is ArgumentException or NearDupFormatException)
        {
            // The load's own error is the one the caller sees.
        }
        finally
        {
            _imaged?.Dispose(); // a table read from a mapped image holds the map
        }
    }

    /// <summary>Waits for the chunk being added and rethrows what adding it threw.</summary>
    private void WaitForAdding()
    {
        Task? adding = _adding;
        _adding = null;
        adding?.GetAwaiter().GetResult();
    }

    /// <summary>A snapshot document of a load from an image: only its record is decoded (its candidate data is in the
    /// image), on the reading thread, before any document is added (no add runs meanwhile).</summary>
    private void AcceptRecord(StoredDocument document)
    {
        if (_imaged is null || _snapshotDone || document.SnapshotOrdinal >= _slotOfOrdinal.Length)
        {
            _failure = ExceptionDispatchInfo.Capture(new NearDupFormatException($"{table.Source}: document '{document.Id}' comes as the snapshot's document {document.SnapshotOrdinal}, but the structure image lists {_slotOfOrdinal.Length}"));
            return;
        }

        if (document.Replaced)
        {
            // The image holds this document's old candidate data where it stood; an index built from the documents has
            // the new payload there. Nothing but a store written without NearDupIndex (which never adds an id it holds)
            // does this: the load is done again without the image.
            Spoiled = true;
            return;
        }

        try
        {
            byte[] compressed = DocumentPayload.DecodeRecord(document.Payload.Span, document.Id, table.Source, out ulong exact, out ulong simHash, out int textBytes);
            _imaged.PlaceRecord(_slotOfOrdinal[document.SnapshotOrdinal], new Resident(document.Id, exact, simHash, compressed, textBytes));
        }
        catch (NearDupFormatException e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>Once the snapshot's documents are all in: the image's documents that got no record leave the candidate
    /// structures (none, unless the store handed over fewer than its image lists: the store offers no image when the
    /// log removes a snapshot document).</summary>
    private void EndSnapshot()
    {
        if (_imaged is null || _snapshotDone)
        {
            return;
        }

        _snapshotDone = true;
        _imaged.RemoveUnplaced();
    }

    /// <summary>A version 1 payload holds only the text: it is analysed here, and its compressed text kept as it is.</summary>
    private StoredForm AnalyzeVersion1(ReadOnlySpan<byte> payload, string id)
    {
        string text = DocumentPayload.DecodeVersion1(payload, id, table.Source, out byte[] compressed, out int textBytes);
        return StoredForm.From(analyzer.Analyze(id, text), compressed, textBytes);
    }

    private void Flush()
    {
        // Version 2 payloads carry the candidate data: decoding them is reading small arrays, no tokenising.
        // Version 1 payloads (text only) are analysed as before.
        int n = _pending.Count;
        var forms = new StoredForm[n];
        try
        {
            Parallelism.For(n, i =>
            {
                StoredDocument d = _pending[i];
                ReadOnlySpan<byte> payload = d.Payload.Span;
                forms[i] = DocumentPayload.ReadVersion(payload, d.Id, table.Source) == DocumentPayload.Version1
                    ? AnalyzeVersion1(payload, d.Id)
                    : DocumentPayload.DecodeForm(payload, d.Id, table.Source, Table.Options.Analysis);
            });
        }
        catch (NearDupFormatException e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _pending.Clear();
            return;
        }

        var chunk = new (string Id, StoredForm Form)[n];
        for (int i = 0; i < n; i++)
        {
            chunk[i] = (_pending[i].Id, forms[i]);
        }

        _pending.Clear();
        WaitForAdding();
        ResidentTable target = Table;
        _adding = Task.Run(() => target.AddRange(chunk, bulk: true));
    }
}
