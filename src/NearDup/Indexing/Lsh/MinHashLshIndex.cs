using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using NearDup.Sketches.MinHash;

namespace NearDup.Indexing.Lsh;

/// <summary>An in-memory MinHash LSH banding index over integer keys.</summary>
/// <remarks>
/// <para>
/// Each sketch is cut into <see cref="LshParameters.Bands"/> bands of <see cref="LshParameters.Rows"/> values; each band
/// is hashed (XxHash3, seeded with the band number) into a bucket. A query returns every key sharing at least one bucket:
/// candidates, not verdicts, to be confirmed on the real shingle sets. Buckets are singly linked lists in flat arrays,
/// so an entry costs 8 bytes plus the dictionary slot of its bucket.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent queries without writes are safe.</para>
/// </remarks>
public sealed class MinHashLshIndex
{
    private readonly Dictionary<ulong, int>[] _heads;
    private int[] _next = new int[64];
    private int[] _keys = new int[64];
    private int _entries;

    /// <summary>Creates an empty index.</summary>
    /// <param name="parameters">Sketch parameters every added or queried sketch must have.</param>
    /// <param name="banding">The banding; its b·r must not exceed the sketch's hash count.</param>
    /// <exception cref="ArgumentException">The banding needs more hashes than the sketches have.</exception>
    public MinHashLshIndex(MinHashParameters parameters, LshParameters banding)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(banding);
        if (banding.HashesUsed > parameters.HashCount)
        {
            throw new ArgumentException($"banding {banding} uses {banding.HashesUsed} hashes; sketches have {parameters.HashCount}.", nameof(banding));
        }

        Parameters = parameters;
        Banding = banding;
        _heads = new Dictionary<ulong, int>[banding.Bands];
        for (int i = 0; i < _heads.Length; i++)
        {
            _heads[i] = new Dictionary<ulong, int>();
        }
    }

    /// <summary>Sketch parameters of the index.</summary>
    public MinHashParameters Parameters { get; }

    /// <summary>The banding.</summary>
    public LshParameters Banding { get; }

    /// <summary>Number of sketches added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a sketch under <paramref name="key"/>.</summary>
    /// <param name="key">The caller's key for the document.</param>
    /// <param name="sketch">Its sketch.</param>
    /// <exception cref="ArgumentException">The sketch was made under other parameters.</exception>
    public void Add(int key, MinHashSketch sketch)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        Parameters.EnsureCompatible(sketch.Parameters, nameof(sketch));
        if (sketch.IsEmpty)
        {
            Count++;
            return; // an empty document has no band to share; exact-duplicate detection handles empty texts.
        }

        EnsureCapacity(_entries + Banding.Bands);
        for (int band = 0; band < Banding.Bands; band++)
        {
            ulong bucket = BandHash(sketch.Values, band);
            ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(_heads[band], bucket, out bool exists);
            _keys[_entries] = key;
            _next[_entries] = exists ? head : -1;
            head = _entries;
            _entries++;
        }

        Count++;
    }

    /// <summary>Adds to <paramref name="results"/> every key that shares a band with <paramref name="sketch"/>.</summary>
    /// <param name="sketch">The query sketch.</param>
    /// <param name="results">Receives candidate keys (each once).</param>
    /// <exception cref="ArgumentException">The sketch was made under other parameters.</exception>
    public void Query(MinHashSketch sketch, ISet<int> results)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        ArgumentNullException.ThrowIfNull(results);
        Parameters.EnsureCompatible(sketch.Parameters, nameof(sketch));
        if (sketch.IsEmpty)
        {
            return;
        }

        for (int band = 0; band < Banding.Bands; band++)
        {
            if (_heads[band].TryGetValue(BandHash(sketch.Values, band), out int entry))
            {
                for (; entry >= 0; entry = _next[entry])
                {
                    results.Add(_keys[entry]);
                }
            }
        }
    }

    private ulong BandHash(ReadOnlySpan<uint> values, int band)
    {
        ReadOnlySpan<uint> slice = values.Slice(band * Banding.Rows, Banding.Rows);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(slice), band);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        int size = Math.Max(needed, _keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _next, size);
    }
}
