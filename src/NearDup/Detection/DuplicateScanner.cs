using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Indexing.Hamming;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Finds every copied pair in a collection of documents.</summary>
/// <remarks>
/// <para>
/// Candidates come from the sources <see cref="DocumentIndex"/> uses, none of which compares all pairs: equal exact
/// hashes; MinHash LSH banding over word shingles (b, r optimised for <see cref="ScanOptions.LshThreshold"/>) and over
/// spin skeletons; SimHash neighbours; and shared winnowed passage fingerprints, which catch excerpts and embedded
/// passages that whole-document similarity cannot. Pairs whose shared fingerprints are under half of what the weakest
/// verdict they could earn needs (half of <see cref="VerificationOptions.MinPassageShare"/> of the smaller document's
/// passage fingerprints, half of <see cref="VerificationOptions.MinSpunCoverage"/> of its spin fingerprints) are
/// dropped before verification. Every candidate is then verified on the real shingle sequences by <see cref="PairVerifier"/>; only verified pairs are returned.
/// </para>
/// <para>Thread safety: immutable; <see cref="Scan"/> may run concurrently with itself.</para>
/// </remarks>
public sealed class DuplicateScanner
{
    /// <summary>Creates a scanner.</summary>
    /// <param name="options">Options; null for <see cref="ScanOptions.Default"/>.</param>
    public DuplicateScanner(ScanOptions? options = null)
    {
        Options = options ?? ScanOptions.Default;
        Banding = LshParameters.Optimize(Options.LshThreshold, Options.Analysis.MinHash.HashCount);
        SpinBanding = LshParameters.Optimize(Options.SpinLshThreshold, Options.Analysis.SpinSketch.HashCount);
        Analyzer = new DocumentAnalyzer(Options.Analysis);
        // The aligner counts content words with the same function words the spin skeleton was made with.
        Verifier = new PairVerifier(Options.Analysis.ShingleSize, Options.Verification, new SpinAligner(Options.Analysis.FunctionWords));
    }

    /// <summary>The options.</summary>
    public ScanOptions Options { get; }

    /// <summary>The LSH banding chosen for the threshold.</summary>
    public LshParameters Banding { get; }

    /// <summary>The LSH banding of the spin fingerprint.</summary>
    public LshParameters SpinBanding { get; }

    /// <summary>The analyzer documents should be analysed with before <see cref="Scan"/>.</summary>
    public DocumentAnalyzer Analyzer { get; }

    /// <summary>The verifier.</summary>
    public PairVerifier Verifier { get; }

    /// <summary>Finds the copied pairs among analysed documents.</summary>
    /// <param name="documents">Documents analysed with <see cref="Analyzer"/>'s options; ids must be distinct.</param>
    /// <param name="progress">Receives progress, or null.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>Verified pairs, A before B in <paramref name="documents"/> order, sorted by kind, then score descending.</returns>
    /// <exception cref="ArgumentException">Two documents share an id, or a document was analysed with other sketch parameters.</exception>
    public IReadOnlyList<PairVerdict> Scan(IReadOnlyList<AnalyzedDocument> documents, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (AnalyzedDocument d in documents)
        {
            if (!ids.Add(d.Id))
            {
                throw new ArgumentException($"document id '{d.Id}' occurs twice.", nameof(documents));
            }
        }

        HashSet<(int, int)> candidates = Candidates(documents, progress, cancellationToken);
        var pairs = candidates.ToArray();
        var verdicts = new ConcurrentBag<PairVerdict>();
        int done = 0;
        Parallel.ForEach(
            pairs,
            new ParallelOptions { MaxDegreeOfParallelism = Options.Threads, CancellationToken = cancellationToken },
            pair =>
            {
                PairVerdict? v = Verifier.Verify(documents[pair.Item1], documents[pair.Item2]);
                if (v is not null)
                {
                    verdicts.Add(v);
                }

                int n = Interlocked.Increment(ref done);
                if (progress is not null && (n & 1023) == 0)
                {
                    progress.Report(new ScanProgress("verifying", n, pairs.Length));
                }
            });

        var order = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            order[documents[i].Id] = i;
        }

        return verdicts
            .OrderBy(v => v.Kind)
            .ThenByDescending(v => v.Score)
            .ThenBy(v => order[v.A])
            .ThenBy(v => order[v.B])
            .ToList();
    }

    private HashSet<(int, int)> Candidates(IReadOnlyList<AnalyzedDocument> documents, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<(int, int)>();

        // Exact duplicates: equal normalised-text hashes.
        var byExact = new Dictionary<ulong, List<int>>();
        for (int i = 0; i < documents.Count; i++)
        {
            if (!byExact.TryGetValue(documents[i].ExactHash, out List<int>? list))
            {
                byExact[documents[i].ExactHash] = list = new List<int>(1);
            }

            list.Add(i);
        }

        foreach (List<int> group in byExact.Values)
        {
            for (int x = 0; x < group.Count; x++)
            {
                for (int y = x + 1; y < group.Count; y++)
                {
                    candidates.Add((group[x], group[y]));
                }
            }
        }

        // MinHash LSH: similar whole documents, by words and by spin skeleton.
        AddLshPairs(documents, d => d.MinHash, Options.Analysis.MinHash, Banding, candidates, progress, cancellationToken);
        var spinLsh = new HashSet<(int, int)>();
        AddLshPairs(documents, d => d.SpinSketch, Options.Analysis.SpinSketch, SpinBanding, spinLsh, progress, cancellationToken);

        // SimHash neighbours (at most DocumentIndex.SimHashDistance bits apart), as the index finds them.
        var similar = SimHashPairs(documents);

        // Passages: shared winnowed fingerprints, for excerpts, embedded copies, and cut or wrapped spun copies; chance
        // pairs sharing a few stock phrases are not verified (CandidateGate), the same rule as DocumentIndex.Query.
        // SimHash and spin-LSH pairs must reach the matching share too, but not the least count.
        var gate = new CandidateGate(Options);
        PassageIndex words = IndexPassages(documents, d => d.PassageFingerprints);
        foreach (var ((a, b), shared) in words.SharedPairs(Options.MinSharedFingerprints))
        {
            if (gate.PassesPassages(shared, documents[a].PassageFingerprints.Count, documents[b].PassageFingerprints.Count, similar.Contains((a, b))))
            {
                candidates.Add((a, b));
            }
        }

        AddCountedPairs(documents, similar, words, d => d.PassageFingerprints, (shared, a, b) => gate.PassesPassages(shared, a, b, foundBySimHash: true), candidates, cancellationToken);

        PassageIndex spin = IndexPassages(documents, d => d.SpinFingerprints);
        foreach (var ((a, b), shared) in spin.SharedPairs(Options.MinSharedSpinFingerprints))
        {
            if (gate.PassesSpin(shared, documents[a].SpinFingerprints.Count, documents[b].SpinFingerprints.Count, spinLsh.Contains((a, b))))
            {
                candidates.Add((a, b));
            }
        }

        AddCountedPairs(documents, spinLsh, spin, d => d.SpinFingerprints, (shared, a, b) => gate.PassesSpin(shared, a, b, foundByLsh: true), candidates, cancellationToken);
        return candidates;
    }

    /// <summary>Adds the pairs of <paramref name="proposed"/> not yet candidates whose shared fingerprints (counted one
    /// document at a time, below the least count that <see cref="PassageIndex.SharedPairs"/> applies) pass <paramref name="passes"/>.</summary>
    private static void AddCountedPairs(
        IReadOnlyList<AnalyzedDocument> documents,
        HashSet<(int, int)> proposed,
        PassageIndex passages,
        Func<AnalyzedDocument, IReadOnlyList<ulong>> fingerprints,
        Func<int, int, int, bool> passes,
        HashSet<(int, int)> candidates,
        CancellationToken cancellationToken)
    {
        var counts = new Dictionary<int, int>();
        foreach (var group in proposed.Where(p => !candidates.Contains(p)).GroupBy(p => p.Item1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts.Clear();
            passages.CountShared(fingerprints(documents[group.Key]), counts);
            foreach (var (a, b) in group)
            {
                if (passes(counts.GetValueOrDefault(b), fingerprints(documents[a]).Count, fingerprints(documents[b]).Count))
                {
                    candidates.Add((a, b));
                }
            }
        }
    }

    private static HashSet<(int, int)> SimHashPairs(IReadOnlyList<AnalyzedDocument> documents)
    {
        var index = new SimHashIndex(DocumentIndex.SimHashDistance);
        for (int i = 0; i < documents.Count; i++)
        {
            index.Add(i, documents[i].SimHash);
        }

        var pairs = new HashSet<(int, int)>();
        var near = new List<(int Key, int Distance)>();
        for (int i = 0; i < documents.Count; i++)
        {
            near.Clear();
            index.Query(documents[i].SimHash, DocumentIndex.SimHashDistance, near);
            foreach (var (j, _) in near)
            {
                if (j > i)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }

    private static void AddLshPairs(
        IReadOnlyList<AnalyzedDocument> documents,
        Func<AnalyzedDocument, NearDup.Sketches.MinHash.MinHashSketch> sketch,
        NearDup.Sketches.MinHash.MinHashParameters parameters,
        LshParameters banding,
        HashSet<(int, int)> candidates,
        IProgress<ScanProgress>? progress,
        CancellationToken cancellationToken)
    {
        var lsh = new MinHashLshIndex(parameters, banding);
        for (int i = 0; i < documents.Count; i++)
        {
            lsh.Add(i, sketch(documents[i]));
        }

        var hits = new HashSet<int>();
        for (int i = 0; i < documents.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hits.Clear();
            lsh.Query(sketch(documents[i]), hits);
            foreach (int j in hits)
            {
                if (j > i)
                {
                    candidates.Add((i, j));
                }
            }

            if (progress is not null && (i & 4095) == 0)
            {
                progress.Report(new ScanProgress("candidates", i, documents.Count));
            }
        }
    }

    private PassageIndex IndexPassages(IReadOnlyList<AnalyzedDocument> documents, Func<AnalyzedDocument, IReadOnlyList<ulong>> fingerprints)
    {
        var passages = new PassageIndex(Options.MaxPostings);
        for (int i = 0; i < documents.Count; i++)
        {
            passages.Add(i, fingerprints(documents[i]));
        }

        return passages;
    }
}
