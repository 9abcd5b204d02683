using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Indexing.Lsh;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Finds every copied pair in a collection of documents.</summary>
/// <remarks>
/// <para>
/// Candidates come from the sources <see cref="DocumentIndex"/> uses, none of which compares all pairs: equal exact
/// hashes; MinHash LSH banding over word shingles (b, r optimised for <see cref="IndexOptions.LshThreshold"/>) and over
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
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    public DuplicateScanner(IndexOptions? options = null)
    {
        Options = options ?? IndexOptions.Default;
        Banding = Options.CandidateSettings.WordBanding;
        SpinBanding = Options.CandidateSettings.SpinBanding;
        Analyzer = new DocumentAnalyzer(Options.Analysis);
        // The aligner counts content words with the same function words the spin skeleton was made with.
        Verifier = new PairVerifier(Options.Analysis.ShingleSize, Options.Verification, new SpinAligner(Options.Analysis.FunctionWords));
    }

    /// <summary>The options.</summary>
    public IndexOptions Options { get; }

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

        (int A, int B)[] pairs = [.. Candidates(documents, progress, cancellationToken)];
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

    /// <summary>The pairs to verify: every pair a lookup of one of the documents proposes (see <see cref="CandidateIndex.AllPairs"/>).</summary>
    private List<(int A, int B)> Candidates(IReadOnlyList<AnalyzedDocument> documents, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var fingerprints = new DocumentFingerprints[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            fingerprints[i] = DocumentFingerprints.Of(documents[i]);
        }

        var index = new CandidateIndex(Options.CandidateSettings);
        index.AddRange(fingerprints, bulk: true);
        index.PackPassages();
        return index.AllPairs(CopyKinds.All, fingerprints, Options.Threads, progress is null ? null : n => progress.Report(new ScanProgress("candidates", n, documents.Count)), cancellationToken);
    }
}
