using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

public class EntrySortTests
{
    /// <summary>Sizes around the switch to radix sorting (2,048) and a large one; fingerprints from 2³² or 3 values.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int length in new[] { 0, 1, 2, 7, 2047, 2048, 2049, 100_000 })
        {
            foreach (uint alphabet in new[] { 0u, 3u })
            {
                yield return new TestCaseData(length, alphabet).SetName($"Sort_EqualsAComparisonSort(length={length}, fingerprints={(alphabet == 0 ? "2^32" : alphabet)})");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Sort_EqualsAComparisonSort(int length, uint alphabet)
    {
        // Entries as a batch makes them: random fingerprints, ids ascending, so the stable sort on fingerprints alone
        // must equal sorting whole entries. The top fingerprint bits vary too (the last radix digit).
        var random = new Random(length + (int)alphabet);
        ulong[] entries = Enumerable.Range(0, length)
            .Select(id => BandTable.Entry(alphabet == 0 ? (uint)random.NextInt64(0, 1L << 32) : (uint)random.Next((int)alphabet) * 0x5555_5555u, id))
            .ToArray();
        ulong[] expected = entries.Order().ToArray();
        Span<ulong> sorted = EntrySort.Sort(entries, new ulong[length]);
        Assert.That(sorted.ToArray(), Is.EqualTo(expected));
    }
}
