using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Finds every copied pair in a collection of documents.</summary>
/// <remarks>
/// <para>
/// Candidates come from three sources, none of which compares all pairs: equal exact hashes; MinHash LSH banding
/// (b, r optimised for <see cref="ScanOptions.LshThreshold"/>); and shared winnowed passage fingerprints, which catch
/// excerpts and embedded passages that whole-document similarity cannot (pairs sharing too small a part of their
/// fingerprints for any verdict are dropped first: see <see cref="CandidateGate"/>). Every candidate is then verified on the real
/// shingle sequences by <see cref="PairVerifier"/>; only verified pairs are returned.
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
        Verifier = new PairVerifier(Options.Analysis.ShingleSize, Options.Verification);
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

        // Passages: shared winnowed fingerprints, for excerpts, embedded copies, and cut or wrapped spun copies; chance
        // pairs sharing a few stock phrases are not verified (CandidateGate), the same rule as DocumentIndex.Query.
        var gate = new CandidateGate(Options);
        PassageIndex words = IndexPassages(documents, d => d.PassageFingerprints);
        foreach (var ((a, b), shared) in words.SharedPairs(Options.MinSharedFingerprints))
        {
            if (gate.PassesPassages(shared, documents[a].PassageFingerprints.Count, documents[b].PassageFingerprints.Count))
            {
                candidates.Add((a, b));
            }
        }

        PassageIndex spin = IndexPassages(documents, d => d.SpinFingerprints);
        foreach (var ((a, b), shared) in spin.SharedPairs(Options.MinSharedSpinFingerprints))
        {
            if (gate.PassesSpin(shared, documents[a].SpinFingerprints.Count, documents[b].SpinFingerprints.Count, spinLsh.Contains((a, b))))
            {
                candidates.Add((a, b));
            }
        }

        // Spin-LSH pairs sharing fewer fingerprints than the least count: counted one document at a time.
        var counts = new Dictionary<int, int>();
        foreach (var group in spinLsh.Where(p => !candidates.Contains(p)).GroupBy(p => p.Item1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts.Clear();
            spin.CountShared(documents[group.Key].SpinFingerprints, counts);
            foreach (var (a, b) in group)
            {
                if (gate.PassesSpin(counts.GetValueOrDefault(b), documents[a].SpinFingerprints.Count, documents[b].SpinFingerprints.Count, foundByLsh: true))
                {
                    candidates.Add((a, b));
                }
            }
        }

        return candidates;
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
