using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NearDup.Storage;

namespace NearDup.Internal;

/// <summary>
/// A read-only memory map of a snapshot's structure image, so that structures whose image is the layout they are read
/// in (the passage tables) are used where they lie in the page cache instead of being copied into fresh managed arrays.
/// </summary>
/// <remarks>
/// <para>
/// Why <c>unsafe</c>: a <see cref="ReadOnlySpan{T}"/> over mapped memory can only be made from a pointer. The
/// alternative, <c>MemoryMappedViewAccessor.Read</c> per element, is a bounds-checked call per
/// probe, and the passage tables are probed a few hundred times per query. This is the one type of the library that
/// holds a pointer: it checks every span it hands out against the mapped length, and hands spans out only through a
/// <see cref="Lease"/>, which holds a reference on the view's handle, so that disposing the map while a lookup is
/// reading it defers the unmap until the lookup ends (<see cref="SafeHandle"/> reference counting) instead of letting
/// the lookup read unmapped memory. A lookup that starts after <see cref="Dispose"/> gets an
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// The image is little-endian with every array 8-byte aligned from the image's start, and the image starts on a
/// 64-byte boundary of the file (<see cref="StoreFormat.ImageAlignment"/>), so the spans are aligned on a little-endian
/// process; <see cref="Open"/> refuses a big-endian one. The map is of the file, not of a copy: the store replaces a
/// snapshot by renaming a new file over it, never by writing into it, so mapped bytes do not change under a reader.
/// </para>
/// <para>Thread safety: safe for concurrent leases; <see cref="Dispose"/> may run while leases are held.</para>
/// </remarks>
internal sealed unsafe class MappedImage : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private int _disposed;
    private ImageBlocks? _blocks; // version 4: the blocks checked the first time they are read
    private Func<long, long, string>? _partsIn; // names the parts a range of the image overlaps, for errors
    private System.Threading.Thread? _checker; // CheckInBackground's thread, joined by Dispose
    private readonly List<Populating> _populating = new(); // PopulateInBackground's work, waited for or called off by Dispose

    private MappedImage(MemoryMappedFile map, MemoryMappedViewAccessor view, byte* start, ImageFile file)
    {
        _map = map;
        _view = view;
        _start = start;
        Length = file.Length;
        FileOffset = file.Offset;
        Path = file.Path;
    }

    /// <summary>The image's length in bytes.</summary>
    public long Length { get; }

    /// <summary>Where the image's first byte lies in the file (for errors).</summary>
    public long FileOffset { get; }

    /// <summary>The file's path (for errors).</summary>
    public string Path { get; }

    /// <summary>Maps an image read-only.</summary>
    /// <param name="file">Where the image lies; the handle is not taken over (the map keeps the file mapped after the
    /// handle is closed).</param>
    /// <returns>The map.</returns>
    /// <exception cref="PlatformNotSupportedException">The process is big-endian.</exception>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public static MappedImage Open(ImageFile file)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("index images are little-endian and this process is not.");
        }

        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(file.Handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(file.Offset, file.Length, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            return new MappedImage(map, view, start + view.PointerOffset, file);
        }
        catch
        {
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Takes a reference on the map for the span of one lookup: spans come from the lease, and the map stays
    /// mapped until every lease is disposed.</summary>
    /// <returns>The lease; dispose it (a <c>using</c>) when the lookup ends.</returns>
    /// <exception cref="ObjectDisposedException">The map was disposed.</exception>
    public Lease Acquire()
    {
        SafeMemoryMappedViewHandle handle = _view.SafeMemoryMappedViewHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        return new Lease(this, handle);
    }

    /// <summary>Advises huge pages for a range of the map (<see cref="HugePages.AdviseMapped"/>): for the parts read in
    /// place at random (the passage tables), before anything reads them.</summary>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="length">Bytes from there.</param>
    public void AdviseHugePages(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset + length > Length)
        {
            return;
        }

        using Lease lease = Acquire();
        HugePages.AdviseMapped((IntPtr)(_start + offset), length);
    }

    /// <summary>How much of a range <see cref="PopulateInBackground"/> fills in at a time before it looks whether the map
    /// was disposed.</summary>
    private const long PopulateStep = 16L << 20;

    /// <summary>Starts filling in the page tables of a range of the map in the background
    /// (<see cref="HugePages.PopulateRead"/>), so that the first lookups do not each take page faults; lookups may run
    /// meanwhile. <see cref="Dispose"/> calls the work off if it has not started, and otherwise waits for it to stop
    /// after the <see cref="PopulateStep"/> it is on, so that the unmap happens when Dispose returns (a replaced
    /// snapshot's pages are freed at once, and a test that reads the process's maps after it sees them gone).</summary>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="length">Bytes from there.</param>
    public void PopulateInBackground(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset + length > Length)
        {
            return;
        }

        var job = new Populating();
        SafeMemoryMappedViewHandle handle = _view.SafeMemoryMappedViewHandle;
        lock (_populating)
        {
            if (System.Threading.Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            // Taken before Dispose can see the work, which may call it off and release the reference in its place.
            bool added = false;
            handle.DangerousAddRef(ref added);
            _populating.Add(job);
        }

        byte* at = _start + offset;
        System.Threading.ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                if (System.Threading.Interlocked.CompareExchange(ref job.State, Populating.Running, Populating.Queued) != Populating.Queued)
                {
                    return; // called off by Dispose, which released the reference on its behalf
                }

                try
                {
                    for (long done = 0; done < length && System.Threading.Volatile.Read(ref _disposed) == 0; done += PopulateStep)
                    {
                        HugePages.PopulateRead((IntPtr)(at + done), Math.Min(PopulateStep, length - done));
                    }
                }
                finally
                {
                    handle.DangerousRelease();
                    System.Threading.Volatile.Write(ref job.State, Populating.Done);
                    job.Finished.Set();
                }
            },
            null);
    }

    /// <summary>One <see cref="PopulateInBackground"/> call's work: queued, running, called off or done.</summary>
    private sealed class Populating
    {
        public const int Queued = 0, Running = 1, CalledOff = 2, Done = 3;

        /// <summary>Where the work is (one of the constants).</summary>
        public int State;

        /// <summary>Set once a work that ran has stopped.</summary>
        public readonly System.Threading.ManualResetEventSlim Finished = new(false);
    }

    /// <summary>The block checksums reads are checked against, or null when the image is checked otherwise (versions
    /// up to 3: every mapped byte hashed at open; a map of an image this process just wrote: trusted).</summary>
    internal ImageBlocks? Blocks => _blocks;

    /// <summary>From now on, every read of the lazily checked range of <paramref name="blocks"/> through
    /// <see cref="Ensure"/> (and every <see cref="Read"/>) first checks the blocks it touches.</summary>
    /// <param name="blocks">The image's block checksums.</param>
    /// <param name="partsIn">Names the parts of the image a range [start, end) overlaps ("image part 3 (word passages)"),
    /// for errors.</param>
    /// <exception cref="ArgumentException">The blocks cover more than the image.</exception>
    internal void CheckLazily(ImageBlocks blocks, Func<long, long, string> partsIn)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(partsIn);
        if (blocks.Covered > Length)
        {
            throw new ArgumentException($"the blocks cover {blocks.Covered} bytes of a {Length}-byte image.", nameof(blocks));
        }

        _partsIn = partsIn;
        _blocks = blocks;
    }

    /// <summary>The block checks a reader must still make, or null when there are none left (no block checksums, or every
    /// block of the lazy range checked): readers take this once per lookup and call <see cref="Ensure"/> only when it is
    /// not null.</summary>
    internal ImageBlocks? PendingChecks => _blocks is { AllChecked: false } blocks ? blocks : null;

    /// <summary>Makes sure the blocks holding <paramref name="length"/> bytes at <paramref name="offset"/> were checked
    /// against their checksums, checking them now when not: the fast path is two bit tests.</summary>
    /// <param name="blocks">This image's <see cref="PendingChecks"/>.</param>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="length">Bytes from there, at least 1 and at most <see cref="ImageBlocks.Size"/>.</param>
    /// <exception cref="NearDupFormatException">A block does not match its checksum: the error names the file, the
    /// part and the block's offset in the file. Every later read of the block gets the same error.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Ensure(ImageBlocks blocks, long offset, int length)
    {
        long first = offset >> ImageBlocks.Shift;
        long last = (offset + length - 1) >> ImageBlocks.Shift;
        if (!blocks.IsChecked(first, last))
        {
            EnsureBlocks(blocks, first, last);
        }
    }

    /// <summary>As <see cref="Ensure"/> for a range of any length: every block it touches (for a reader that copies or
    /// writes a whole structure, such as a compaction).</summary>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="length">Bytes from there.</param>
    /// <exception cref="NearDupFormatException">A block does not match its checksum.</exception>
    internal void EnsureRange(long offset, long length)
    {
        if (PendingChecks is not { } blocks || length <= 0)
        {
            return;
        }

        using Lease lease = Acquire();
        EnsureBlocks(blocks, offset >> ImageBlocks.Shift, (offset + length - 1) >> ImageBlocks.Shift);
    }

    /// <summary>Checks every lazily checked block not checked yet (a compaction asks first, so that it builds the
    /// structures from the documents rather than copy a damaged table).</summary>
    /// <returns>The error of the first damaged block, or null when every block matches its checksum.</returns>
    internal string? Damage()
    {
        if (PendingChecks is not { } blocks)
        {
            return null;
        }

        try
        {
            using Lease lease = Acquire();
            EnsureBlocks(blocks, blocks.FirstLazyBlock, blocks.EndLazyBlock - 1);
            return null;
        }
        catch (NearDupFormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Copies <paramref name="into"/>.Length bytes at <paramref name="offset"/> out of the map, the blocks they
    /// lie in checked first (for reading a lazily checked part's fields at open).</summary>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="into">Receives the bytes.</param>
    /// <exception cref="NearDupFormatException">A block does not match its checksum.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range reaches past the image.</exception>
    internal void Read(long offset, Span<byte> into)
    {
        using Lease lease = Acquire();
        ReadOnlySpan<byte> bytes = lease.Span<byte>(offset, into.Length);
        if (!into.IsEmpty)
        {
            EnsureRange(offset, into.Length);
        }

        bytes.CopyTo(into);
    }

    /// <summary>Checks the lazily checked blocks in the background, front to back, filling in the map's page tables as
    /// it goes (<see cref="HugePages.PopulateRead"/>): once it is done, reads stop checking, and damage anywhere is
    /// recorded, to be reported by the first read of the block. Stops early when the image is disposed.</summary>
    internal void CheckInBackground()
    {
        if (PendingChecks is not { } blocks)
        {
            return;
        }

        SafeMemoryMappedViewHandle handle = _view.SafeMemoryMappedViewHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                const int Step = 16; // blocks per page-table fill: 1 MiB
                for (long block = blocks.FirstLazyBlock; block < blocks.EndLazyBlock && System.Threading.Volatile.Read(ref _disposed) == 0; block += Step)
                {
                    long end = Math.Min(block + Step, blocks.EndLazyBlock);
                    (long start, _) = blocks.Extent(block);
                    (long lastStart, int lastLength) = blocks.Extent(end - 1);
                    HugePages.PopulateRead((IntPtr)(_start + start), lastStart + lastLength - start);
                    for (long b = block; b < end; b++)
                    {
                        (long at, int length) = blocks.Extent(b);
                        blocks.Check(b, new ReadOnlySpan<byte>(_start + at, length));
                    }
                }
            }
            finally
            {
                handle.DangerousRelease();
            }
        })
        {
            IsBackground = true,
            Name = "NearDup image check",
            Priority = System.Threading.ThreadPriority.BelowNormal,
        };
        _checker = thread;
        thread.Start();
    }

    /// <summary>The slow path of <see cref="Ensure"/>: checks blocks <paramref name="first"/> to <paramref name="last"/>.
    /// The error names every part the damaged block overlaps (a block may hold the end of one part and the start of the
    /// next, and its checksum does not say which byte changed).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnsureBlocks(ImageBlocks blocks, long first, long last)
    {
        for (long block = first; block <= last; block++)
        {
            (long at, int length) = blocks.Extent(block);
            if (blocks.IsDamaged(block) || !blocks.Check(block, new ReadOnlySpan<byte>(_start + at, length)))
            {
                throw Storage.Codecs.FormatErrors.Create(Path, "section CIMG", $"{_partsIn!(at, at + length)} checksum mismatch in the {length}-byte block at offset {FileOffset + at} (found when it was first read; `neardup index verify` checks every byte)");
            }
        }
    }

    /// <summary>Unmaps once no lease is held any more (at once when none is).</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The background check stops after the megabyte it is on; waiting for it lets the unmap happen now rather than
        // whenever it gets to run again (a replaced snapshot's pages are freed at once).
        if (_checker is { } checker && checker != System.Threading.Thread.CurrentThread)
        {
            checker.Join();
        }

        // The same for the page tables' fill: a work the thread pool has not started yet is called off (its reference
        // released here), a running one stops after its step.
        Populating[] jobs;
        lock (_populating)
        {
            jobs = [.. _populating];
        }

        foreach (Populating job in jobs)
        {
            if (System.Threading.Interlocked.CompareExchange(ref job.State, Populating.CalledOff, Populating.Queued) == Populating.Queued)
            {
                _view.SafeMemoryMappedViewHandle.DangerousRelease();
            }
            else
            {
                job.Finished.Wait();
            }

            job.Finished.Dispose();
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>A reference on a <see cref="MappedImage"/> for the span of a lookup, and the spans over it.</summary>
    /// <remarks>A <c>ref struct</c>: it cannot be stored, so neither can the spans outlive the lookup that took it.</remarks>
    internal readonly ref struct Lease
    {
        private readonly MappedImage _image;
        private readonly SafeMemoryMappedViewHandle _handle;

        internal Lease(MappedImage image, SafeMemoryMappedViewHandle handle)
        {
            _image = image;
            _handle = handle;
        }

        /// <summary>The <paramref name="count"/> elements of type <typeparamref name="T"/> at <paramref name="offset"/>
        /// bytes from the image's start.</summary>
        /// <typeparam name="T">A blittable element type, laid out as the image's writer wrote it.</typeparam>
        /// <param name="offset">Bytes from the image's start, a multiple of the element's alignment.</param>
        /// <param name="count">Elements.</param>
        /// <returns>The span.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The span would reach past the image.</exception>
        public ReadOnlySpan<T> Span<T>(long offset, int count)
            where T : unmanaged
        {
            if (offset < 0 || count < 0 || offset + ((long)count * Unsafe.SizeOf<T>()) > _image.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), $"{count} elements of {Unsafe.SizeOf<T>()} bytes at offset {offset} reach past the {_image.Length}-byte image of {_image.Path}.");
            }

            return new ReadOnlySpan<T>(_image._start + offset, count);
        }

        /// <summary>Releases the reference.</summary>
        public void Dispose() => _handle.DangerousRelease();
    }
}
