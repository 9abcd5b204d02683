using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace NearDup.Indexing.Passages;

/// <summary>An inverted index from winnowed passage fingerprints to the documents holding them.</summary>
/// <remarks>
/// <para>
/// A query counts, per indexed document, the fingerprints it shares with the query, and returns documents sharing at
/// least a minimum number. Fingerprints held by more than <see cref="MaxPostings"/> documents are boilerplate (a site's
/// footer, a stock phrase) and say nothing about which document is copied from which: queries skip them, so a query
/// costs at most MaxPostings per fingerprint and the index stays sub-quadratic.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent queries without writes are safe.</para>
/// </remarks>
public sealed class PassageIndex
{
    private readonly Dictionary<ulong, List<int>> _postings = new();

    /// <summary>Creates an empty index.</summary>
    /// <param name="maxPostings">Fingerprints held by more documents than this are ignored by queries; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPostings"/> is less than 2.</exception>
    public PassageIndex(int maxPostings = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPostings, 2);
        MaxPostings = maxPostings;
    }

    /// <summary>Fingerprints held by more documents than this are ignored by queries.</summary>
    public int MaxPostings { get; }

    /// <summary>Adds a document's fingerprints.</summary>
    /// <param name="key">The caller's key for the document.</param>
    /// <param name="fingerprints">Its distinct fingerprints.</param>
    public void Add(int key, IEnumerable<ulong> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        foreach (ulong f in fingerprints)
        {
            ref List<int>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(_postings, f, out _);
            list ??= new List<int>(2);
            list.Add(key);
        }
    }

    /// <summary>Counts shared fingerprints per indexed document.</summary>
    /// <param name="fingerprints">The query's distinct fingerprints.</param>
    /// <param name="counts">Receives (key, shared count) for every document sharing at least one non-boilerplate fingerprint.</param>
    public void CountShared(IEnumerable<ulong> fingerprints, Dictionary<int, int> counts)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (ulong f in fingerprints)
        {
            if (_postings.TryGetValue(f, out List<int>? list) && list.Count <= MaxPostings)
            {
                foreach (int key in list)
                {
                    ref int c = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
                    c++;
                }
            }
        }
    }

    /// <summary>Visits every pair of documents that share at least <paramref name="minShared"/> non-boilerplate fingerprints.</summary>
    /// <param name="minShared">Least number of shared fingerprints, at least 1.</param>
    /// <returns>Pairs (smaller key, larger key) with their shared count.</returns>
    public Dictionary<(int A, int B), int> SharedPairs(int minShared)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minShared, 1);
        var counts = new Dictionary<(int, int), int>();
        foreach (List<int> list in _postings.Values)
        {
            if (list.Count < 2 || list.Count > MaxPostings)
            {
                continue;
            }

            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                {
                    int a = list[i], b = list[j];
                    if (a == b)
                    {
                        continue;
                    }

                    var key = a < b ? (a, b) : (b, a);
                    ref int c = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
                    c++;
                }
            }
        }

        var result = new Dictionary<(int, int), int>();
        foreach (var (pair, c) in counts)
        {
            if (c >= minShared)
            {
                result.Add(pair, c);
            }
        }

        return result;
    }
}
