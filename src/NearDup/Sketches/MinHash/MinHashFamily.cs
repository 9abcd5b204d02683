namespace NearDup.Sketches.MinHash;

/// <summary>How the k minimum values of a MinHash sketch are drawn.</summary>
public enum MinHashFamily : byte
{
    /// <summary>
    /// Classic k-permutation MinHash (Broder 1997): k independent hash functions, the minimum of each over the set.
    /// Each function is Dietzfelbinger's multiply-add-shift h(x) = (a·x + b) mod 2^64 ≫ 32 on the shingle hash folded
    /// to 32 bits, with a odd and a, b drawn from the seed: a strongly universal family into 32 bits. Cost: k
    /// multiply-adds per shingle (vectorised: 8 lanes at a time with AVX-512, 4 with AVX2).
    /// </summary>
    KPermutation = 0,

    /// <summary>
    /// One-permutation hashing (Li, Owen and Zhang 2012) with optimal densification (Shrivastava 2017): one hash per
    /// shingle picks one of k bins and a value; empty bins borrow from a bin chosen by a seeded hash of (bin, attempt).
    /// An unbiased Jaccard estimator with the variance of k-permutation MinHash for sets much larger than k, at the
    /// cost of one hash per shingle.
    /// </summary>
    OnePermutation = 1,
}
