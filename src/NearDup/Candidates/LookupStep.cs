namespace NearDup.Candidates;

/// <summary>The steps of a candidate lookup, in the order they run (a step of a kind not looked for is skipped).</summary>
internal enum LookupStep
{
    /// <summary>The exact hash and the word MinHash LSH.</summary>
    ExactAndWordLsh,

    /// <summary>The SimHash neighbours.</summary>
    SimHash,

    /// <summary>The word passages and the gate.</summary>
    Passages,

    /// <summary>The spin MinHash LSH.</summary>
    SpinLsh,

    /// <summary>The spin passages and the gate.</summary>
    SpinPassages,

    /// <summary>The word pairs and the gate.</summary>
    WordPairs,
}
