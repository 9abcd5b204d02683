using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Detection;

/// <summary>
/// What an embedded index holds: the candidate structures (<see cref="CandidateIndex"/>) and, under the same keys, each
/// document's record (id, hashes, compressed text): in memory, or, for the documents of a snapshot whose structure image
/// holds their records, in <see cref="SnapshotRecords"/> with the texts left in the snapshot file.
/// </summary>
/// <remarks>
/// <para>
/// Memory: per document added since the last compaction (or of an index that keeps no image) the table keeps its id,
/// its two hashes and its compressed text (about half of a plain-text article) besides the candidate
/// structures; per document of an image's snapshot about 60 bytes and its id's UTF-8 bytes, the text being read from
/// the file (<see cref="SnapshotTexts"/>) when a candidate is fetched. What the verifier reads of a document (tokens,
/// shingles, the shingle set: about twelve times the text) is rebuilt from the compressed text when a query must verify
/// it.
/// </para>
/// <para>
/// A removed document stays in the candidate structures as a tombstone that lookups skip; its record is dropped at
/// once. A new table of the live documents (<see cref="RebuildInto"/>) drops the tombstones.
/// </para>
/// <para>Thread safety: concurrent reads are safe without concurrent adds or removes; its owner serialises writes.</para>
/// </remarks>
internal sealed class ResidentTable : IDisposable
{
    private readonly List<Resident?> _documents = new(); // the records held in memory, by slot
    private Dictionary<string, int> _byId = new(StringComparer.Ordinal); // their ids

    // The snapshot's documents when an image holds their records: the records, the file their texts are in (owned by
    // the store), which of its slots are still live (a bit per slot), and how many.
    private SnapshotRecords? _snapshot;
    private SnapshotTexts? _texts;
    private ulong[] _snapshotLive = [];
    private int _snapshotCount;

    // The snapshot's structure image mapped, when the passage indexes are read in place from it (version 3), and where
    // the last WriteImage started the candidate image in the table image (for AdoptSnapshot to fold into it).
    private MappedImage? _mapped;
    private long _candidatesAt = -1;

    /// <summary>Creates an empty table.</summary>
    /// <param name="options">The index options.</param>
    /// <param name="source">The index's name, for errors about a corrupt compressed text.</param>
    public ResidentTable(IndexOptions options, string source)
    {
        Options = options;
        Source = source;
        Candidates = new CandidateIndex(options.CandidateSettings);
    }

    /// <summary>A table over candidate structures read from an image: every slot empty until its record is placed.</summary>
    private ResidentTable(IndexOptions options, string source, CandidateIndex candidates)
    {
        Options = options;
        Source = source;
        Candidates = candidates;
        CollectionsMarshal.SetCount(_documents, candidates.Slots);
    }

    /// <summary>The version of the table image's own part (<see cref="WriteImage"/>); the candidate structures' image
    /// that follows it carries its own.</summary>
    private const uint ImageVersion = 4;

    /// <summary>The version before the directory held a checksum per 64 KiB block: every part is read and hashed whole at
    /// open, the mapped passage tables included (through the page cache into one reused buffer).</summary>
    private const uint ImageVersionWithoutBlocks = 3;

    /// <summary>The version before the image was cut into parts, each with its own checksum: read from the section's
    /// stream front to back, checked by the section's checksum.</summary>
    private const uint ImageVersionWithoutParts = 2;

    /// <summary>The version before the records were in the image: still read, its records coming from the documents.</summary>
    private const uint ImageVersionWithoutRecords = 1;

    /// <summary>The index options.</summary>
    public IndexOptions Options { get; }

    /// <summary>The index's name in errors.</summary>
    public string Source { get; }

    /// <summary>The candidate structures; a document's slot in this table is its key there.</summary>
    public CandidateIndex Candidates { get; }

    /// <summary>Documents held (removed ones not counted).</summary>
    public int Count => _byId.Count + _snapshotCount;

    /// <summary>Whether the candidate structures' passage indexes are read in place from the snapshot's mapped image.</summary>
    public bool MapsImage => _mapped is not null;

    /// <summary>Whether a block of the mapped image's passage tables does not match its checksum: checks every block not
    /// checked yet (image version 4; an image checked whole at open, or none, has nothing left to find).</summary>
    /// <returns>True when the image is damaged, so that a compaction must build the structures from the documents.</returns>
    public bool MappedImageIsDamaged() => _mapped?.Damage() is not null;

    /// <summary>Whether the mapped image's passage tables are checked block by block when first read (image version 4)
    /// rather than having been hashed whole at open (for tests).</summary>
    internal bool ChecksBlocksWhenRead => _mapped?.Blocks is not null;

    /// <summary>Unmaps the snapshot's structure image, if the passage indexes read it in place: call once no lookup will
    /// start on this table any more (one still running keeps the map until it ends; see <see cref="MappedImage"/>).</summary>
    public void Dispose() => _mapped?.Dispose();

    /// <summary>Whether the snapshot's documents' records come from a structure image, their texts read from the file.</summary>
    public bool HoldsSnapshotRecords => _snapshot is not null;

    /// <summary>Slots handed out, removed documents included.</summary>
    public int Slots => _documents.Count;

    /// <summary>Slots of removed documents still held by the candidate structures (lookups skip them).</summary>
    public int Tombstones => _documents.Count - Count;

    /// <summary>Whether removed documents are a quarter or more of the slots: then their tombstones cost more than a
    /// rebuild's second table costs while it runs.</summary>
    public bool WorthRebuilding => Tombstones > 0 && Tombstones * 4L >= _documents.Count;

    /// <summary>The record in a slot, with its compressed text (read from the snapshot file for a document of an image's
    /// snapshot), or null when the slot is out of range or its document was removed.</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The record, or null.</returns>
    /// <remarks>Safe from several threads at once, as reads of the table are.</remarks>
    /// <exception cref="NearDupFormatException">The text read from the file does not match its checksum (the error names
    /// the file, the document and the offset).</exception>
    public Resident? Fetch(int slot)
    {
        if ((uint)slot >= (uint)_documents.Count)
        {
            return null;
        }

        if (_documents[slot] is { } resident)
        {
            return resident;
        }

        if (!IsSnapshotLive(slot))
        {
            return null;
        }

        ref readonly TextRecord r = ref _snapshot![slot];
        string id = _snapshot.Id(slot);
        return new Resident(id, r.ExactHash, r.SimHash, _texts!.Read(r.TextOffset, r.CompressedLength, r.Checksum, id), r.TextBytes);
    }

    /// <summary>Whether a document with this id is held.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when held.</returns>
    public bool Contains(string id) => _byId.ContainsKey(id) || SnapshotSlot(id) >= 0;

    /// <summary>Adds documents from their stored forms, all or (on an error) none, filling the candidate structures
    /// with one batch (see <see cref="CandidateIndex.AddRange"/>).</summary>
    /// <param name="documents">(id, stored form) pairs; ids distinct and not yet held.</param>
    /// <param name="bulk">Whether this is one chunk of a bulk load (the caller calls <see cref="PackPassages"/> at its end).</param>
    /// <exception cref="ArgumentException">An id is repeated or already held, or a sketch was made under other
    /// parameters; nothing is added.</exception>
    public void AddRange(IReadOnlyList<(string Id, StoredForm Form)> documents, bool bulk)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fingerprints = new DocumentFingerprints[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            var (id, form) = documents[i];
            CheckNew(id, nameof(documents));
            if (!seen.Add(id))
            {
                throw new ArgumentException($"document id '{id}' occurs twice.", nameof(documents));
            }

            fingerprints[i] = Fingerprints(form);
        }

        int first = Candidates.AddRange(fingerprints, bulk);
        foreach (var (id, form) in documents)
        {
            _byId.Add(id, _documents.Count);
            _documents.Add(new Resident(id, form.ExactHash, form.SimHash, form.CompressedText, form.TextBytes));
        }

        System.Diagnostics.Debug.Assert(first + documents.Count == _documents.Count, "the candidate structures and the records are numbered alike");
    }

    /// <summary>Adds one document from its stored form.</summary>
    /// <param name="id">Its id, not yet held.</param>
    /// <param name="form">Its stored form.</param>
    /// <exception cref="ArgumentException">The id is already held, or a sketch was made under other parameters.</exception>
    public void Add(string id, StoredForm form)
    {
        CheckNew(id, nameof(id));
        int slot = Candidates.Add(Fingerprints(form));
        _byId.Add(id, slot);
        _documents.Add(new Resident(id, form.ExactHash, form.SimHash, form.CompressedText, form.TextBytes));
    }

    /// <summary>Lays the passage indexes' postings out list by list; for after a bulk load.</summary>
    public void PackPassages() => Candidates.PackPassages();

    /// <summary>Removes a document: its record goes, its entries in the candidate structures become tombstones.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when it was held.</returns>
    public bool Remove(string id)
    {
        if (_byId.Remove(id, out int slot))
        {
            _documents[slot] = null;
        }
        else
        {
            slot = SnapshotSlot(id);
            if (slot < 0)
            {
                return false;
            }

            _snapshotLive[slot >> 6] &= ~(1UL << (slot & 63));
            _snapshotCount--;
        }

        Candidates.Remove(slot);
        return true;
    }

    /// <summary>The live documents in the order they were added, each analysed again from its text.</summary>
    /// <param name="analyzer">The index's analyzer.</param>
    /// <returns>The documents.</returns>
    /// <remarks>One analysis per document; nothing is cached.</remarks>
    /// <exception cref="NearDupFormatException">A compressed text is corrupt (thrown while enumerating).</exception>
    public IEnumerable<AnalyzedDocument> Documents(DocumentAnalyzer analyzer)
    {
        for (int slot = 0; slot < _documents.Count; slot++)
        {
            if (Fetch(slot) is { } d)
            {
                yield return Reanalyse(d, analyzer);
            }
        }
    }

    /// <summary>
    /// The live documents' payloads in slot order, each copied from <paramref name="stored"/> when the store holds one
    /// this table's analysis wrote for the same text, else analysed again from the text; each added to
    /// <paramref name="fresh"/> (unless null) before it is yielded.
    /// </summary>
    /// <param name="fresh">An empty table, or null to only hand the payloads over; it holds every live document only
    /// once the sequence has been enumerated to its end, and is to be dropped if the enumeration stops early.</param>
    /// <param name="analyzer">The index's analyzer.</param>
    /// <param name="stored">The store's documents (<see cref="IStoredPayloads.ReadStored"/>), or null to
    /// analyse every document. Only for a table whose every document this build's analysis made: a payload carries
    /// the analysis of its text, which is then the one an analysis now would give.</param>
    /// <param name="tally">Counts the documents copied and analysed.</param>
    /// <returns>(id, payload) of every live document.</returns>
    /// <remarks>
    /// <para>
    /// Lazy, in chunks of 1,024 documents handled on all cores when a chunk's first document is pulled, so only one
    /// chunk of payloads is alive at a time (the candidate structures cannot give back one document's fingerprints).
    /// The store lists the live documents in the order the table gave them slots, with documents since removed and
    /// earlier versions of documents added again among them, so each live slot's id is looked for from where the last
    /// one was found, the documents in between skipped. An earlier version of a document may be found first: it is
    /// copied only when its text is the document's (its analysis is then the document's too). A slot whose id is not
    /// found is analysed, as is every slot after the sequence ran out.
    /// </para>
    /// <para>
    /// A stored payload is copied only when it is of version 3 or later, decodes whole under the index's analysis
    /// options, and holds this document's record: its exact hash, SimHash, text length and the same compressed bytes.
    /// What a compaction then writes is byte for byte what it would write after analysing again, as long as the analysis
    /// version was raised with every change of the analysis: the document at one position of each 64 in a chunk (the
    /// position turns with the number of live documents), when copied, is analysed again and compared to make sure
    /// (<see cref="CheckedCopyEvery"/>). The stored sequence is read to its end before the last chunk is yielded, so that
    /// a checksum covering documents already copied has been checked before the store can take the last document.
    /// </para>
    /// <para>This table is only read; it must not change while the sequence is enumerated.</para>
    /// </remarks>
    /// <exception cref="NearDupFormatException">A compressed text is corrupt (thrown while enumerating).</exception>
    /// <exception cref="StoredPayloadsUnusableException">Reading <paramref name="stored"/> failed, or a checked copy
    /// differs from the analysis of its text (thrown while enumerating): what was copied cannot be trusted, and the
    /// caller must start again without it.</exception>
    public IEnumerable<StoredDocument> RebuildInto(ResidentTable? fresh, DocumentAnalyzer analyzer, IEnumerable<StoredDocument>? stored, RebuildTally tally)
    {
        var live = new List<int>(Count);
        for (int slot = 0; slot < _documents.Count; slot++)
        {
            if (IsLive(slot))
            {
                live.Add(slot);
            }
        }

        // A snapshot document's text is read from the old snapshot here, a chunk at a time, before the store moves the
        // new snapshot over it (and the file stays readable through the open handle even after).
        const int Chunk = 1_024;
        var copies = new ReadOnlyMemory<byte>?[Math.Min(Chunk, live.Count)];
        var payloads = new StoredDocument[copies.Length];
        var forms = new StoredForm?[copies.Length];
        using var source = new StoredSource(stored);

        // Which position of each 64 is checked turns with the number of live documents, so that successive
        // compactions of a growing index check other documents.
        int checkedAt = (int)(((uint)live.Count * 2654435761u) >> 26);
        for (int start = 0; start < live.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, live.Count - start);
            for (int i = 0; i < n; i++)
            {
                copies[i] = source.Find(IdAt(live[start + i]));
            }

            if (start + n == live.Count)
            {
                source.ReadToEnd();
            }

            int copied = 0;
            string? differs = null;
            Parallelism.For(n, i =>
            {
                Resident d = Fetch(live[start + i])!;
                StoredForm? form = copies[i] is { } copy ? Matching(copy, d) : null;
                if (form is not null && (i + checkedAt) % CheckedCopyEvery == 0 && !Analysed(d, analyzer, out _).AsSpan().SequenceEqual(copies[i]!.Value.Span))
                {
                    differs = d.Id;
                }

                if (form is not null)
                {
                    Interlocked.Increment(ref copied);
                    payloads[i] = new StoredDocument(d.Id, copies[i]!.Value);
                }
                else
                {
                    payloads[i] = new StoredDocument(d.Id, Analysed(d, analyzer, out form));
                }

                forms[i] = fresh is null ? null : form;
            });
            if (differs is not null)
            {
                // Damage in the stored bytes would differ too: the checksums, read to their end first, name it if so.
                source.ReadToEnd();
                throw new StoredPayloadsUnusableException($"{Source}: the stored analysis of document '{differs}' differs from this build's analysis of its text, though both are of analysis version {DocumentAnalyzer.AnalysisVersion}", analysisDiffers: true);
            }

            tally.Count(copied, n - copied);
            for (int i = 0; i < n; i++)
            {
                fresh?.Add(payloads[i].Id, forms[i]!);
                yield return payloads[i];
            }
        }
    }

    /// <summary>Of each this many documents in a chunk, the one at a chosen position, when copied, is checked against the
    /// payload its analysis now gives, byte for byte: a build that changed the analysis without raising its version (a
    /// mistake nothing else would catch) then makes the compaction analyse everything and build its structures anew.</summary>
    private const int CheckedCopyEvery = 64;

    /// <summary>A document's payload as this build's analysis of its text makes it.</summary>
    private byte[] Analysed(Resident d, DocumentAnalyzer analyzer, out StoredForm form)
    {
        form = StoredForm.From(analyzer.AnalyzeForIndexing(d.Id, TextOf(d), out bool _), d.CompressedText, d.TextBytes);
        return DocumentPayload.Encode(form);
    }

    /// <summary>The stored form a payload holds, when it is this document's as this build would write it (see
    /// <see cref="RebuildInto"/>); null when not. The form holds the table's array of the compressed text, not a copy.</summary>
    private StoredForm? Matching(ReadOnlyMemory<byte> payload, Resident d)
    {
        ReadOnlySpan<byte> bytes = payload.Span;
        if (bytes.IsEmpty || bytes[0] < DocumentPayload.Version3)
        {
            return null; // a version 2 payload is written again as version 3, with its word pairs
        }

        StoredForm form;
        try
        {
            form = DocumentPayload.DecodeForm(bytes, d.Id, Source, Options.Analysis);
        }
        catch (NearDupFormatException)
        {
            return null; // checked by the store's checksum, so written so by something else: analysed again instead
        }

        return form.ExactHash == d.ExactHash && form.SimHash == d.SimHash && form.TextBytes == d.TextBytes && form.CompressedText.AsSpan().SequenceEqual(d.CompressedText)
            ? new StoredForm(d.CompressedText, d.TextBytes, form.ExactHash, form.SimHash, form.MinHash, form.SpinSketch, form.PassageFingerprints, form.SpinFingerprints, form.PairFingerprints)
            : null;
    }

    /// <summary>The id of a live slot, without reading its text.</summary>
    private string IdAt(int slot) => _documents[slot]?.Id ?? _snapshot!.Id(slot);

    /// <summary>
    /// Writes the table's image: which slots hold a live document (in slot order, as <see cref="RebuildInto"/> and a
    /// compaction list them), their records, then the candidate structures' image.
    /// </summary>
    /// <param name="output">Where to write: u32 image version (4), u32 slots, u32 live documents, u32 zero, the live
    /// slots as a bitmap of ⌈slots / 64⌉ little-endian u64 words (bit s of word s / 64 for slot s), the records
    /// (<see cref="SnapshotRecords.Write"/>: per slot the hashes, text length, where the compressed text is in the
    /// snapshot file and its XxHash3; the ids as one UTF-8 blob with offsets and an open-addressed map), then
    /// <see cref="CandidateIndex.WriteImage"/>, which starts 8-byte aligned, cut into parts (<see cref="ImagePartWriter"/>):
    /// everything up to the candidate image's exact-hash map is part 0, and each candidate structure
    /// (<see cref="CandidateIndex.ImageParts"/>) a part of its own; then the parts' directory, whose trailer values are the
    /// candidate image's key count and its settings fingerprint, the directory holding the checksum of every 64 KiB block too. Version 3 is the same without the block checksums, version 2 the same without the parts, their padding and the directory, version 1
    /// the same as version 2 without the records.</param>
    /// <param name="payloadOffsets">Where the snapshot being written put each live document's payload (version 2 to 4,
    /// whose compressed text starts <see cref="DocumentPayload.TextOffset"/> bytes in), in slot order.</param>
    /// <returns>The records written, for <see cref="AdoptSnapshot"/> once the snapshot is in place.</returns>
    /// <exception cref="ArgumentException">The offsets are not one per live document.</exception>
    public SnapshotRecords WriteImage(Stream output, ReadOnlySpan<long> payloadOffsets)
    {
        if (payloadOffsets.Length != Count)
        {
            throw new ArgumentException($"the snapshot holds {payloadOffsets.Length} documents, the table {Count}.", nameof(payloadOffsets));
        }

        int slots = _documents.Count;
        var live = new ulong[(slots + 63) / 64];
        var records = new SnapshotRecords.Builder(slots);
        byte[] id = new byte[256];
        int ordinal = 0;
        for (int slot = 0; slot < slots; slot++)
        {
            if (_documents[slot] is { } d)
            {
                long textAt = payloadOffsets[ordinal++] + DocumentPayload.TextOffset;
                int bytes = Encoding.UTF8.GetByteCount(d.Id);
                if (bytes > id.Length)
                {
                    id = new byte[bytes];
                }

                Encoding.UTF8.GetBytes(d.Id, id);
                records.Add(id.AsSpan(0, bytes), new TextRecord(d.ExactHash, d.SimHash, textAt, d.CompressedText.Length, d.TextBytes, SnapshotTexts.Checksum(d.CompressedText)));
            }
            else if (IsSnapshotLive(slot))
            {
                long textAt = payloadOffsets[ordinal++] + DocumentPayload.TextOffset;
                records.Add(_snapshot!.IdBytes(slot), _snapshot[slot] with { TextOffset = textAt });
            }
            else
            {
                records.Skip();
                continue;
            }

            live[slot >> 6] |= 1UL << (slot & 63);
        }

        var parts = new ImagePartWriter(output);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, ImageVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)slots);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        parts.Write(header);
        foreach (ulong word in live)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header, word);
            parts.Write(header[..8]);
        }

        SnapshotRecords written = records.Build();
        written.Write(new ImageWriter(parts));
        _candidatesAt = parts.Position;
        Candidates.WriteImage(parts, parts.Mark);
        parts.WriteDirectory((uint)Candidates.Slots, Candidates.Settings.ImageFingerprint);
        return written;
    }

    /// <summary>Takes the snapshot a compaction just wrote as where the documents' records and texts are: the records
    /// held in memory are dropped.</summary>
    /// <param name="records">What <see cref="WriteImage"/> returned for that snapshot.</param>
    /// <param name="texts">The snapshot, open (owned by the store).</param>
    /// <exception cref="ArgumentException">The records cover other slots than the table's.</exception>
    public void AdoptSnapshot(SnapshotRecords records, SnapshotTexts texts)
    {
        if (records.Slots != _documents.Count)
        {
            throw new ArgumentException($"the records cover {records.Slots} slots, the table {_documents.Count}.", nameof(records));
        }

        var live = new ulong[(records.Slots + 63) / 64];
        for (int slot = 0; slot < records.Slots; slot++)
        {
            if (IsLive(slot))
            {
                live[slot >> 6] |= 1UL << (slot & 63);
            }
        }

        _snapshotCount = Count;
        _snapshotLive = live;
        _snapshot = records;
        _texts = texts;
        _byId = new Dictionary<string, int>(StringComparer.Ordinal); // a new one: Clear would keep the old capacity
        CollectionsMarshal.AsSpan(_documents).Clear();
        FoldPassages(texts);
    }

    /// <summary>After a compaction wrote this table's image into <paramref name="texts"/>: the passage indexes are read
    /// in place from the new image from now on (what was added since the last image is folded into it, and the arrays
    /// they held are dropped), and the old image, if one was mapped, is unmapped. Nothing changes when the new snapshot
    /// cannot be mapped.</summary>
    private void FoldPassages(SnapshotTexts texts)
    {
        if (texts.Image is not { } file || _candidatesAt < 0 || Map(file) is not { } image)
        {
            return;
        }

        Candidates.RemapPassages(image, _candidatesAt);
        image.AdviseHugePages(0, image.Length);
        image.PopulateInBackground(0, image.Length);
        _candidatesAt = -1;
        _mapped?.Dispose(); // the caller holds the write lock: no lookup reads the old map
        _mapped = image;
    }

    /// <summary>Reads a table image (<see cref="WriteImage"/>): the candidate structures, and either the records of the
    /// snapshot's documents (versions 2 and 3; their texts are then read from <paramref name="texts"/> on demand) or
    /// the slot of each of them, the records coming as the documents are handed over (version 1,
    /// <see cref="PlaceRecord"/>).</summary>
    /// <param name="options">The index options.</param>
    /// <param name="source">The index's name, for errors.</param>
    /// <param name="input">The image, front to back: versions 1 and 2 are read from it; of versions 3 and 4 only the header.</param>
    /// <param name="file">Where the image lies in <paramref name="texts"/>'s file: the parts of versions 3 and 4 are read from
    /// there, side by side, each at its own offset.</param>
    /// <param name="texts">The snapshot the image is in, open; a table of version 2 or 3 keeps it to read texts from.</param>
    /// <param name="slotOfOrdinal">Receives, for the snapshot's n-th document, its slot (version 1; empty otherwise).</param>
    /// <param name="checkedItself">Receives whether the image was checked by its own checksums (version 3: every part's
    /// and the directory's), so that the section's checksum need not be computed; false for versions 1 and 2.</param>
    /// <returns>The table, or null when the image was written under other candidate settings or by a newer build.</returns>
    /// <remarks>
    /// <para>
    /// Versions 3 and 4 read their parts on up to <see cref="Environment.ProcessorCount"/> threads, the largest first, each from
    /// its own offset of the file, and checks each part's checksum as it reads it: opening is the first touch of every
    /// page of the structures' arrays, which costs more than reading the file from the page cache, and two cores share
    /// that work.
    /// </para>
    /// <para>
    /// The three passage indexes of version 3 (about three quarters of the image) are not copied: the image is mapped
    /// read-only (<see cref="MappedImage"/>) and they are read in place from the map, what is added later going to an
    /// overlay in memory that the next compaction folds into the new image (<see cref="AdoptSnapshot"/>). Version 4
    /// holds a checksum per 64 KiB block (<see cref="ImageBlocks"/>): their parts are not read at open beyond their few
    /// fields; each block is checked the first time a lookup reads it, and a background thread checks the rest
    /// (<see cref="MappedImage.CheckInBackground"/>), so a damaged byte is an error naming the file, the part and the
    /// block's offset when it is read, never used. Version 3 has no block checksums: those parts are read once through
    /// the page cache into one reused 1 MiB buffer and checked against their checksums before the open returns (a
    /// damaged byte is an error, and the image is passed over), and the map's page tables are filled in the background
    /// (<see cref="MappedImage.PopulateInBackground"/>). The element-by-element checks of their entries are not made
    /// (the checksums cover what they would catch). Not mapped on Windows, or when the file cannot be mapped: read into
    /// arrays, every part hashed whole, as before.
    /// </para>
    /// </remarks>
    /// <exception cref="NearDupFormatException">The image is truncated or does not agree with itself.</exception>
    public static ResidentTable? ReadImage(IndexOptions options, string source, Stream input, ImageFile file, SnapshotTexts texts, out int[] slotOfOrdinal, out bool checkedItself)
    {
        slotOfOrdinal = [];
        checkedItself = false;
        long length = file.Length;
        Span<byte> header = stackalloc byte[16];
        if (length < header.Length)
        {
            throw Damaged(source, $"holds {length} bytes, fewer than its 16-byte header");
        }

        input.ReadExactly(header);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (version is not (ImageVersion or ImageVersionWithoutBlocks or ImageVersionWithoutParts or ImageVersionWithoutRecords))
        {
            return null; // another build's layout: rebuilt from the documents as if there were no image
        }

        uint slots = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        uint documents = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        long words = (slots + 63L) / 64;
        if (documents > slots || slots > int.MaxValue || 16 + words * 8 > length)
        {
            throw Damaged(source, $"declares {slots} slots and {documents} documents, which its {length} bytes cannot hold");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("index images are little-endian and this process is not.");
        }

        ulong[] live;
        SnapshotRecords? records = null;
        CandidateIndex? candidates;
        MappedImage? mapped = null;
        if (version is ImageVersion or ImageVersionWithoutBlocks)
        {
            checkedItself = true;
            mapped = Map(file);
            try
            {
                (live, records, candidates) = ReadParts(options, source, file, texts, (int)slots, (int)documents, mapped, blocks: version == ImageVersion);
                if (candidates is null)
                {
                    mapped?.Dispose();
                }
            }
            catch
            {
                mapped?.Dispose();
                throw;
            }
        }
        else
        {
            live = ReadLive(input, (int)slots, (int)documents, source);
            long left = length - 16 - words * 8;
            if (version == ImageVersionWithoutParts)
            {
                var reader = new ImageReader(input, left, source);
                records = SnapshotRecords.Read(reader, live, (int)documents, (int)slots, texts.Length);
                left -= reader.Offset;
            }

            candidates = CandidateIndex.ReadImage(options.CandidateSettings, input, left, source);
        }

        if (candidates is null)
        {
            return null;
        }

        try
        {
            return Place(options, source, texts, live, records, candidates, (int)slots, (int)documents, mapped, out slotOfOrdinal);
        }
        catch
        {
            mapped?.Dispose();
            throw;
        }
    }

    /// <summary>Maps an image read-only for the passage indexes to be read in place, or null when the file cannot be
    /// mapped (then they are read into arrays, as before).</summary>
    /// <remarks>Not on Windows: there a file with a mapped view cannot be replaced, and a compaction replaces the
    /// snapshot by renaming the new one over it while the old one is still mapped.</remarks>
    private static MappedImage? Map(ImageFile file)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return MappedImage.Open(file);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The rest of <see cref="ReadImage"/>: the candidate structures checked against the live slots, and the table.</summary>
    private static ResidentTable Place(IndexOptions options, string source, SnapshotTexts texts, ulong[] live, SnapshotRecords? records, CandidateIndex candidates, int slots, int documents, MappedImage? mapped, out int[] slotOfOrdinal)
    {
        if (candidates.Slots != slots)
        {
            throw Damaged(source, $"lists {slots} slots but its candidate structures hold {candidates.Slots}");
        }

        int[] ordinals = records is null ? new int[documents] : [];
        int n = 0;
        for (int slot = 0; slot < (int)slots; slot++)
        {
            bool isLive = (live[slot >> 6] & (1UL << (slot & 63))) != 0;
            if (isLive != candidates.IsLive(slot))
            {
                throw Damaged(source, $"slot {slot} is {(isLive ? "listed" : "not listed")} as a document but {(isLive ? "removed" : "live")} in the candidate structures");
            }

            if (isLive && records is null)
            {
                ordinals[n++] = slot;
            }
        }

        slotOfOrdinal = ordinals;
        var table = new ResidentTable(options, source, candidates) { _mapped = mapped };
        if (records is not null)
        {
            table._snapshot = records;
            table._texts = texts;
            table._snapshotLive = live;
            table._snapshotCount = documents;
        }

        return table;
    }

    /// <summary>Reads the live-slot bitmap after the header and checks it against the slot and document counts.</summary>
    private static ulong[] ReadLive(Stream input, int slots, int documents, string source)
    {
        var live = new ulong[(slots + 63L) / 64];
        input.ReadExactly(MemoryMarshal.AsBytes(live.AsSpan()));
        if ((slots & 63) != 0 && live[^1] >> (slots & 63) != 0)
        {
            throw Damaged(source, $"marks slots past its {slots} as documents");
        }

        int listed = 0;
        foreach (ulong word in live)
        {
            listed += System.Numerics.BitOperations.PopCount(word);
        }

        if (listed != documents)
        {
            throw Damaged(source, $"lists {listed} documents but declares {documents}");
        }

        return live;
    }

    /// <summary>Reads the parts of a version 3 or 4 image side by side: part 0 (header, live slots, records and the candidate
    /// image's head) and each candidate structure, every part checked against its checksum once read. Offsets in errors
    /// are from the table image's start.</summary>
    private static (ulong[] Live, SnapshotRecords Records, CandidateIndex? Candidates) ReadParts(IndexOptions options, string source, ImageFile file, SnapshotTexts texts, int slots, int documents, MappedImage? mapped, bool blocks)
    {
        string[] names = CandidateIndex.ImageParts;
        var directory = ImageDirectory.Read(file, names.Length + 1, blocks);
        if (directory.Tag != options.CandidateSettings.ImageFingerprint)
        {
            return ([], null!, null); // written under other candidate settings: passed over before any part is read
        }

        // The passage indexes (parts 3 to 5), read in place from the map: with block checksums (version 4) they are not
        // read here at all but checked block by block when first read; without (version 3) every byte is hashed now.
        ImagePart first = directory.Parts[FirstMappedPart], last = directory.Parts[LastMappedPart];
        bool lazy = mapped is not null && directory.BlockChecksums is not null;
        mapped?.AdviseHugePages(first.Start, last.Start + last.Length - first.Start);
        if (lazy)
        {
            mapped!.CheckLazily(new ImageBlocks(directory.BlockChecksums!, directory.Covered, first.Start, last.Start + last.Length), (start, end) => PartsIn(directory, start, end));
        }

        if (directory.Value != (uint)slots)
        {
            throw Damaged(source, $"lists {slots} slots but its directory {directory.Value}");
        }

        // The structures' keys are checked against the slot count, which the head's entry count must equal (checked
        // below), so that no part waits for another.
        ulong[] live = [];
        SnapshotRecords? records = null;
        CandidateIndex.ImageHead? head = null;
        object[] structures = new object[names.Length];
        CandidateSettings settings = options.CandidateSettings;
        int[] order = [.. Enumerable.Range(0, names.Length + 1).OrderByDescending(p => directory.Parts[p].Length)];
        Parallelism.For(order.Length, i =>
        {
            int part = order[i];
            ImagePart at = directory.Parts[part];
            long end = at.Start + at.Length;
            bool inPlace = lazy && part >= FirstMappedPart && part <= LastMappedPart;
            Stream stream = inPlace ? new MappedPartStream(mapped!, at) : directory.Open(part, PartName(part));
            ImageReader reader;
            if (part == 0)
            {
                stream.ReadExactly(stackalloc byte[16]); // the header, read and checked already
                live = ReadLive(stream, slots, documents, source);
                reader = new ImageReader(stream, 16 + (live.Length * 8L), end, source);
                records = SnapshotRecords.Read(reader, live, documents, slots, texts.Length);
                head = CandidateIndex.ReadImageHead(settings, reader);
            }
            else
            {
                reader = new ImageReader(stream, at.Start, end, source);
                structures[part - 1] = CandidateIndex.ReadImagePart(settings, part - 1, reader, slots, mapped);
            }

            reader.Align("the end of the part");
            reader.End();
            (stream as ImagePartStream)?.Finish();
        });

        if (head is null)
        {
            return (live, records!, null);
        }

        if (head.Keys != slots)
        {
            throw Damaged(source, $"lists {slots} slots but its candidate structures hold {head.Keys}");
        }

        CandidateIndex candidates = CandidateIndex.FromImage(settings, head, structures, source);
        if (lazy)
        {
            mapped!.CheckInBackground();
        }
        else
        {
            mapped?.PopulateInBackground(first.Start, last.Start + last.Length - first.Start);
        }

        return (live, records!, candidates);
    }

    /// <summary>The first and last parts of a parted image read in place from a map: the three passage indexes.</summary>
    private const int FirstMappedPart = 3, LastMappedPart = 5;

    /// <summary>A part's name in errors.</summary>
    private static string PartName(int part) => part == 0 ? "records and candidate head" : CandidateIndex.ImageParts[part - 1];

    /// <summary>"image part N (name)", or "image parts N (name), M (name)", for the parts a range [start, end) of the
    /// image overlaps, for errors.</summary>
    private static string PartsIn(ImageDirectory directory, long start, long end)
    {
        var names = new List<string>();
        for (int part = 0; part < directory.Parts.Count; part++)
        {
            ImagePart p = directory.Parts[part];
            if (p.Start < end && p.Start + p.Length > start)
            {
                names.Add($"{part} ({PartName(part)})");
            }
        }

        return (names.Count == 1 ? "image part " : "image parts ") + string.Join(", ", names);
    }

    /// <summary>Puts a snapshot document's record in its slot of a table read from an image.</summary>
    /// <param name="slot">Its slot (from the image's list).</param>
    /// <param name="resident">Its record.</param>
    /// <exception cref="NearDupFormatException">The slot is taken or the id held already.</exception>
    public void PlaceRecord(int slot, Resident resident)
    {
        if (_documents[slot] is not null || !_byId.TryAdd(resident.Id, slot))
        {
            throw Damaged(Source, $"gives document '{resident.Id}' slot {slot}, which another document or id holds");
        }

        _documents[slot] = resident;
    }

    /// <summary>Removes, from the candidate structures, the image's live slots that got no record: the documents the log
    /// removed (or replaced, which are added again at the end).</summary>
    /// <returns>How many were removed.</returns>
    public int RemoveUnplaced()
    {
        int removed = 0;
        for (int slot = 0; slot < _documents.Count; slot++)
        {
            if (!IsLive(slot) && Candidates.IsLive(slot))
            {
                Candidates.Remove(slot);
                removed++;
            }
        }

        return removed;
    }

    private static NearDupFormatException Damaged(string source, string message) =>
        new($"{source}: the structure image {message}");

    private AnalyzedDocument Reanalyse(Resident resident, DocumentAnalyzer analyzer) => analyzer.Analyze(resident.Id, TextOf(resident));

    /// <summary>A resident document's text, decompressed.</summary>
    private string TextOf(Resident resident) => TextCompression.Decompress(resident.CompressedText, resident.TextBytes, resident.Id, Source);

    /// <summary>Whether a slot holds a live document, in memory or in the image's snapshot.</summary>
    private bool IsLive(int slot) => _documents[slot] is not null || IsSnapshotLive(slot);

    /// <summary>Whether a slot holds a live document of the image's snapshot.</summary>
    private bool IsSnapshotLive(int slot) =>
        _snapshot is not null && slot < _snapshot.Slots && (_snapshotLive[slot >> 6] & (1UL << (slot & 63))) != 0;

    /// <summary>The slot of a live document of the image's snapshot with this id, or -1.</summary>
    private int SnapshotSlot(string id)
    {
        if (_snapshot is null)
        {
            return -1;
        }

        int slot = _snapshot.Find(id);
        return slot >= 0 && IsSnapshotLive(slot) ? slot : -1;
    }

    private void CheckNew(string id, string parameter)
    {
        if (Contains(id))
        {
            throw new ArgumentException($"a document with id '{id}' is already indexed.", parameter);
        }
    }

    /// <summary>The candidate data of a stored form (its arrays, not copies).</summary>
    private static DocumentFingerprints Fingerprints(StoredForm form) =>
        new(form.ExactHash, form.SimHash, form.MinHash, form.SpinSketch, form.PassageFingerprints, form.SpinFingerprints, form.PairFingerprints);
}

/// <summary>What an embedded index keeps of one document: enough to find it again and to rebuild it for verification.</summary>
/// <param name="Id">The document id.</param>
/// <param name="ExactHash">Its exact hash.</param>
/// <param name="SimHash">Its SimHash.</param>
/// <param name="CompressedText">Its UTF-8 text, compressed (<see cref="TextCompression"/>).</param>
/// <param name="TextBytes">Length of the UTF-8 text.</param>
internal sealed record Resident(string Id, ulong ExactHash, ulong SimHash, byte[] CompressedText, int TextBytes);
