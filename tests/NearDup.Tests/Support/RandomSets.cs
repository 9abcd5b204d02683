using System;
using System.Collections.Generic;

namespace NearDup.Tests.Support;

/// <summary>Seeded random sets of 64-bit values with a Jaccard similarity the test knows exactly.</summary>
internal static class RandomSets
{
    /// <summary>
    /// Two sets of <paramref name="size"/> distinct random values each, sharing as many values as make their Jaccard
    /// similarity as close to <paramref name="jaccard"/> as whole numbers allow; <paramref name="trueJaccard"/> is the exact value.
    /// </summary>
    public static (ulong[] A, ulong[] B) Pair(Random random, int size, double jaccard, out double trueJaccard)
    {
        // |A| = |B| = n with s shared: J = s / (2n − s), so s = 2nJ / (1 + J).
        int shared = (int)Math.Round(2.0 * size * jaccard / (1.0 + jaccard));
        ulong[] pool = Distinct(random, shared + 2 * (size - shared));
        var a = new ulong[size];
        var b = new ulong[size];
        Array.Copy(pool, 0, a, 0, shared);
        Array.Copy(pool, 0, b, 0, shared);
        Array.Copy(pool, shared, a, shared, size - shared);
        Array.Copy(pool, size, b, shared, size - shared);
        random.Shuffle(a);
        random.Shuffle(b);
        trueJaccard = (double)shared / (2 * size - shared);
        return (a, b);
    }

    /// <summary><paramref name="count"/> distinct random 64-bit values.</summary>
    public static ulong[] Distinct(Random random, int count)
    {
        var seen = new HashSet<ulong>(count);
        var result = new ulong[count];
        int n = 0;
        while (n < count)
        {
            ulong v = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            if (seen.Add(v))
            {
                result[n++] = v;
            }
        }

        return result;
    }
}
