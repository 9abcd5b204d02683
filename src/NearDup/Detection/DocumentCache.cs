using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>A bounded least-recently-used cache of indexed documents rebuilt for verification, by index key.</summary>
/// <remarks>
/// <para>
/// An indexed document is rebuilt (decompressed, tokenised and shingled) every time a query must
/// verify it; the documents verified recently are kept here so that a burst of queries about the same originals does
/// not rebuild them again. The capacity bounds the memory: a rebuilt 3 KB document holds ≈ 40 KB.
/// </para>
/// <para>
/// With <c>admitOnSecondMiss</c> a document is cached only when it misses a second time while its key is remembered
/// (the last 4 × capacity keys that missed once, at least 1,024): a candidate verified once and never again, the usual
/// case in a large index, is then not cached. Caching it would keep its ≈ 20 KB alive past the next young-generation
/// collection and promote it; at a million documents the collections of the older generation that such promotions
/// caused were what set the p99 of hit queries (benchmarks/README.md).
/// </para>
/// <para>
/// Thread safety: safe for concurrent use; one lock guards the map and the recency list, and is never held while a
/// document is rebuilt, so two threads that miss on the same key both rebuild it and the first to insert wins.
/// </para>
/// </remarks>
internal sealed class DocumentCache
{
    private readonly Dictionary<long, LinkedListNode<(long Key, IVerifiableDocument Document)>> _nodes = new();
    private readonly LinkedList<(long Key, IVerifiableDocument Document)> _recency = new();
    private readonly object _gate = new();
    private readonly HashSet<long>? _missedOnce;
    private readonly int _remember;
    private long _hits;
    private long _misses;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="capacity">Documents kept at most; 0 keeps none.</param>
    /// <param name="admitOnSecondMiss">Cache a document only on its second miss (see remarks); false caches every added document.</param>
    public DocumentCache(int capacity, bool admitOnSecondMiss = false)
    {
        Capacity = capacity;
        if (admitOnSecondMiss && capacity > 0)
        {
            _remember = Math.Max(1_024, 4 * capacity);
            _missedOnce = new HashSet<long>(_remember);
        }
    }

    /// <summary>Documents kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Documents held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Count;
            }
        }
    }

    /// <summary>Lookups that found their document, since creation.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that did not, since creation.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Looks a document up and marks it most recently used.</summary>
    /// <param name="key">The index key.</param>
    /// <param name="document">Receives the document when held.</param>
    /// <returns>True when held.</returns>
    public bool TryGet(long key, [NotNullWhen(true)] out IVerifiableDocument? document)
    {
        lock (_gate)
        {
            if (_nodes.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                document = node.Value.Document;
                return true;
            }

            _misses++;
            document = null;
            return false;
        }
    }

    /// <summary>Adds a document as the most recently used, evicting the least recently used beyond capacity.</summary>
    /// <param name="key">The index key.</param>
    /// <param name="document">The rebuilt document.</param>
    /// <returns>The document now held under the key: one another thread added first, or <paramref name="document"/>.</returns>
    public IVerifiableDocument Add(long key, IVerifiableDocument document)
    {
        if (Capacity == 0)
        {
            return document;
        }

        lock (_gate)
        {
            if (_nodes.TryGetValue(key, out var existing))
            {
                return existing.Value.Document;
            }

            return AdmitsLocked(key) ? InsertLocked(key, document) : document;
        }
    }

    /// <summary>Records that the document under a key missed and says whether the one rebuilt for it will be kept: the
    /// decision <see cref="Add"/> makes, taken before rebuilding, so that a document that will not be kept can be
    /// rebuilt into pooled arrays and given back after its query.</summary>
    /// <param name="key">The index key.</param>
    /// <returns>True to rebuild it for keeping and <see cref="Insert"/> it; false when it is not kept (capacity 0, its
    /// first miss under second-miss admission, or another thread cached it meanwhile).</returns>
    public bool Admits(long key)
    {
        if (Capacity == 0)
        {
            return false;
        }

        lock (_gate)
        {
            return !_nodes.ContainsKey(key) && AdmitsLocked(key);
        }
    }

    /// <summary>Adds a document that <see cref="Admits"/> accepted, as the most recently used, evicting the least recently
    /// used beyond capacity.</summary>
    /// <param name="key">The index key.</param>
    /// <param name="document">The rebuilt document.</param>
    /// <returns>The document now held under the key: one another thread added first, or <paramref name="document"/>.</returns>
    public IVerifiableDocument Insert(long key, IVerifiableDocument document)
    {
        if (Capacity == 0)
        {
            return document;
        }

        lock (_gate)
        {
            return _nodes.TryGetValue(key, out var existing) ? existing.Value.Document : InsertLocked(key, document);
        }
    }

    private bool AdmitsLocked(long key)
    {
        if (_missedOnce is null || _missedOnce.Remove(key))
        {
            return true;
        }

        if (_missedOnce.Count >= _remember)
        {
            _missedOnce.Clear(); // forget the oldest generation of one-time keys (keeps its storage)
        }

        _missedOnce.Add(key);
        return false;
    }

    private IVerifiableDocument InsertLocked(long key, IVerifiableDocument document)
    {
        _nodes[key] = _recency.AddFirst((key, document));
        while (_nodes.Count > Capacity)
        {
            LinkedListNode<(long Key, IVerifiableDocument Document)> last = _recency.Last!;
            _recency.RemoveLast();
            _nodes.Remove(last.Value.Key);
        }

        return document;
    }

    /// <summary>Drops every document and every remembered miss (the keys they were held under are no longer the index's).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _nodes.Clear();
            _recency.Clear();
            _missedOnce?.Clear();
        }
    }

    /// <summary>Drops a key (its document was removed from the index).</summary>
    /// <param name="key">The index key.</param>
    public void Remove(long key)
    {
        lock (_gate)
        {
            if (_nodes.Remove(key, out var node))
            {
                _recency.Remove(node);
            }

            _missedOnce?.Remove(key);
        }
    }
}
