using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Indexing.Hamming;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Internal;
using NearDup.Sketches.MinHash;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>
/// The candidate policy, in one place: which indexed documents a document must be verified against. Holds the
/// candidate structures (exact hashes, MinHash LSH over word shingles and over spin skeletons, a SimHash Hamming
/// index, winnowed word-passage and spin-skeleton fingerprints, word-pair fingerprints) and answers per document (<see cref="Lookup(in DocumentFingerprints, CopyKinds, List{int})"/>) or
/// for every pair of the documents it holds (<see cref="AllPairs"/>), which is a lookup of each document, so a scan
/// and the queries of an index agree by construction.
/// </summary>
/// <remarks>
/// <para>
/// Documents are numbered by the order they were added (keys 0, 1, 2, …). Exact-hash and word-LSH candidates are
/// always verified: they are rare by construction. Candidates found only through shared passage fingerprints, through
/// SimHash neighbours, through the spin LSH or through shared word pairs go through the <see cref="CandidateGate"/>. None of the sources compares
/// all pairs.
/// </para>
/// <para>
/// A removed document stays in the structures as a tombstone that lookups skip (removal is O(1)); a new index over the
/// live documents drops them. The structures keep no sketches and no texts: per document only its key in each structure
/// and its three fingerprint counts (which the gate reads).
/// </para>
/// <para>Thread safety: concurrent lookups are safe without concurrent adds or removes; adds and removes must not overlap
/// anything.</para>
/// </remarks>
internal sealed class CandidateIndex
{
    /// <summary>The first 8 bytes of an image: "NDCANDIX" read as a little-endian u64.</summary>
    private const ulong ImageMagic = 0x5849_444E_4143_444EUL;

    /// <summary>The image version <see cref="WriteImage"/> writes and the latest <see cref="ReadImage"/> reads.</summary>
    private const uint ImageVersion = 1;

    private readonly List<Entry> _entries = new();
    private readonly ExactHashMap _byExact = new();
    private readonly MinHashLshIndex _lsh;
    private readonly MinHashLshIndex _spinLsh;
    private readonly PassageIndex _passages;
    private readonly PassageIndex _spinPassages;
    private readonly PassageIndex _pairs;
    private readonly SimHashIndex _simHashes = new(CandidateSettings.SimHashDistance);
    private readonly CandidateGate _gate;
    private int _live;

    /// <summary>Creates an empty index.</summary>
    /// <param name="settings">The policy's settings.</param>
    public CandidateIndex(CandidateSettings settings)
    {
        Settings = settings;
        _gate = settings.Gate;
        _lsh = new MinHashLshIndex(settings.WordSketch, settings.WordBanding);
        _spinLsh = new MinHashLshIndex(settings.SpinSketch, settings.SpinBanding);
        _passages = new PassageIndex(settings.MaxPostings);
        _spinPassages = new PassageIndex(settings.MaxPostings);
        _pairs = new PassageIndex(settings.MaxPostings);
    }

    /// <summary>An index read from an image (see <see cref="ReadImage"/>).</summary>
    private CandidateIndex(CandidateSettings settings, List<Entry> entries, ExactHashMap byExact, int live, MinHashLshIndex lsh, MinHashLshIndex spinLsh, PassageIndex passages, PassageIndex spinPassages, PassageIndex pairs, SimHashIndex simHashes)
    {
        Settings = settings;
        _gate = settings.Gate;
        _entries = entries;
        _byExact = byExact;
        _live = live;
        _lsh = lsh;
        _spinLsh = spinLsh;
        _passages = passages;
        _spinPassages = spinPassages;
        _pairs = pairs;
        _simHashes = simHashes;
    }

    /// <summary>The settings.</summary>
    public CandidateSettings Settings { get; }

    /// <summary>Keys handed out so far, removed documents included: the next document's key.</summary>
    public int Slots => _entries.Count;

    /// <summary>Documents held and not removed.</summary>
    public int Live => _live;

    /// <summary>Whether the document under <paramref name="key"/> is held and not removed.</summary>
    /// <param name="key">A key.</param>
    /// <returns>True when live.</returns>
    public bool IsLive(int key) => (uint)key < (uint)_entries.Count && !CollectionsMarshal.AsSpan(_entries)[key].Removed;

    /// <summary>Adds one document under the next key (<see cref="Slots"/>).</summary>
    /// <param name="document">Its fingerprints, made under the settings' sketch parameters.</param>
    /// <returns>Its key.</returns>
    /// <exception cref="ArgumentException">A sketch was made under other parameters.</exception>
    public int Add(in DocumentFingerprints document)
    {
        CheckSketches(document, nameof(document));
        int key = _entries.Count;
        Append(document);
        _lsh.Add(key, document.MinHash);
        _spinLsh.Add(key, document.SpinSketch);
        _passages.Add(key, document.Passages.AsSpan(), packWhenDue: true);
        _spinPassages.Add(key, document.SpinPassages.AsSpan(), packWhenDue: true);
        _pairs.Add(key, document.Pairs.AsSpan(), packWhenDue: true);
        _simHashes.Add(key, document.SimHash);
        return key;
    }

    /// <summary>Adds documents under the next keys, in order, filling the independent structures on parallel threads
    /// (the two LSHs by batch inserts, which answer exactly as one-by-one inserts; the others one thread each, documents
    /// in order), so that each ends up as <see cref="Add"/> one by one would leave it.</summary>
    /// <param name="documents">The documents' fingerprints.</param>
    /// <param name="bulk">Whether this is one chunk of a bulk load: then the passage indexes are not packed along the way,
    /// and the caller calls <see cref="PackPassages"/> once the whole load is in (packing at every doubling would move
    /// twice the postings).</param>
    /// <returns>The key of the first document.</returns>
    /// <exception cref="ArgumentException">A sketch was made under other parameters; nothing is added.</exception>
    public int AddRange(IReadOnlyList<DocumentFingerprints> documents, bool bulk)
    {
        for (int i = 0; i < documents.Count; i++)
        {
            CheckSketches(documents[i], nameof(documents));
        }

        int first = _entries.Count;
        var keys = new int[documents.Count];
        var words = new MinHashSketch[documents.Count];
        var spins = new MinHashSketch[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            Append(documents[i]);
            keys[i] = first + i;
            words[i] = documents[i].MinHash;
            spins[i] = documents[i].SpinSketch;
        }

        Parallelism.Invoke(
            () => _lsh.AddRange(keys, words),
            () => _spinLsh.AddRange(keys, spins),
            () =>
            {
                for (int i = 0; i < documents.Count; i++)
                {
                    _passages.Add(first + i, documents[i].Passages.AsSpan(), packWhenDue: !bulk);
                }
            },
            () =>
            {
                for (int i = 0; i < documents.Count; i++)
                {
                    _spinPassages.Add(first + i, documents[i].SpinPassages.AsSpan(), packWhenDue: !bulk);
                }
            },
            () =>
            {
                for (int i = 0; i < documents.Count; i++)
                {
                    _pairs.Add(first + i, documents[i].Pairs.AsSpan(), packWhenDue: !bulk);
                }
            },
            () =>
            {
                for (int i = 0; i < documents.Count; i++)
                {
                    _simHashes.Add(first + i, documents[i].SimHash);
                }
            });
        return first;
    }

    /// <summary>How many documents hold a word-passage fingerprint (see <see cref="PassageIndex"/>; saturates at 255).</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The count.</returns>
    public int PassageHolders(ulong fingerprint) => _passages.Holders(fingerprint);

    /// <summary>As <see cref="PassageHolders(ulong)"/>, for a batch of word-passage or spin-skeleton fingerprints.</summary>
    /// <param name="fingerprints">The fingerprints.</param>
    /// <param name="counts">Receives one count per fingerprint.</param>
    /// <param name="skeleton">Whether the fingerprints are spin-skeleton ones.</param>
    public void PassageHolders(ReadOnlySpan<ulong> fingerprints, Span<int> counts, bool skeleton)
    {
        (skeleton ? _spinPassages : _passages).Holders(fingerprints, counts);
    }

    /// <summary>Folds the three passage indexes into the image <see cref="WriteImage"/> last wrote (see
    /// <see cref="PassageIndex.Remap"/>): they are read in place from it from now on.</summary>
    /// <param name="image">The image, mapped (owned by the caller, disposed after this index).</param>
    /// <param name="offset">Where the candidate image starts in <paramref name="image"/>.</param>
    internal void RemapPassages(MappedImage image, long offset)
    {
        _passages.Remap(image, offset);
        _spinPassages.Remap(image, offset);
        _pairs.Remap(image, offset);
    }

    /// <summary>Whether the word passages are read in place from a mapped image (for tests).</summary>
    internal bool PassagesMapped => _passages.IsMapped && _spinPassages.IsMapped && _pairs.IsMapped;

    /// <summary>Adds and packs of the word passages kept since the mapped image (for tests).</summary>
    internal int PassageChangesSinceImage => _passages.ChangesSinceImage;

    /// <summary>Lays the passage indexes' postings out list by list (see <see cref="PassageIndex.Pack"/>), all three at
    /// once; for after a bulk load.</summary>
    public void PackPassages() => Parallelism.Invoke(_passages.Pack, _spinPassages.Pack, _pairs.Pack);

    /// <summary>Removes a document: lookups skip it from now on.</summary>
    /// <param name="key">Its key.</param>
    /// <returns>True when it was live.</returns>
    public bool Remove(int key)
    {
        if (!IsLive(key))
        {
            return false;
        }

        CollectionsMarshal.AsSpan(_entries)[key].Removed = true;
        _live--;
        _simHashes.Remove(key);
        return true;
    }

    /// <summary>The keys of the live documents a document must be verified against, from the sources of
    /// <paramref name="kinds"/>: exact hash (exact), word LSH (near-duplicate), SimHash and word passages through the
    /// gate (contained), spin LSH, spin passages and word pairs through the gate (spun).</summary>
    /// <param name="query">The query's fingerprints.</param>
    /// <param name="kinds">The kinds of copy looked for; at least one.</param>
    /// <param name="keys">Receives the candidate keys, each once (not cleared first): first those any verdict may come
    /// of, then those only the word pairs found, which are verified for <see cref="CopyKinds.Spun"/> only (the pairs
    /// are evidence of a rewrite, not of shared passages: the other kinds have sources of their own, whose gates chose
    /// not to propose these). Their verdict is reported when spun or a reworded excerpt (see <see cref="Reports"/>):
    /// such an excerpt, contained, is found only when spun copies are looked for, and kept only when contained ones
    /// are too.</param>
    /// <returns>How many of the keys added come first (any verdict); the rest are for spun only.</returns>
    public int Lookup(in DocumentFingerprints query, CopyKinds kinds, List<int> keys)
    {
        var laps = default(NoLaps);
        return Lookup(query, kinds, keys, -1, ref laps);
    }

    /// <summary>Whether the verdict on a candidate is reported: any verdict on one that a source other than the word pairs
    /// proposed, only a spun one or a reworded excerpt (<see cref="PairVerdict.Reworded"/>) on one the word pairs alone
    /// proposed (see <see cref="Lookup(in DocumentFingerprints, CopyKinds, List{int})"/>). Scans, queries and
    /// explanations all ask this.</summary>
    /// <param name="verdict">The verifier's verdict.</param>
    /// <param name="wordPairsOnly">Whether only the word pairs proposed the candidate.</param>
    /// <returns>True to report it.</returns>
    public static bool Reports(PairVerdict verdict, bool wordPairsOnly) => !wordPairsOnly || verdict.Kind == MatchKind.Spun || verdict.Reworded;

    /// <summary>As <see cref="Lookup(in DocumentFingerprints, CopyKinds, List{int})"/>, telling <paramref name="laps"/>
    /// when each step ends (for measurements; the JIT compiles the lookup once per sink type, so the default sink costs
    /// nothing); with <paramref name="nearDuplicatePassages"/>, when contained copies are not looked for, the word
    /// passages and SimHash propose near-duplicates too, through the near-duplicate gate (a de-duplication: see
    /// <see cref="CandidateGate.PassesNearDuplicate"/>).</summary>
    /// <typeparam name="TLaps">The sink's type.</typeparam>
    /// <param name="query">The query's fingerprints.</param>
    /// <param name="kinds">The kinds of copy looked for; at least one.</param>
    /// <param name="keys">Receives the candidate keys, each once (not cleared first).</param>
    /// <param name="laps">Told the end of each step.</param>
    /// <param name="nearDuplicatePassages">Whether the passages propose near-duplicates too.</param>
    /// <returns>How many of the keys added are for any verdict (the rest, for spun only).</returns>
    public int Lookup<TLaps>(in DocumentFingerprints query, CopyKinds kinds, List<int> keys, ref TLaps laps, bool nearDuplicatePassages = false)
        where TLaps : struct, ILookupLaps => Lookup(query, kinds, keys, -1, ref laps, nearDuplicatePassages);

    /// <summary>The lookup, keeping only keys above <paramref name="aboveKey"/> (−1 keeps every key): each source decides
    /// each key on its own, so the keys kept are exactly those a full lookup gives above it. With
    /// <paramref name="nearDuplicatePassages"/>, when near-duplicates are looked for and contained copies are not, the
    /// word passages and SimHash propose near-duplicates too, through the near-duplicate gate (see
    /// <see cref="CandidateGate.PassesNearDuplicate"/>): a de-duplication (a grouping, an add-unless-copy) asks it, a
    /// query does not.</summary>
    private int Lookup<TLaps>(in DocumentFingerprints query, CopyKinds kinds, List<int> keys, int aboveKey, ref TLaps laps, bool nearDuplicatePassages = false)
        where TLaps : struct, ILookupLaps
    {
        // The sets are the calling thread's, reused from query to query: at a million documents the collections one
        // query grew were a quarter of what it allocated, and so of the gen0 collections in the query tail.
        LookupScratch scratch = LookupScratch.Take();
        HashSet<int> candidates = scratch.Candidates;
        if ((kinds & CopyKinds.Exact) != 0)
        {
            _byExact.AddKeys(query.ExactHash, candidates);
        }

        if ((kinds & CopyKinds.NearDuplicate) != 0)
        {
            _lsh.Query(query.MinHash, candidates);
        }

        laps.Lap(LookupStep.ExactAndWordLsh);

        // Passage candidates go through the gate (see CandidateGate): chance pairs sharing a few stock phrases are not
        // verified. SimHash neighbours are not selective on their own either (documents in one register, built from
        // the same stock phrases, fall within 3 bits by the hundred), so they take the passage share without its
        // least count: that keeps short documents, whose few fingerprints cannot reach the count.
        if (CandidatePolicy.AsksPassages(kinds, nearDuplicatePassages, out bool nearDuplicateOnly))
        {
            FindSimHashNeighbours(query, scratch);
            laps.Lap(LookupStep.SimHash);
            AddPassages(query, scratch, aboveKey, nearDuplicateOnly);
            laps.Lap(LookupStep.Passages);
        }

        if ((kinds & CopyKinds.Spun) != 0)
        {
            _spinLsh.Query(query.SpinSketch, scratch.SpinLsh);
            laps.Lap(LookupStep.SpinLsh);
            AddSpinPassages(query, scratch, aboveKey);
            laps.Lap(LookupStep.SpinPassages);
            AddPairs(query, scratch, aboveKey);
            laps.Lap(LookupStep.WordPairs);
        }

        var counts = new EntryCounts(CollectionsMarshal.AsSpan(_entries));
        int any = CandidatePolicy.Collect(candidates, scratch.PairsOnly, keys, aboveKey, ref counts);
        LookupScratch.Return(scratch);
        return any;
    }

    /// <summary>Every pair of live documents that a lookup of one of them proposes, each once, as (smaller key, larger
    /// key, whether only the word pairs proposed it and it is verified for spun only): exactly the pairs
    /// <see cref="Lookup(in DocumentFingerprints, CopyKinds, List{int})"/> of every document gives.</summary>
    /// <param name="kinds">The kinds of copy looked for (<see cref="CopyKinds.All"/> for a scan).</param>
    /// <param name="documents">The documents' fingerprints, <paramref name="documents"/>[k] the one under key k (the
    /// structures keep no sketches, so the caller hands them back).</param>
    /// <param name="threads">Lookups to run at once, at least 1.</param>
    /// <param name="progress">Called with the number of documents looked up, every 1,024 documents; or null.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The pairs, ordered by their first key, then by the order the lookup found the second.</returns>
    /// <remarks>Every candidate source is symmetric (a shared exact hash, band, SimHash distance or fingerprint count,
    /// and the gate's share of the smaller document, or, in a grouping search for near-duplicates alone, of the larger:
    /// see <see cref="EachDocumentsLaterPairs(CopyKinds, IReadOnlyList{DocumentFingerprints}, int, Action{int, List{int}, int}, Action{int}?, bool, CancellationToken)"/>),
    /// so a pair found when looking up its larger key would be found when looking up its smaller one: looking up each
    /// document and keeping the larger keys finds every pair once.</remarks>
    /// <exception cref="ArgumentException">The documents are not as many as the keys.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public List<(int A, int B, bool SpunOnly)> AllPairs(CopyKinds kinds, IReadOnlyList<DocumentFingerprints> documents, int threads, Action<int>? progress, CancellationToken cancellationToken)
    {
        var later = new int[documents.Count][];
        var anyVerdict = new int[documents.Count];
        EachDocumentsLaterPairs(
            kinds,
            documents,
            threads,
            (a, found, any) =>
            {
                later[a] = [.. found];
                anyVerdict[a] = any;
            },
            progress,
            nearDuplicatePassages: false,
            cancellationToken);

        int total = 0;
        foreach (int[] keys in later)
        {
            total += keys.Length;
        }

        var pairs = new List<(int, int, bool)>(total);
        for (int a = 0; a < later.Length; a++)
        {
            for (int i = 0; i < later[a].Length; i++)
            {
                pairs.Add((a, later[a][i], i >= anyVerdict[a]));
            }
        }

        return pairs;
    }

    /// <summary>Looks up every live document among the documents of larger keys, on <paramref name="threads"/> threads,
    /// and hands each document's candidates to <paramref name="visit"/> as they are found: the pairs of
    /// <see cref="AllPairs"/>, without holding them all.</summary>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <param name="documents">The documents' fingerprints, <paramref name="documents"/>[k] the one under key k.</param>
    /// <param name="threads">Lookups to run at once, at least 1.</param>
    /// <param name="visit">Called once per document, on the thread that looked it up, with its key, its candidates
    /// (larger keys, in the order the lookup found them; the list is reused once the call returns) and how many of them
    /// come first that a source other than the word pairs proposed (the rest are verified for spun only); called for a
    /// document with no candidate or not live too, with an empty list.</param>
    /// <param name="progress">Called with the number of documents looked up, every 1,024 documents; or null.</param>
    /// <param name="nearDuplicatePassages">Whether the word passages and SimHash propose near-duplicates through the
    /// near-duplicate gate when contained copies are not looked for (a grouping search: see
    /// <see cref="CandidateGate.PassesNearDuplicate"/>); <see cref="AllPairs"/>, a scan's search, does not ask it.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">The documents are not as many as the keys.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void EachDocumentsLaterPairs(CopyKinds kinds, IReadOnlyList<DocumentFingerprints> documents, int threads, Action<int, List<int>, int> visit, Action<int>? progress, bool nearDuplicatePassages, CancellationToken cancellationToken)
    {
        if (documents.Count != _entries.Count)
        {
            throw new ArgumentException($"{documents.Count} documents given for {_entries.Count} keys.", nameof(documents));
        }

        int done = 0;
        Parallel.For(
            0,
            documents.Count,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            () => new List<int>(),
            (a, _, found) =>
            {
                found.Clear();
                int anyVerdict = 0;
                if (IsLive(a))
                {
                    var laps = default(NoLaps);
                    anyVerdict = Lookup(documents[a], kinds, found, aboveKey: a, ref laps, nearDuplicatePassages);
                }

                visit(a, found, anyVerdict);
                int n = Interlocked.Increment(ref done);
                if ((n & 1023) == 0)
                {
                    progress?.Invoke(n);
                }

                return found;
            },
            _ => { });
    }

    /// <summary>SimHash step of a lookup: the neighbours within <see cref="CandidateSettings.SimHashDistance"/>
    /// bits, kept for the word-passage step.</summary>
    private void FindSimHashNeighbours(in DocumentFingerprints query, LookupScratch scratch)
    {
        List<(int Key, int Distance)> near = scratch.Near;
        _simHashes.Query(query.SimHash, CandidateSettings.SimHashDistance, near);
        HashSet<int> similar = scratch.Similar;
        foreach (var (key, _) in near)
        {
            similar.Add(key);
        }
    }

    /// <summary>Word-passage step of a lookup (see <see cref="CandidatePolicy.GatePassages"/>), through the near-duplicate
    /// gate when <paramref name="nearDuplicateOnly"/>.</summary>
    private void AddPassages(in DocumentFingerprints query, LookupScratch scratch, int aboveKey, bool nearDuplicateOnly)
    {
        Dictionary<int, int> shared = scratch.Shared;
        _passages.CountShared(query.Passages, shared, aboveKey);
        var counts = new EntryCounts(CollectionsMarshal.AsSpan(_entries));
        CandidatePolicy.GatePassages(_gate, shared, scratch.Similar, query.Passages.Length, scratch.Candidates, aboveKey, nearDuplicateOnly, ref counts);
    }

    /// <summary>Spin-passage step of a lookup (see <see cref="CandidatePolicy.GateSpinPassages"/>).</summary>
    private void AddSpinPassages(in DocumentFingerprints query, LookupScratch scratch, int aboveKey)
    {
        Dictionary<int, int> shared = scratch.Shared;
        shared.Clear();
        _spinPassages.CountShared(query.SpinPassages, shared, aboveKey);
        var counts = new EntryCounts(CollectionsMarshal.AsSpan(_entries));
        CandidatePolicy.GateSpinPassages(_gate, shared, scratch.SpinLsh, query.SpinPassages.Length, scratch.Candidates, aboveKey, ref counts);
    }

    /// <summary>Word-pair step of a lookup, the last (see <see cref="CandidatePolicy.GatePairs"/>).</summary>
    private void AddPairs(in DocumentFingerprints query, LookupScratch scratch, int aboveKey)
    {
        Dictionary<int, int> shared = scratch.Shared;
        shared.Clear();
        _pairs.CountShared(query.Pairs, shared, aboveKey);
        var counts = new EntryCounts(CollectionsMarshal.AsSpan(_entries));
        CandidatePolicy.GatePairs(shared, query.Pairs.Length, scratch.Candidates, scratch.PairsOnly, ref counts);
    }

    /// <summary>Writes the exact in-memory state of the index as one binary image, which <see cref="ReadImage"/> turns back
    /// into an index that answers, adds, removes and compacts as this one would; never changes the index.</summary>
    /// <param name="output">Receives the image; many fields are a few bytes, so give it a buffered stream.</param>
    /// <param name="mark">Called, after zero padding to an 8-byte boundary, after the head (everything up to and including
    /// the exact-hash map) and after each structure but the last, so that a parted image (<see cref="Storage.ImagePartWriter"/>)
    /// holds each structure in a part of its own, which <see cref="ReadImagePart"/> reads alone; null for none (and no
    /// padding: the layout of images before parts).</param>
    /// <remarks>
    /// <para>
    /// Layout, little-endian: the magic "NDCANDIX" (u64), the image version (u32, 1), a reserved u32 (0), the settings'
    /// <see cref="CandidateSettings.ImageFingerprint"/> (u64); the entries (16 bytes each: three fingerprint counts and
    /// the removed flag), the live count, the exact-hash map (see <see cref="ExactHashMap.WriteImage"/>); then the word
    /// LSH, the spin LSH, the word-passage, spin-passage and word-pair indexes and the SimHash index, each written by
    /// its own <c>WriteImage</c>. The gate keeps no state: its thresholds are in the fingerprint. Every array is its
    /// u64 element count then its raw bytes, starting 8-byte aligned from the image's start (zero padding before the
    /// count), so that a later step can map the image and use the arrays in place.
    /// </para>
    /// <para>Cost: the size of the structures (about the index's managed arrays, less their unused growth slack), written
    /// in large blocks, with no per-document work.</para>
    /// </remarks>
    /// <exception cref="PlatformNotSupportedException">The process is big-endian: the raw arrays would not be little-endian.</exception>
    internal void WriteImage(Stream output, Action? mark = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ImageWriter.EnsureLittleEndian();
        var writer = new ImageWriter(output);
        writer.U64(ImageMagic);
        writer.U32(ImageVersion);
        writer.U32(0);
        writer.U64(Settings.ImageFingerprint);
        writer.Array<Entry>(CollectionsMarshal.AsSpan(_entries));
        writer.I32(_live);
        _byExact.WriteImage(writer);
        Boundary(writer, mark);
        _lsh.WriteImage(writer);
        Boundary(writer, mark);
        _spinLsh.WriteImage(writer);
        Boundary(writer, mark);
        _passages.WriteImage(writer);
        Boundary(writer, mark);
        _spinPassages.WriteImage(writer);
        Boundary(writer, mark);
        _pairs.WriteImage(writer);
        Boundary(writer, mark);
        _simHashes.WriteImage(writer);
        if (mark is not null)
        {
            writer.Align(); // the last part ends aligned too: the directory after it starts aligned
        }
    }

    /// <summary>The parts of an image after its head, in image order: each is one structure, read by <see cref="ReadImagePart"/>.</summary>
    internal static readonly string[] ImageParts = ["word LSH", "spin LSH", "word passages", "spin passages", "word pairs", "SimHash"];

    /// <summary>Reads an image written by <see cref="WriteImage"/> under the same settings.</summary>
    /// <param name="settings">The settings the index is for.</param>
    /// <param name="input">The image, from its first byte; read sequentially, nothing past <paramref name="length"/>.</param>
    /// <param name="length">The image's length in bytes.</param>
    /// <param name="source">The file or store the image came from, named in errors.</param>
    /// <returns>The index, answering exactly as the one written; or null when the image was written under other settings
    /// (its settings fingerprint differs, e.g. another build derived another LSH banding from the same options), so that
    /// the caller rebuilds instead.</returns>
    /// <remarks>
    /// <para>
    /// Arrays are read straight into the structures' arrays in large blocks. Per document, only the SimHash index's
    /// key → slot dictionary is rebuilt, and the checks below read each array once.
    /// </para>
    /// <para>
    /// Checked, so that a damaged or inconsistent image is a <see cref="Storage.NearDupFormatException"/> naming
    /// <paramref name="source"/>, the field and its offset in the image rather than an out-of-range access, a huge
    /// allocation or a wrong answer: the magic, the version and the reserved field; every count against the bytes
    /// left before allocating, and capacities beyond counts against the image's length; padding; each entry's counts
    /// and removed flag, and the live count against them; every key any structure holds against the number of entries;
    /// each structure's counts against what its arrays hold (see the parts' <c>ReadImage</c>); that the word and spin
    /// LSH hold every key and the SimHash index every live one; and that nothing follows the last field. Not checked:
    /// the image's checksum (the snapshot section around it has one, or each part's own in a parted table image), nor
    /// that band entries sit at or after their home slots, that passage lists are single cycles, or that the exact-hash
    /// map's lists keep to one hash.
    /// </para>
    /// </remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged, truncated, inconsistent or of a newer version.</exception>
    /// <exception cref="PlatformNotSupportedException">The process is big-endian.</exception>
    internal static CandidateIndex? ReadImage(CandidateSettings settings, Stream input, long length, string source)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var reader = new ImageReader(input, length, source);
        if (ReadImageHead(settings, reader) is not { } head)
        {
            return null;
        }

        object[] parts = new object[ImageParts.Length];
        for (int part = 0; part < parts.Length; part++)
        {
            parts[part] = ReadImagePart(settings, part, reader, head.Keys);
        }

        reader.End();
        return FromImage(settings, head, parts, source);
    }

    /// <summary>Reads an image's head: magic, version, settings fingerprint, entries, live count and exact-hash map.</summary>
    /// <param name="settings">The settings the index is for.</param>
    /// <param name="reader">The image, at its start.</param>
    /// <returns>The head, or null when the image was written under other settings.</returns>
    /// <exception cref="Storage.NearDupFormatException">The head is damaged, inconsistent or of a newer version.</exception>
    /// <exception cref="PlatformNotSupportedException">The process is big-endian.</exception>
    internal static ImageHead? ReadImageHead(CandidateSettings settings, ImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ImageWriter.EnsureLittleEndian();
        ulong magic = reader.U64("magic");
        if (magic != ImageMagic)
        {
            throw reader.Invalid("magic", 0, $"is {magic:x16}, expected {ImageMagic:x16} (\"NDCANDIX\")");
        }

        uint version = reader.U32("version");
        if (version != ImageVersion)
        {
            throw reader.Invalid("version", 8, version > ImageVersion ? $"is {version}, newer than this build (reads {ImageVersion})" : $"is {version}, expected {ImageVersion}");
        }

        reader.Int("reserved", 0, 0);
        if (reader.U64("settings fingerprint") != settings.ImageFingerprint)
        {
            return null;
        }

        // The entries are read straight into the list's own array.
        int n = reader.Count<Entry>("entries", 0, int.MaxValue);
        long entriesAt = reader.LastArrayOffset;
        var entries = new List<Entry>(n);
        CollectionsMarshal.SetCount(entries, n);
        Span<Entry> entrySpan = CollectionsMarshal.AsSpan(entries);
        reader.Elements("entries", entrySpan);
        int removed = 0;
        for (int key = 0; key < n; key++)
        {
            ref Entry e = ref entrySpan[key];
            if (e.Passages < 0 || e.SpinPassages < 0 || e.Pairs < 0 || (uint)e.RemovedFlag > 1)
            {
                throw reader.InvalidElement("entries", entriesAt, key, Unsafe.SizeOf<Entry>(), $"holds counts {e.Passages}, {e.SpinPassages}, {e.Pairs} and removed flag {e.RemovedFlag}, expected counts of 0 or more and a flag of 0 or 1");
            }

            removed += e.RemovedFlag;
        }

        long liveAt = reader.Offset;
        int live = reader.Int("live count", 0, n);
        if (live != n - removed)
        {
            throw reader.Invalid("live count", liveAt, $"is {live}, but {n - removed} of the {n} entries are not removed");
        }

        ExactHashMap byExact = ExactHashMap.ReadImage(reader, "exact-hash map", n);
        return new ImageHead(entries, live, byExact);
    }

    /// <summary>Reads one structure of an image (<see cref="ImageParts"/>), independent of the others: several are read
    /// side by side, each from its own reader.</summary>
    /// <param name="settings">The settings the index is for.</param>
    /// <param name="part">Which structure (an index into <see cref="ImageParts"/>).</param>
    /// <param name="reader">The image, at the part's start.</param>
    /// <param name="keys">The head's entry count: every key a structure holds must be below.</param>
    /// <param name="mapped">The image mapped, when the reader's offsets are offsets into it: the passage indexes are then
    /// used in place from the map (see <see cref="PassageIndex.ReadImage"/>); null to read every structure into arrays.</param>
    /// <returns>The structure, for <see cref="FromImage"/>.</returns>
    /// <exception cref="Storage.NearDupFormatException">The part is damaged or inconsistent.</exception>
    internal static object ReadImagePart(CandidateSettings settings, int part, ImageReader reader, int keys, MappedImage? mapped = null) => part switch
    {
        0 => ReadLsh(settings.WordSketch, settings.WordBanding, reader, ImageParts[0], keys),
        1 => ReadLsh(settings.SpinSketch, settings.SpinBanding, reader, ImageParts[1], keys),
        2 or 3 or 4 => PassageIndex.ReadImage(settings.MaxPostings, reader, ImageParts[part], keys, mapped),
        5 => SimHashIndex.ReadImage(CandidateSettings.SimHashDistance, reader, ImageParts[5], keys),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, $"an image has parts 0 to {ImageParts.Length - 1}."),
    };

    /// <summary>The index of a head and its parts, each read by <see cref="ReadImagePart"/>, checked against each other.</summary>
    /// <param name="settings">The settings the index is for.</param>
    /// <param name="head">The head.</param>
    /// <param name="parts">The structures, in <see cref="ImageParts"/> order.</param>
    /// <param name="source">The file or store the image came from, named in errors.</param>
    /// <returns>The index.</returns>
    /// <exception cref="Storage.NearDupFormatException">The SimHash index does not hold exactly the live keys' count.</exception>
    internal static CandidateIndex FromImage(CandidateSettings settings, ImageHead head, object[] parts, string source)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(parts);
        var simHashes = (SimHashIndex)parts[5];
        if (simHashes.Count != head.Live)
        {
            throw Storage.Codecs.FormatErrors.Create(source, "candidate image", $"SimHash holds {simHashes.Count} keys, expected the {head.Live} live ones");
        }

        return new CandidateIndex(settings, head.Entries, head.ByExact, head.Live, (MinHashLshIndex)parts[0], (MinHashLshIndex)parts[1], (PassageIndex)parts[2], (PassageIndex)parts[3], (PassageIndex)parts[4], simHashes);
    }

    /// <summary>Aligns and marks a part boundary.</summary>
    private static void Boundary(ImageWriter writer, Action? mark)
    {
        if (mark is not null)
        {
            writer.Align();
            mark();
        }
    }

    /// <summary>Reads one of the two LSH indexes and checks that it holds every key (removal does not touch them).</summary>
    private static MinHashLshIndex ReadLsh(MinHashParameters parameters, LshParameters banding, ImageReader reader, string what, int keys)
    {
        long at = reader.Offset;
        MinHashLshIndex lsh = MinHashLshIndex.ReadImage(parameters, banding, reader, what, keys);
        if (lsh.Count != keys)
        {
            throw reader.Invalid(what, at, $"holds {lsh.Count} keys, expected all {keys}");
        }

        return lsh;
    }

    private void CheckSketches(in DocumentFingerprints document, string parameter)
    {
        Settings.WordSketch.EnsureCompatible(document.MinHash.Parameters, parameter);
        Settings.SpinSketch.EnsureCompatible(document.SpinSketch.Parameters, parameter);
    }

    private void Append(in DocumentFingerprints document)
    {
        _entries.Add(new Entry { Passages = document.Passages.Length, SpinPassages = document.SpinPassages.Length, Pairs = document.Pairs.Length });
        _live++;
        _byExact.Add(document.ExactHash);
    }

    /// <summary>The head of an image (<see cref="ReadImageHead"/>): what every part is checked against.</summary>
    /// <param name="Entries">The entries.</param>
    /// <param name="Live">The live count.</param>
    /// <param name="ByExact">The exact-hash map.</param>
    internal sealed record ImageHead(List<Entry> Entries, int Live, ExactHashMap ByExact)
    {
        /// <summary>Keys handed out: every key a structure holds is below.</summary>
        public int Keys => Entries.Count;
    }

    /// <summary>What the index keeps of one document besides its keys in the structures.</summary>
    internal struct Entry
    {
        /// <summary>How many distinct passage fingerprints it has (for the gate).</summary>
        public int Passages;

        /// <summary>How many distinct spin-skeleton fingerprints it has.</summary>
        public int SpinPassages;

        /// <summary>How many distinct word-pair fingerprints it has.</summary>
        public int Pairs;

        // An int, not a bool, so that the struct has no padding and its array goes into an image as it lies in memory.
        private int _removed;

        /// <summary>Whether it was removed.</summary>
        public bool Removed
        {
            readonly get => _removed != 0;
            set => _removed = value ? 1 : 0;
        }

        /// <summary>The removed flag as stored: 0 or 1 (an image is checked for other values).</summary>
        public readonly int RemovedFlag => _removed;
    }

    /// <summary>The gate's view of the entries (see <see cref="IGateCounts"/>).</summary>
    private readonly ref struct EntryCounts(Span<Entry> entries) : IGateCounts
    {
        private readonly Span<Entry> _entries = entries;

        public bool IsLive(int key) => !_entries[key].Removed;

        public int Passages(int key) => _entries[key].Passages;

        public int SpinPassages(int key) => _entries[key].SpinPassages;

        public int Pairs(int key) => _entries[key].Pairs;
    }

    /// <summary>The collections a lookup fills, kept per thread between lookups.</summary>
    private sealed class LookupScratch
    {
        // A lookup that grew a collection past this many entries does not leave it to the thread: one outsized query
        // should not pin its memory for the thread's life.
        private const int MaxRetained = 16_384;

        /// <summary>The candidates found so far.</summary>
        public HashSet<int> Candidates { get; } = [];

        /// <summary>SimHash neighbours with their distances.</summary>
        public List<(int Key, int Distance)> Near { get; } = [];

        /// <summary>SimHash neighbours' keys.</summary>
        public HashSet<int> Similar { get; } = [];

        /// <summary>Shared fingerprint counts per document.</summary>
        public Dictionary<int, int> Shared { get; } = [];

        /// <summary>Spin-LSH hits.</summary>
        public HashSet<int> SpinLsh { get; } = [];

        /// <summary>Candidates only the word pairs found.</summary>
        public List<int> PairsOnly { get; } = [];

        /// <summary>The calling thread's scratch, cleared.</summary>
        /// <returns>The scratch, to be given back with <see cref="Return"/>.</returns>
        public static LookupScratch Take()
        {
            LookupScratch scratch = ThreadScratch<LookupScratch>.Take();
            scratch.Candidates.Clear();
            scratch.Near.Clear();
            scratch.Similar.Clear();
            scratch.Shared.Clear();
            scratch.SpinLsh.Clear();
            scratch.PairsOnly.Clear();
            return scratch;
        }

        /// <summary>Gives the scratch back to the thread unless a collection grew too large to keep.</summary>
        /// <param name="scratch">What <see cref="Take"/> returned.</param>
        public static void Return(LookupScratch scratch) =>
            ThreadScratch<LookupScratch>.Return(scratch, keep: scratch.Candidates.Count <= MaxRetained && scratch.Near.Count <= MaxRetained && scratch.Shared.Count <= MaxRetained && scratch.SpinLsh.Count <= MaxRetained && scratch.PairsOnly.Count <= MaxRetained);
    }
}
