using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;

namespace NearDup.VectorCheck;

/// <summary>
/// Usage: <c>NearDup.VectorCheck</c> (no arguments). Prints "isa Vector512=… Vector256=… Vector128=…" (whether the
/// runtime accelerates each width, which decides the paths MinHasher, SimHasher, WordPairs, Chainer, Winnowing, FunctionWords and XxHash3Words take), then one "mismatch …" line
/// per comparison of <see cref="VectorOracle"/> whose vector and scalar answers differ, then "checked N comparisons,
/// M mismatches". Exits 0 when there is none, 1 otherwise.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: NearDup.VectorCheck");
            return 2;
        }

        Console.WriteLine($"isa Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated}");
        int checkedCount = 0, mismatches = 0;
        void Check(bool equal, string what)
        {
            checkedCount++;
            if (!equal)
            {
                mismatches++;
                Console.WriteLine($"mismatch {what}");
            }
        }

        foreach ((int k, int n) in VectorOracle.KPermutationCases())
        {
            (uint[] vector, uint[] scalar) = VectorOracle.KPermutation(k, n);
            Check(vector.AsSpan().SequenceEqual(scalar), $"MinHash k-permutation k={k} n={n}");
        }

        foreach ((int n, int k) in VectorOracle.OnePermutationCases())
        {
            (uint[] vector, uint[] scalar) = VectorOracle.OnePermutation(n, k);
            Check(vector.AsSpan().SequenceEqual(scalar), $"MinHash one-permutation n={n} k={k}");
        }

        foreach ((int n, int seed) in VectorOracle.SimHashCases())
        {
            (ulong weighted, ulong weightedScalar) = VectorOracle.SimHashWeighted(n, seed);
            Check(weighted == weightedScalar, $"SimHash weighted n={n} seed={seed}");
            (ulong unweighted, ulong unweightedScalar) = VectorOracle.SimHashUnweighted(n, seed);
            Check(unweighted == unweightedScalar, $"SimHash unweighted n={n} seed={seed}");
        }

        foreach ((int size, int count, long seed) in VectorOracle.WordWindowCases())
        {
            (ulong[] vector, ulong[] library) = VectorOracle.WordWindows(size, count, seed);
            Check(vector.AsSpan().SequenceEqual(library), $"xxh3 word windows size={size} count={count} seed={seed}");
        }

        foreach (int mask in VectorOracle.WordPairMaskCases())
        {
            (List<ulong> vector, List<ulong> scalar) = VectorOracle.WordPairsForMask(mask);
            Check(vector.SequenceEqual(scalar), $"word pairs kept-lane mask={mask}");
        }

        foreach (int n in VectorOracle.OnePermutationEmptyValueCases())
        {
            (uint[] vector, uint[] scalar, bool crafted) = VectorOracle.OnePermutationWithEmptyValue(n);
            Check(crafted && vector.AsSpan().SequenceEqual(scalar), $"MinHash one-permutation with EmptyValue n={n}");
        }

        foreach (int repeats in VectorOracle.SimHashRepeatCases())
        {
            (ulong vector, ulong scalar) = VectorOracle.SimHashRepeated(repeats);
            Check(vector == scalar, $"SimHash unweighted one feature x{repeats}");
        }

        foreach ((int n, int seed) in VectorOracle.WordPairCases())
        {
            (List<ulong> vector, List<ulong> scalar) = VectorOracle.WordPairsOf(n, seed);
            Check(vector.SequenceEqual(scalar), $"word pairs n={n} seed={seed}");
        }

        foreach ((int rows, int perRow, int seed) in VectorOracle.ChainLinkCases())
        {
            (int[] vector, int[] scalar) = VectorOracle.LinkOf(VectorOracle.RandomSeeds(rows, perRow, seed));
            Check(vector.AsSpan().SequenceEqual(scalar), $"chain links rows={rows} per row={perRow} seed={seed}");
        }

        foreach ((int window, int n, int seed) in VectorOracle.WinnowingCases())
        {
            (List<ulong> vector, List<ulong> scalar) = VectorOracle.WinnowingOf(window, n, seed);
            Check(vector.SequenceEqual(scalar), $"winnowing window={window} n={n} seed={seed}");
        }

        for (int seed = 1; seed <= 3; seed++)
        {
            (bool[] vector, bool[] scalar) = VectorOracle.FunctionWordLookups(seed);
            Check(vector.AsSpan().SequenceEqual(scalar), $"function words seed={seed}");
        }

        Console.WriteLine($"checked {checkedCount} comparisons, {mismatches} mismatches");
        return mismatches == 0 ? 0 : 1;
    }
}
