using System;
using System.Collections.Generic;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Detection;

/// <summary>
/// What an embedded index holds in memory: the candidate structures (<see cref="CandidateIndex"/>) and, under the same
/// keys, each document's record (id, hashes, compressed text).
/// </summary>
/// <remarks>
/// <para>
/// Memory: per document the table keeps its id, its two hashes and its text compressed with Brotli (about half of a
/// plain-text article) besides the candidate structures. What the verifier reads of a document (tokens, shingles, the
/// shingle set: about twelve times the text) is rebuilt from the compressed text when a query must verify it.
/// </para>
/// <para>
/// A removed document stays in the candidate structures as a tombstone that lookups skip; its record is dropped at
/// once. A new table of the live documents (<see cref="RebuildInto"/>) drops the tombstones.
/// </para>
/// <para>Thread safety: concurrent reads are safe without concurrent adds or removes; its owner serialises writes.</para>
/// </remarks>
internal sealed class ResidentTable
{
    private readonly List<Resident?> _documents = new();
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);

    /// <summary>Creates an empty table.</summary>
    /// <param name="options">The index options.</param>
    /// <param name="source">The index's name, for errors about a corrupt compressed text.</param>
    public ResidentTable(IndexOptions options, string source)
    {
        Options = options;
        Source = source;
        Candidates = new CandidateIndex(options.CandidateSettings);
    }

    /// <summary>The index options.</summary>
    public IndexOptions Options { get; }

    /// <summary>The index's name in errors.</summary>
    public string Source { get; }

    /// <summary>The candidate structures; a document's slot in this table is its key there.</summary>
    public CandidateIndex Candidates { get; }

    /// <summary>Documents held (removed ones not counted).</summary>
    public int Count => _byId.Count;

    /// <summary>Slots handed out, removed documents included.</summary>
    public int Slots => _documents.Count;

    /// <summary>Slots of removed documents still held by the candidate structures (lookups skip them).</summary>
    public int Tombstones => _documents.Count - Count;

    /// <summary>Whether removed documents are a quarter or more of the slots: then their tombstones cost more than a
    /// rebuild's second table costs while it runs.</summary>
    public bool WorthRebuilding => Tombstones > 0 && Tombstones * 4L >= _documents.Count;

    /// <summary>The record in a slot, or null when the slot is out of range or its document was removed.</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The record, or null.</returns>
    public Resident? this[int slot] => (uint)slot < (uint)_documents.Count ? _documents[slot] : null;

    /// <summary>Whether a document with this id is held.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when held.</returns>
    public bool Contains(string id) => _byId.ContainsKey(id);

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
        if (!_byId.Remove(id, out int slot))
        {
            return false;
        }

        _documents[slot] = null;
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
            if (_documents[slot] is { } d)
            {
                yield return Reanalyse(d, analyzer);
            }
        }
    }

    /// <summary>
    /// Analyses the live documents again as the sequence is enumerated, in order, yielding each one's id and stored
    /// form, and adds each to <paramref name="fresh"/> (unless null) before yielding it.
    /// </summary>
    /// <param name="fresh">An empty table, or null to only hand the stored forms over; it holds every live document
    /// only once the sequence has been enumerated to its end, and is to be dropped if the enumeration stops early.</param>
    /// <param name="analyzer">The index's analyzer.</param>
    /// <returns>(id, stored form) of every live document.</returns>
    /// <remarks>
    /// Lazy: the documents are analysed again in chunks of 1,024 on all cores, a chunk when its first document is
    /// pulled, so only one chunk of analysed documents and stored forms is alive at a time (the candidate structures
    /// cannot give back one document's fingerprints). This table is only read; it must not change while the sequence
    /// is enumerated.
    /// </remarks>
    /// <exception cref="NearDupFormatException">A compressed text is corrupt (thrown while enumerating).</exception>
    public IEnumerable<(string Id, StoredForm Form)> RebuildInto(ResidentTable? fresh, DocumentAnalyzer analyzer)
    {
        var live = new List<Resident>(Count);
        foreach (Resident? d in _documents)
        {
            if (d is not null)
            {
                live.Add(d);
            }
        }

        const int Chunk = 1_024;
        var forms = new StoredForm[Math.Min(Chunk, live.Count)];
        for (int start = 0; start < live.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, live.Count - start);
            Parallelism.For(n, i =>
            {
                Resident d = live[start + i];
                forms[i] = StoredForm.From(Reanalyse(d, analyzer), d.CompressedText, d.TextBytes);
            });
            for (int i = 0; i < n; i++)
            {
                string id = live[start + i].Id;
                fresh?.Add(id, forms[i]);
                yield return (id, forms[i]);
            }
        }
    }

    private AnalyzedDocument Reanalyse(Resident resident, DocumentAnalyzer analyzer) =>
        analyzer.Analyze(resident.Id, TextCompression.Decompress(resident.CompressedText, resident.TextBytes, resident.Id, Source));

    private void CheckNew(string id, string parameter)
    {
        if (_byId.ContainsKey(id))
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
/// <param name="CompressedText">Its UTF-8 text, Brotli-compressed.</param>
/// <param name="TextBytes">Length of the UTF-8 text.</param>
internal sealed record Resident(string Id, ulong ExactHash, ulong SimHash, byte[] CompressedText, int TextBytes);
