using System.Collections.Generic;

namespace NearDup.Candidates;

/// <summary>
/// The gating steps of a candidate lookup, apart from the structures that found the candidates: given what each source
/// proposed (keys and shared-fingerprint counts), which keys a query is verified against. <see cref="CandidateIndex"/>
/// runs them over its in-memory structures; a cluster backend runs the same steps over what its pipelined lookups
/// returned, so both answer by one policy.
/// </summary>
/// <remarks>
/// <para>
/// Each step decides each key on its own (the gate compares the pair's shared count with the two documents' own
/// counts), so the steps' answers do not depend on the order keys arrive in, and a key above a bound is kept exactly
/// when a full lookup keeps it. The least count is tested before the indexed document's counts are read: in memory
/// that read is a cache miss, over a network a record header to fetch.
/// </para>
/// <para>Thread safety: stateless; the collections passed belong to the calling lookup.</para>
/// </remarks>
internal static class CandidatePolicy
{
    /// <summary>Whether a lookup asks the word passages and SimHash: for contained copies, and, when a de-duplication asks
    /// (<paramref name="nearDuplicatePassages"/>), for near-duplicates alone, through the near-duplicate gate.</summary>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <param name="nearDuplicatePassages">Whether the lookup is a de-duplication's, which asks the passages for
    /// near-duplicates too.</param>
    /// <param name="nearDuplicateOnly">Set to whether they are asked for near-duplicates alone (the near-duplicate gate
    /// of <see cref="GatePassages"/>).</param>
    /// <returns>True when the passages are asked.</returns>
    public static bool AsksPassages(CopyKinds kinds, bool nearDuplicatePassages, out bool nearDuplicateOnly)
    {
        bool contained = (kinds & CopyKinds.Contained) != 0;
        nearDuplicateOnly = !contained;
        return contained || (nearDuplicatePassages && (kinds & CopyKinds.NearDuplicate) != 0);
    }

    /// <summary>Word-passage step: adds to <paramref name="candidates"/> the documents whose shared word-passage
    /// fingerprints pass the gate, and the SimHash neighbours that pass it without its least count. In a search for
    /// near-duplicates alone (<paramref name="nearDuplicateOnly"/>: a de-duplication that does not look for contained copies), the
    /// gate is the near-duplicate one (<see cref="CandidateGate.PassesNearDuplicate"/>), else the contained one
    /// (<see cref="CandidateGate.PassesPassages"/>).</summary>
    /// <typeparam name="TCounts">The reader of the indexed documents' counts.</typeparam>
    /// <param name="gate">The gate.</param>
    /// <param name="shared">Shared word-passage fingerprints per document (boilerplate already skipped).</param>
    /// <param name="similar">The SimHash neighbours.</param>
    /// <param name="queryPassages">The query's distinct word-passage fingerprints.</param>
    /// <param name="candidates">Receives the keys that pass.</param>
    /// <param name="aboveKey">Neighbours with this key or a smaller one are skipped (the counts already are); −1 keeps all.</param>
    /// <param name="nearDuplicateOnly">Whether only near-duplicates are looked for among these documents.</param>
    /// <param name="counts">The indexed documents' counts.</param>
    public static void GatePassages<TCounts>(CandidateGate gate, Dictionary<int, int> shared, HashSet<int> similar, int queryPassages, HashSet<int> candidates, int aboveKey, bool nearDuplicateOnly, ref TCounts counts)
        where TCounts : IGateCounts, allows ref struct
    {
        // The least count first: most documents share one fingerprint by chance (≈ 500 per query at a million generated
        // documents), and reading their own count is a cache miss each. The few SimHash neighbours below the count (or
        // sharing nothing) are then looked up in the counts, rather than each of the ≈ 500 in the neighbours.
        foreach (var (key, count) in shared)
        {
            if (gate.MayPassPassages(count, foundBySimHash: false) && counts.IsLive(key) && Passes(gate, nearDuplicateOnly, count, queryPassages, counts.Passages(key), foundBySimHash: false))
            {
                candidates.Add(key);
            }
        }

        foreach (int key in similar)
        {
            int count = shared.GetValueOrDefault(key);
            if (key > aboveKey && !gate.MayPassPassages(count, foundBySimHash: false) && counts.IsLive(key) && Passes(gate, nearDuplicateOnly, count, queryPassages, counts.Passages(key), foundBySimHash: true))
            {
                candidates.Add(key);
            }
        }
    }

    /// <summary>The word-passage gate of <see cref="GatePassages"/>: the near-duplicate one or the contained one.</summary>
    private static bool Passes(CandidateGate gate, bool nearDuplicateOnly, int shared, int queryPassages, int indexedPassages, bool foundBySimHash) =>
        nearDuplicateOnly
            ? gate.PassesNearDuplicate(shared, queryPassages, indexedPassages, foundBySimHash)
            : gate.PassesPassages(shared, queryPassages, indexedPassages, foundBySimHash);

    /// <summary>Spin-passage step: adds to <paramref name="candidates"/> the documents whose shared spin fingerprints
    /// pass the spin gate, and the spin-LSH hits that pass it without its least count.</summary>
    /// <typeparam name="TCounts">The reader of the indexed documents' counts.</typeparam>
    /// <param name="gate">The gate.</param>
    /// <param name="shared">Shared spin-skeleton fingerprints per document (boilerplate already skipped).</param>
    /// <param name="spinLsh">The spin-LSH hits.</param>
    /// <param name="querySpin">The query's distinct spin-skeleton fingerprints.</param>
    /// <param name="candidates">Receives the keys that pass.</param>
    /// <param name="aboveKey">Hits with this key or a smaller one are skipped; −1 keeps all.</param>
    /// <param name="counts">The indexed documents' counts.</param>
    public static void GateSpinPassages<TCounts>(CandidateGate gate, Dictionary<int, int> shared, HashSet<int> spinLsh, int querySpin, HashSet<int> candidates, int aboveKey, ref TCounts counts)
        where TCounts : IGateCounts, allows ref struct
    {
        foreach (var (key, count) in shared)
        {
            if (gate.MayPassSpin(count, foundByLsh: false) && counts.IsLive(key) && gate.PassesSpin(count, querySpin, counts.SpinPassages(key), foundByLsh: false))
            {
                candidates.Add(key);
            }
        }

        foreach (int key in spinLsh)
        {
            int count = shared.GetValueOrDefault(key);
            if (key > aboveKey && !gate.MayPassSpin(count, foundByLsh: false) && counts.IsLive(key) && gate.PassesSpin(count, querySpin, counts.SpinPassages(key), foundByLsh: true))
            {
                candidates.Add(key);
            }
        }
    }

    /// <summary>Word-pair step, the last: adds to <paramref name="pairsOnly"/> the documents no other source proposed
    /// that share enough kept word pairs to pass the pair gate (a fluent rewrite, which keeps neither the word passages
    /// nor the skeleton), in the order the counts list them.</summary>
    /// <typeparam name="TCounts">The reader of the indexed documents' counts.</typeparam>
    /// <param name="shared">Shared word-pair fingerprints per document (boilerplate already skipped).</param>
    /// <param name="queryPairs">The query's distinct word-pair fingerprints.</param>
    /// <param name="candidates">The keys the other sources proposed.</param>
    /// <param name="pairsOnly">Receives the keys that pass.</param>
    /// <param name="counts">The indexed documents' counts.</param>
    public static void GatePairs<TCounts>(Dictionary<int, int> shared, int queryPairs, HashSet<int> candidates, List<int> pairsOnly, ref TCounts counts)
        where TCounts : IGateCounts, allows ref struct
    {
        foreach (var (key, count) in shared)
        {
            if (CandidateGate.MayPassPairs(count) && !candidates.Contains(key) && counts.IsLive(key) && CandidateGate.PassesPairs(count, queryPairs, counts.Pairs(key)))
            {
                pairsOnly.Add(key);
            }
        }
    }

    /// <summary>The last step: the live keys of <paramref name="candidates"/> above <paramref name="aboveKey"/>, then
    /// those only the word pairs proposed.</summary>
    /// <typeparam name="TCounts">The reader of the indexed documents' counts.</typeparam>
    /// <param name="candidates">The keys any verdict may come of (exact hash and word LSH unchecked yet, the others gated).</param>
    /// <param name="pairsOnly">The keys only the word pairs proposed (gated, so live).</param>
    /// <param name="keys">Receives the keys (not cleared first).</param>
    /// <param name="aboveKey">Keys with this value or a smaller one are skipped; −1 keeps all.</param>
    /// <param name="counts">The indexed documents' counts.</param>
    /// <returns>How many of the keys added are for any verdict; the rest are for spun only.</returns>
    public static int Collect<TCounts>(HashSet<int> candidates, List<int> pairsOnly, List<int> keys, int aboveKey, ref TCounts counts)
        where TCounts : IGateCounts, allows ref struct
    {
        int start = keys.Count;
        foreach (int key in candidates)
        {
            if (key > aboveKey && counts.IsLive(key))
            {
                keys.Add(key);
            }
        }

        int any = keys.Count - start;
        keys.AddRange(pairsOnly);
        return any;
    }
}
