namespace NearDup.Shingles;

/// <summary>What a shingle is made of.</summary>
public enum ShingleUnit : byte
{
    /// <summary>k consecutive content tokens (words, numbers, and single characters of scripts without spaces); punctuation is skipped.</summary>
    Word = 0,

    /// <summary>k consecutive characters of the normalised text with white space removed.</summary>
    Character = 1,

    /// <summary>k consecutive elements of the spin skeleton (<see cref="SpinSkeleton"/>): function words, numbers, names, sentence punctuation and wildcards for runs of other words.</summary>
    Skeleton = 2,
}
