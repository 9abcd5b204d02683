using System;
using System.Threading;

namespace NearDup.Internal;

/// <summary>
/// The block checksums of a structure image (version 4): one XxHash3 per <see cref="Size"/> bytes from the image's start,
/// and which blocks have been checked, so that a part of the image read in place from a memory map is checked block by
/// block the first time something reads it instead of all at once when the index opens.
/// </summary>
/// <remarks>
/// <para>
/// Why blocks: an open that hashes 2.9 GB of passage tables before it returns spends most of its time there, though a
/// query reads a few hundred places of them. The rule is that an open checks what is cheap and damage is found
/// when a section is read, with a clear error and never a wrong answer. A block is checked, whole, before any of its
/// bytes is used; 64 KiB is the kernel's fault-around window for a mapped file, so the first read of a block faults in
/// what its check reads anyway, and the first query checks a few hundred blocks (tens of MB, milliseconds).
/// </para>
/// <para>
/// State: one bit per block for "checked and matching", one for "checked and damaged". Bits are set with
/// <see cref="Interlocked.Or(ref ulong, ulong)"/> and read without a lock: the mapped bytes never change, so two threads
/// that check the same block at once both hash it and agree; a thread that sees a bit set reads bytes that were
/// already checked. Once every block of the lazily checked range is checked, <see cref="AllChecked"/> turns true and
/// readers stop asking.
/// </para>
/// <para>Thread safety: safe for concurrent use.</para>
/// </remarks>
internal sealed class ImageBlocks
{
    /// <summary>log2 of <see cref="Size"/>.</summary>
    public const int Shift = 16;

    /// <summary>Bytes per block (the last block of an image may be shorter).</summary>
    public const int Size = 1 << Shift;

    private readonly ulong[] _checksums;
    private readonly ulong[] _checked;
    private readonly ulong[] _damaged;
    private readonly long _first; // the lazily checked range of blocks: [_first, _end)
    private readonly long _end;
    private long _unchecked;
    private volatile bool _allChecked;

    /// <summary>Creates the state of an image's blocks.</summary>
    /// <param name="checksums">One XxHash3 (seed 0) per block, from the image's start; the last block may be shorter.</param>
    /// <param name="covered">The bytes the blocks cover (the image up to its directory).</param>
    /// <param name="lazyStart">The first byte checked lazily (the rest of the image is checked otherwise, when it is read).</param>
    /// <param name="lazyEnd">The byte after the last one checked lazily.</param>
    /// <exception cref="ArgumentException">The checksums are not one per block, or the range is not inside what they cover.</exception>
    public ImageBlocks(ulong[] checksums, long covered, long lazyStart, long lazyEnd)
    {
        ArgumentNullException.ThrowIfNull(checksums);
        if (checksums.Length != Count(covered) || lazyStart < 0 || lazyEnd > covered || lazyStart > lazyEnd)
        {
            throw new ArgumentException($"{checksums.Length} block checksums for {covered} bytes, lazily checked from {lazyStart} to {lazyEnd}.", nameof(checksums));
        }

        _checksums = checksums;
        Covered = covered;
        _checked = new ulong[(checksums.Length + 63) >> 6];
        _damaged = new ulong[_checked.Length];
        _first = lazyStart >> Shift;
        _end = lazyEnd == lazyStart ? _first : ((lazyEnd - 1) >> Shift) + 1;
        _unchecked = _end - _first;
        _allChecked = _unchecked == 0;
    }

    /// <summary>The bytes the blocks cover, from the image's start.</summary>
    public long Covered { get; }

    /// <summary>Whether every block of the lazily checked range has been checked and matched.</summary>
    public bool AllChecked => _allChecked;

    /// <summary>The first block of the lazily checked range.</summary>
    public long FirstLazyBlock => _first;

    /// <summary>The block after the last of the lazily checked range.</summary>
    public long EndLazyBlock => _end;

    /// <summary>Blocks needed to cover <paramref name="bytes"/> bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The count.</returns>
    public static int Count(long bytes) => checked((int)((bytes + Size - 1) >> Shift));

    /// <summary>Whether every block from <paramref name="first"/> to <paramref name="last"/> (both included) was checked
    /// and matched. The fast path of a read: two bit tests.</summary>
    /// <param name="first">The first block.</param>
    /// <param name="last">The last block, at most one after <paramref name="first"/> for an element read.</param>
    /// <returns>True when both are checked.</returns>
    public bool IsChecked(long first, long last) =>
        (((_checked[first >> 6] >> (int)(first & 63)) & (_checked[last >> 6] >> (int)(last & 63))) & 1) != 0;

    /// <summary>Whether a block was found damaged.</summary>
    /// <param name="block">The block.</param>
    /// <returns>True when its bytes did not match its checksum.</returns>
    public bool IsDamaged(long block) => ((_damaged[block >> 6] >> (int)(block & 63)) & 1) != 0;

    /// <summary>Checks one block's bytes against its checksum and records the result.</summary>
    /// <param name="block">The block.</param>
    /// <param name="bytes">Its bytes (<see cref="Size"/>, or fewer for the last).</param>
    /// <returns>True when they match.</returns>
    public bool Check(long block, ReadOnlySpan<byte> bytes)
    {
        ulong bit = 1UL << (int)(block & 63);
        if ((_checked[block >> 6] & bit) != 0)
        {
            return true;
        }

        if (System.IO.Hashing.XxHash3.HashToUInt64(bytes) != _checksums[block])
        {
            Interlocked.Or(ref _damaged[block >> 6], bit);
            return false;
        }

        if ((Interlocked.Or(ref _checked[block >> 6], bit) & bit) == 0 && block >= _first && block < _end && Interlocked.Decrement(ref _unchecked) == 0)
        {
            _allChecked = true;
        }

        return true;
    }

    /// <summary>The bytes of block <paramref name="block"/>: from its start, <see cref="Size"/> or up to <see cref="Covered"/>.</summary>
    /// <param name="block">The block.</param>
    /// <returns>Its offset from the image's start and its length.</returns>
    public (long Start, int Length) Extent(long block)
    {
        long start = block << Shift;
        return (start, (int)Math.Min(Size, Covered - start));
    }
}
