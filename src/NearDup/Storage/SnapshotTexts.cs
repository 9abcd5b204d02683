using System;
using System.IO;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using NearDup.Storage.Codecs;

namespace NearDup.Storage;

/// <summary>
/// A snapshot file kept open so that an index reads its documents' compressed texts on demand, one at a time, instead
/// of holding them in memory: each read is checked against the checksum the structure image recorded for it.
/// </summary>
/// <remarks>
/// <para>
/// Implementation note: reads are <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> (one <c>pread</c>)
/// into a fresh array, not a view of a <c>MemoryMappedFile</c>. Measured on the 100,000-document snapshot of
/// <c>benchmarks/README.md</c> from the page cache (20,000 random texts of 1,592 bytes on average, read and hashed,
/// interleaved runs on a loaded 2-core machine): 4.8–8.3 µs a text with <c>pread</c>, 1.7–25 µs through a view
/// accessor's <c>ReadArray</c>, 1.0–1.7 µs through a pointer into the view. The few microseconds a map would save per
/// fetched candidate are noise against the ~12 µs of decompressing the text and the ~300 µs of verifying it, and a
/// fetch happens only when the cache of analysed documents misses; a map would need unsafe code (which the project
/// does not allow) to beat <c>pread</c>, a view over the whole 10 GB file at 1,000,000 documents, and would turn a file
/// cut short by another process into SIGBUS instead of an exception.
/// </para>
/// <para>
/// The handle is opened with <see cref="FileShare.Delete"/>, so a compaction can move a new snapshot over the path while
/// it is open; it keeps reading the file it opened (on Linux the old inode, until the handle closes). The store that
/// opened it closes it when it replaces the snapshot or is disposed.
/// </para>
/// <para>Thread safety: reads are safe from several threads at once (positional reads share no file position); a read
/// running while the object is disposed finishes (the handle is released after it), later reads throw
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
internal sealed class SnapshotTexts : IDisposable
{
    private readonly SafeFileHandle _file;

    private SnapshotTexts(string path, SafeFileHandle file, long length, long imageAt, long imageLength)
    {
        Path = path;
        _file = file;
        Length = length;
        Image = imageAt < 0 ? null : new ImageFile(file, imageAt, imageLength, path);
    }

    /// <summary>The file's path when it was opened, named in errors.</summary>
    public string Path { get; }

    /// <summary>The file's length when it was opened.</summary>
    public long Length { get; }

    /// <summary>Where the snapshot's structure image lies in the file, when the compaction that wrote the file said so
    /// (<see cref="Open"/>); null otherwise.</summary>
    public ImageFile? Image { get; }

    /// <summary>The handle, for readers of the same file that must read what this one reads (not owned by them).</summary>
    internal SafeFileHandle Handle => _file;

    /// <summary>Opens a snapshot file to read texts from.</summary>
    /// <param name="path">The file.</param>
    /// <param name="imageAt">Where the file's structure image starts, for <see cref="Image"/>; −1 when not known.</param>
    /// <param name="imageLength">The image's length in bytes.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static SnapshotTexts Open(string path, long imageAt = -1, long imageLength = 0)
    {
        SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            return new SnapshotTexts(path, file, RandomAccess.GetLength(file), imageAt, imageLength);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The checksum a structure image records for a text: XxHash3 (seed 0) of its compressed bytes.</summary>
    /// <param name="bytes">The compressed text.</param>
    /// <returns>The checksum.</returns>
    public static ulong Checksum(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);

    /// <summary>Reads a document's compressed text and checks it against its checksum.</summary>
    /// <param name="offset">Where the text starts in the file.</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="checksum">Its <see cref="Checksum"/>, as the structure image recorded it.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <returns>The compressed text, in a new array.</returns>
    /// <exception cref="NearDupFormatException">The file ends first, or the bytes do not match the checksum: the error
    /// names the file, the document and the offset.</exception>
    /// <exception cref="ObjectDisposedException">The file was closed.</exception>
    public byte[] Read(long offset, int length, ulong checksum, string id)
    {
        if (offset < 0 || length < 0 || length > Length - offset)
        {
            throw FormatErrors.Create(Path, $"document '{id}' text", FormatErrors.EndedAfter(Length, offset + length, "compressed text", offset));
        }

        byte[] text = GC.AllocateUninitializedArray<byte>(length);
        for (int done = 0; done < length;)
        {
            int read = RandomAccess.Read(_file, text.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw FormatErrors.Create(Path, $"document '{id}' text", $"the file ended at offset {offset + done}, shorter than the {Length} bytes it had when opened (changed while being read)");
            }

            done += read;
        }

        ulong actual = Checksum(text);
        if (actual != checksum)
        {
            throw FormatErrors.Create(Path, $"document '{id}' text", $"at offset {offset} ({length} bytes) does not match the checksum the structure image holds for it ({actual:X16}, expected {checksum:X16}): the snapshot is damaged there; `index verify` checks the whole file");
        }

        return text;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();
}
