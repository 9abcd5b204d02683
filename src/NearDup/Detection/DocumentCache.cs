using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace NearDup.Detection;

/// <summary>A bounded least-recently-used cache of analysed documents by index key.</summary>
/// <remarks>
/// <para>
/// An indexed document is rebuilt (decompressed and analysed, ≈ 0.1 ms for 3 KB) every time a query must verify it;
/// the documents verified recently are kept here so that a burst of queries about the same originals does not
/// analyse them again. The capacity bounds the memory: an analysed 3 KB document holds ≈ 45 KB.
/// </para>
/// <para>
/// Thread safety: safe for concurrent use; one lock guards the map and the recency list, and is never held while a
/// document is analysed, so two threads that miss on the same key both analyse it and the first to insert wins.
/// </para>
/// </remarks>
internal sealed class DocumentCache
{
    private readonly Dictionary<int, LinkedListNode<(int Key, AnalyzedDocument Document)>> _nodes = new();
    private readonly LinkedList<(int Key, AnalyzedDocument Document)> _recency = new();
    private readonly object _gate = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="capacity">Documents kept at most; 0 keeps none.</param>
    public DocumentCache(int capacity)
    {
        Capacity = capacity;
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
    public bool TryGet(int key, [NotNullWhen(true)] out AnalyzedDocument? document)
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
    /// <param name="document">The analysed document.</param>
    /// <returns>The document now held under the key: one another thread added first, or <paramref name="document"/>.</returns>
    public AnalyzedDocument Add(int key, AnalyzedDocument document)
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

            _nodes[key] = _recency.AddFirst((key, document));
            while (_nodes.Count > Capacity)
            {
                LinkedListNode<(int Key, AnalyzedDocument Document)> last = _recency.Last!;
                _recency.RemoveLast();
                _nodes.Remove(last.Value.Key);
            }

            return document;
        }
    }

    /// <summary>Drops a key (its document was removed from the index).</summary>
    /// <param name="key">The index key.</param>
    public void Remove(int key)
    {
        lock (_gate)
        {
            if (_nodes.Remove(key, out var node))
            {
                _recency.Remove(node);
            }
        }
    }
}
