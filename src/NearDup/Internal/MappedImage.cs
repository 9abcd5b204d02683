using System;
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

    /// <summary>Starts filling in the page tables of a range of the map in the background
    /// (<see cref="HugePages.PopulateRead"/>), so that the first lookups do not each take page faults; lookups may run
    /// meanwhile. The background work holds a lease, so <see cref="Dispose"/> waits for it.</summary>
    /// <param name="offset">Bytes from the image's start.</param>
    /// <param name="length">Bytes from there.</param>
    public void PopulateInBackground(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset + length > Length)
        {
            return;
        }

        SafeMemoryMappedViewHandle handle = _view.SafeMemoryMappedViewHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        var at = (IntPtr)(_start + offset);
        System.Threading.ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                try
                {
                    HugePages.PopulateRead(at, length);
                }
                finally
                {
                    handle.DangerousRelease();
                }
            },
            null);
    }

    /// <summary>Unmaps once no lease is held any more (at once when none is).</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
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
