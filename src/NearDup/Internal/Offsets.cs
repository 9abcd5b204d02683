using System;

namespace NearDup.Internal;

/// <summary>The step every counting sort here shares: bucket counts into bucket start offsets.</summary>
internal static class Offsets
{
    /// <summary>Replaces each bucket's count by the number of values in the buckets before it (an exclusive prefix
    /// sum): where the bucket's first value goes.</summary>
    /// <param name="counts">Per-bucket counts; on return, per-bucket start offsets.</param>
    public static void FromCounts(Span<int> counts)
    {
        int sum = 0;
        for (int d = 0; d < counts.Length; d++)
        {
            int c = counts[d];
            counts[d] = sum;
            sum += c;
        }
    }
}
