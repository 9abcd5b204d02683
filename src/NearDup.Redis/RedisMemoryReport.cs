using System;
using System.Collections.Generic;

namespace NearDup.Redis;

/// <summary>
/// The server memory of a Redis index's namespace, split by structure (<see cref="RedisStructure"/>) and per live
/// document: what <see cref="RedisNearDupIndex.MeasureMemory"/> and <c>neardup index info --memory</c> report.
/// </summary>
/// <remarks>
/// <para>
/// The figures are the server's own accounting of each key (<c>MEMORY USAGE key SAMPLES 0</c>), read over every key of
/// the namespace on every primary: the whole namespace, at the moment of the reading (a writer adding meanwhile shows
/// partly). They leave out what the server spends on its own key tables and allocator fragmentation, which
/// <see cref="UsedMemory"/> (the whole server's) includes; replicas hold another copy each.
/// </para>
/// <para>
/// Where the server cannot give these figures (<see cref="IsAvailable"/> false) the report holds no rows and says why
/// in <see cref="UnavailableReason"/>: Garnet, whose <c>MEMORY USAGE</c> estimates the .NET objects behind a key rather
/// than the bytes Redis would use, or a server that refuses <c>MEMORY</c>, <c>SCAN</c> or <c>OBJECT</c> (an ACL
/// user without them, a renamed command), or, on a cluster, a primary that does not answer and whose slots no other
/// primary serves (a replica that does not answer holds nothing its primary does not, and is passed over). Nothing secret is in it: the source names endpoints and namespace only.
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class RedisMemoryReport
{
    private RedisMemoryReport(string source, long documents, IReadOnlyList<RedisStructureMemory> structures, long? usedMemory, string? unavailable)
    {
        Source = source;
        Documents = documents;
        Structures = structures;
        UsedMemory = usedMemory;
        UnavailableReason = unavailable;
        foreach (RedisStructureMemory s in structures)
        {
            Keys += s.Keys;
            Bytes += s.Bytes;
        }
    }

    /// <summary>The index's location, endpoints and namespace only (as <see cref="RedisLocation.ToString"/>).</summary>
    public string Source { get; }

    /// <summary>Live documents (the index's live counter) when the memory was read; -1 in a report without figures
    /// whose live counter could not be read either (the primary that holds it did not answer).</summary>
    public long Documents { get; }

    /// <summary>Whether the server gave the figures; when false, <see cref="UnavailableReason"/> says why and
    /// <see cref="Structures"/> is empty.</summary>
    public bool IsAvailable => UnavailableReason is null;

    /// <summary>Why the figures are not available, naming the server; null when they are.</summary>
    public string? UnavailableReason { get; }

    /// <summary>One row per family of keys, every family in the order of <see cref="RedisStructure"/> (a family with
    /// no key has a row of zeros); empty when not available.</summary>
    public IReadOnlyList<RedisStructureMemory> Structures { get; }

    /// <summary>Keys of the namespace counted, the sum of the rows' keys.</summary>
    public long Keys { get; }

    /// <summary>Bytes of the namespace's keys, the sum of the rows' bytes.</summary>
    public long Bytes { get; }

    /// <summary><see cref="Bytes"/> per live document; null when no document is live (or not available).</summary>
    public double? BytesPerDocument => IsAvailable && Documents > 0 ? Bytes / (double)Documents : null;

    /// <summary>The servers' <c>used_memory</c> (<c>INFO memory</c>) summed over the primaries: everything they hold,
    /// other namespaces and their own overhead included; null where a server does not report it.</summary>
    public long? UsedMemory { get; }

    /// <summary>A report of the figures read.</summary>
    internal static RedisMemoryReport Measured(string source, long documents, IReadOnlyList<RedisStructureMemory> structures, long? usedMemory) =>
        new(source, documents, structures, usedMemory, null);

    /// <summary>A report saying why there are no figures.</summary>
    internal static RedisMemoryReport Unavailable(string source, long documents, string reason) =>
        new(source, documents, Array.Empty<RedisStructureMemory>(), null, reason);

    /// <summary>The row of a family.</summary>
    /// <param name="structure">The family.</param>
    /// <returns>Its row.</returns>
    /// <exception cref="InvalidOperationException">The report holds no figures (<see cref="IsAvailable"/> false).</exception>
    public RedisStructureMemory this[RedisStructure structure] =>
        IsAvailable ? Structures[(int)structure] : throw new InvalidOperationException($"{Source}: no memory figures: {UnavailableReason}");
}
