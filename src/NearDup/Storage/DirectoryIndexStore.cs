using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Internal;

namespace NearDup.Storage;

/// <summary>
/// An <see cref="IIndexStore"/> kept in a directory: a checksummed snapshot plus a write-ahead log of committed batches,
/// guarded by a lock file so only one writer opens it at a time.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> <c>index.lock</c> is opened with <see cref="FileShare.None"/> for the store's lifetime, so a second
/// writer, in this process or another, fails with <see cref="IndexLockedException"/> (after trying for half a second,
/// <see cref="LockAttempts"/>: a reader holds the file shared for the moment it reads the acknowledged mark); the
/// operating system releases it when the store is disposed or the process dies. <c>snapshot.ndup</c> holds the options blob and every
/// live document as of the last compaction; <c>wal.ndlog</c> holds each batch committed since. Numbers are
/// little-endian; every checksum is XxHash64 (seed 0) unless stated.
/// </para>
/// <para>
/// <b>snapshot.ndup</b> (format 2). Header, 44 bytes: magic <c>"NDUPSNAP"</c>; u16 format version; u16 flags (none
/// defined, must be 0); u64 generation; u64 sequence number of the last batch the snapshot contains; u64 length of the
/// whole file; u64 XxHash64 of the preceding 36 bytes. Then sections until the declared end, each u32 tag, u64 payload
/// length, payload, u64 XxHash64 of the payload. <c>IDNT</c>: the index identity, 16 bytes, chosen at random by
/// <see cref="Create(string, ReadOnlyMemory{byte})"/> and kept by every compaction. <c>OPTS</c>: the options blob,
/// verbatim. <c>DOCS</c>: u32 count, then per document u16 id length (≥ 1), the id in UTF-8, u32 payload length,
/// payload; ids are unique and in insertion order. All three are required and may appear once; unknown tags are checked
/// and skipped. The declared length makes a file cut at a section boundary detectable. Format 1 is the same without
/// <c>IDNT</c>: an index made before identities, which its next compaction gives one.
/// </para>
/// <para>
/// <b>wal.ndlog</b> (format 2). Header, 60 bytes: magic <c>"NDUPWAL1"</c>; u16 version; u16 flags (0); u64 generation;
/// u64 base sequence (the snapshot's last sequence when the log was started); the index identity, 16 bytes; u64 the
/// DOCS checksum of the snapshot it continues; u64 XxHash64 of the preceding 52 bytes. (Format 1, 36 bytes, has neither
/// the identity nor the snapshot's checksum; it continues a snapshot of format 1.) Then one record per committed batch:
/// u32 body length; u64 sequence number (base + 1, + 2, … without gaps); u32
/// XxHash32 of those 12 bytes, so a flipped length can never pass for a torn write; the body: u32 operation count, then
/// per operation a kind byte (1 add, 2 remove), u16 id length, UTF-8 id and, for adds only, u32 payload length and
/// payload; finally u64 XxHash64 of the record from its first byte to the end of the body.
/// </para>
/// <para>
/// <b>Files that belong together.</b> A log is replayed only on the snapshot it continues: the same identity, generation
/// and last batch, and the DOCS checksum it names; a log of another index, or one started on another snapshot of the
/// same generation (a copy of this index that went its own way, an older backup), is an error naming both. The
/// acknowledged mark in <c>index.lock</c> (<see cref="AcknowledgedMark"/>) names the identity, the last acknowledged
/// batch and its record's checksum, so files that lost that batch, or hold another batch under its number, are an error
/// too. <see cref="Repair"/> is the explicit way to accept what the files hold.
/// </para>
/// <para>
/// <b>Durability.</b> <see cref="Commit"/> appends the whole record with one write and calls
/// <see cref="FileStream.Flush(bool)"/> with <c>flushToDisk: true</c> before returning; that return is the
/// acknowledgement. The writer then records the batch's sequence number in <c>index.lock</c>
/// (<see cref="AcknowledgedMark"/>), and files that end before that mark (a log cut at a batch boundary or inside an
/// acknowledged batch, or an older copy of the log) are an error, never an interrupted write. A crash mid-append leaves an incomplete record, a complete last record with a bad checksum, or a
/// zero-filled tail; <see cref="Load"/> cuts that tail off and reports it in <see cref="RecoveryReport"/>, keeping every
/// batch before it. Any other damage (a bad record with data after it, a bad header, a sequence gap) throws
/// <see cref="NearDupFormatException"/> naming the file and offset. <see cref="Compact"/> writes
/// <c>snapshot.ndup.tmp</c> with generation + 1, flushes it to disk and moves it over the snapshot, then replaces the log
/// the same way with an empty one of the new generation. The log is replayed only when its generation equals the
/// snapshot's; a log one generation older is what a crash between the two moves leaves, is already contained in the
/// snapshot, and is ignored and reset. <see cref="Create(string, ReadOnlyMemory{byte})"/> writes the empty log before the snapshot, so a crash during
/// creation leaves no snapshot and a header-only log that a new <see cref="Create(string, ReadOnlyMemory{byte})"/> may overwrite.
/// </para>
/// <para>
/// <b>Cost.</b> <see cref="Open"/> reads the headers and the options only. <see cref="Load"/> streams: it reads the log,
/// then the snapshot, then the log's surviving payloads again, holding one payload at a time (a load whose reader takes a
/// structure image that holds the documents' records reads the log and the image, not the documents: see
/// <see cref="LoadAsync"/>); the first
/// <see cref="Commit"/>, <see cref="Compact"/> or <see cref="Statistics"/> before any <see cref="Load"/> performs the
/// same recovery pass without reading payloads into memory. The store keeps the set of live ids in memory to count
/// documents, or only their count after a load or a compaction with a structure image (whose index holds the ids). A
/// commit costs one write plus one flush to disk, so its time is the device's flush, not the store's work.
/// </para>
/// <para>
/// Thread safety: public members take an internal lock, so calls from several threads are serialised, never
/// concurrent; only one store per directory may be open at a time, across all processes.
/// </para>
/// </remarks>
internal sealed class DirectoryIndexStore : SynchronousIndexStore, IStructureImageStore, IStoredPayloads
{
    /// <summary>Bytes of the log read between two reports of a load's progress.</summary>
    private const long LogReportBytes = 4 << 20;

    private readonly object _gate = new();
    private readonly string _directory;
    private readonly string _snapshotPath;
    private readonly string _logPath;
    private byte[] _options;
    private FileStream? _lock;
    private FileStream? _log;
    private ulong _generation;
    private ulong _lastSequence;
    private Guid _identity;
    private ulong _chain; // the history checksum up to the last batch (StoreFormat.Chain), for the acknowledged mark
    private long _imageBytes; // the snapshot's structure image payload, 0 for none
    private long _logLength;
    private long _logBatches;
    private HashSet<string>? _liveIds = new(StringComparer.Ordinal); // null when a load read no document (see Settle)
    private long _liveCount;
    private SnapshotTexts? _texts; // the snapshot a load or compaction left open for the index to read texts from
    private bool _recovered;
    private bool _faulted;
    private readonly bool _readOnly;
    private bool _disposed;

    private DirectoryIndexStore(string directory, FileStream? lockFile, byte[] options, ulong generation, ulong lastSequence, Guid identity, ulong snapshotChecksum)
    {
        _identity = identity;
        _chain = snapshotChecksum;
        _readOnly = lockFile is null;
        _directory = directory;
        _snapshotPath = Path.Combine(directory, StoreFormat.SnapshotFileName);
        _logPath = Path.Combine(directory, StoreFormat.LogFileName);
        _lock = lockFile;
        _options = options;
        _generation = generation;
        _lastSequence = lastSequence;
    }

    /// <summary>The full path of the index directory.</summary>
    /// <remarks>Thread safety: immutable.</remarks>
    public string DirectoryPath => _directory;

    /// <inheritdoc/>
    /// <remarks>Exactly the bytes given to <see cref="Create(string, ReadOnlyMemory{byte})"/>. Thread safety: immutable; cost: none.</remarks>
    public override ReadOnlyMemory<byte> Options => _options;

    /// <summary>The sequence number of the last committed batch (0 before the first); it keeps counting across compactions.</summary>
    /// <remarks>
    /// Lets a caller match its own records to what survived a crash. Reading it before any <see cref="Load"/> runs the
    /// recovery pass. Thread safety: takes the store's lock.
    /// </remarks>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                EnsureRecovered();
                return (long)_lastSequence;
            }
        }
    }

    /// <summary>The index identity: chosen at random when the index is created and kept by every compaction, it ties the
    /// snapshot, the log and the acknowledged mark to the index; <see cref="Guid.Empty"/> for an index made before
    /// identities, until its next compaction gives it one.</summary>
    /// <remarks>Thread safety: takes the store's lock.</remarks>
    public Guid Identity
    {
        get
        {
            lock (_gate)
            {
                return _identity;
            }
        }
    }

    /// <summary>Creates an empty index in <paramref name="directory"/> (created if missing) and opens it for writing.</summary>
    /// <param name="directory">The index directory; it must not already hold an index.</param>
    /// <param name="options">The index options blob, stored verbatim and returned by <see cref="Options"/>.</param>
    /// <returns>The open store, holding the directory's lock until disposed.</returns>
    /// <remarks>Writes and flushes two small files. Thread safety: static, safe from any thread.</remarks>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="IOException">The directory already holds an index, or a file cannot be written.</exception>
    /// <exception cref="IndexLockedException">Another writer holds the directory's lock.</exception>
    public static DirectoryIndexStore Create(string directory, ReadOnlyMemory<byte> options) => Create(directory, options, Guid.NewGuid());

    /// <summary>As <see cref="Create(string, ReadOnlyMemory{byte})"/>, with a given identity (the golden files are written
    /// with a fixed one, so that they are the same bytes every time).</summary>
    /// <param name="directory">The index directory; it must not already hold an index.</param>
    /// <param name="options">The index options blob.</param>
    /// <param name="identity">The index identity; not empty.</param>
    /// <returns>The open store.</returns>
    internal static DirectoryIndexStore Create(string directory, ReadOnlyMemory<byte> options, Guid identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (identity == Guid.Empty)
        {
            throw new ArgumentException("An index identity must not be empty.", nameof(identity));
        }

        string full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        FileStream lockFile = AcquireLock(full);
        try
        {
            string snapshot = Path.Combine(full, StoreFormat.SnapshotFileName);
            string log = Path.Combine(full, StoreFormat.LogFileName);
            if (File.Exists(snapshot))
            {
                throw new IOException($"{full} already holds a NearDup index ({StoreFormat.SnapshotFileName} exists): open it to add to it or query it, or choose an empty directory to create a new one.");
            }

            // A header-only log without a snapshot is what a crash during Create leaves; anything longer is someone's data.
            if (File.Exists(log) && new FileInfo(log).Length > StoreFormat.LogHeaderSize)
            {
                throw new IOException($"{full} already holds a NearDup write-ahead log with batches ({StoreFormat.LogFileName}) but no snapshot; refusing to overwrite it.");
            }

            DeleteTemporaries(full);

            // The empty snapshot's DOCS checksum (the hash of a zero count) is known before it is written, so the log,
            // written first (see the class remarks), can name it.
            byte[] blob = options.ToArray();
            ulong empty = System.IO.Hashing.XxHash64.HashToUInt64(new byte[4]);
            ReplaceFile(log, temp => WriteAheadLog.WriteEmpty(temp, 1, 0, identity, empty));
            ulong written = 0;
            ReplaceFile(snapshot, temp => written = SnapshotFile.Write(temp, 1, 0, blob, Array.Empty<(byte[], StoredDocument)>(), 0, identity, null, out _, out _));
            System.Diagnostics.Debug.Assert(written == empty, "an empty DOCS section is a zero count");
            var store = new DirectoryIndexStore(full, lockFile, blob, 1, 0, identity, empty);
            store._recovered = true;
            store._logLength = StoreFormat.LogHeaderSize;
            store.OpenLogWriter();
            AcknowledgedMark.Write(lockFile, new Mark(identity, 1, 0, empty));
            return store;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Opens the index in <paramref name="directory"/> for writing.</summary>
    /// <param name="directory">A directory made by <see cref="Create(string, ReadOnlyMemory{byte})"/>.</param>
    /// <returns>The open store, holding the directory's lock until disposed.</returns>
    /// <remarks>
    /// Reads and checks both file headers and the options section; documents and batches are checked by
    /// <see cref="Load"/>, which also resets a log left behind by a compaction that crashed before replacing it.
    /// Thread safety: static, safe from any thread.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="IndexLockedException">Another writer holds the directory's lock.</exception>
    /// <exception cref="NearDupFormatException">A header or the options section is corrupt, or of a newer format.</exception>
    public static DirectoryIndexStore Open(string directory)
    {
        string full = IndexDirectory(directory, out string snapshot);
        FileStream lockFile = AcquireLock(full);
        try
        {
            string log = LogOf(full);
            SnapshotContents contents = SnapshotFile.Read(snapshot, readDocuments: false, null, CancellationToken.None);
            LogScan scan = WriteAheadLog.Read(log, headerOnly: true, null, CancellationToken.None);
            CheckLink(log, scan, contents);
            DeleteTemporaries(full);
            return new DirectoryIndexStore(full, lockFile, contents.Options, contents.Generation, contents.LastSequence, contents.Identity, contents.DocumentsChecksum);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Opens the index in <paramref name="directory"/> to read it only: beside a writer (another process holding
    /// the lock), beside other readers, and on a read-only mount.</summary>
    /// <param name="directory">A directory made by <see cref="Create(string, ReadOnlyMemory{byte})"/>.</param>
    /// <returns>The store; <see cref="Commit"/> and <see cref="Compact"/> throw.</returns>
    /// <remarks>
    /// Takes no lock and writes nothing, ever: <see cref="Load"/> reads the snapshot and the batches acknowledged so far
    /// and leaves an incomplete last batch where it is (a write in progress, or an interrupted one the next writer cuts
    /// off), and a log left by a compaction in progress or interrupted is passed over, its batches being in the snapshot.
    /// A compaction that replaces the files while they are read makes <see cref="Load"/> throw a
    /// <see cref="NearDupFormatException"/>; loading again reads the new files. Thread safety: static, safe from any
    /// thread.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="NearDupFormatException">A header or the options section is corrupt, or of a newer format.</exception>
    public static DirectoryIndexStore OpenReadOnly(string directory)
    {
        string full = IndexDirectory(directory, out string snapshot);
        LogOf(full);
        SnapshotContents contents = SnapshotFile.Read(snapshot, readDocuments: false, null, CancellationToken.None);
        return new DirectoryIndexStore(full, lockFile: null, contents.Options, contents.Generation, contents.LastSequence, contents.Identity, contents.DocumentsChecksum);
    }

    /// <summary>Repairs the index in <paramref name="directory"/> so that it opens again, keeping everything the files
    /// still hold intact, and says what it dropped.</summary>
    /// <param name="directory">A directory made by <see cref="Create(string, ReadOnlyMemory{byte})"/>.</param>
    /// <returns>One line per thing it changed; empty when nothing needed repair.</returns>
    /// <remarks>
    /// <para>
    /// The explicit, separate action that opening never takes. It keeps the snapshot, which must be sound, and of the
    /// log the batches before the first damaged one: a damaged batch and every batch after it are dropped (those after
    /// it cannot be replayed in order). A log that is missing, whose header is damaged, or that belongs to another index
    /// or continues another snapshot is replaced with an empty one. A stale log a compaction left is reset, and an
    /// interrupted last batch cut off, as opening for writing does. Finally the acknowledged mark is set to what the files
    /// now hold, so acknowledged batches the files lost (an older backup put back, a log cut at a batch boundary) are
    /// accepted as lost, and said so; a damaged mark (which an open refuses) is replaced the same way, and said so.
    /// </para>
    /// <para>
    /// Cost: one read of both files. Thread safety: takes the directory's lock like a writer.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no snapshot.</exception>
    /// <exception cref="IndexLockedException">Another writer holds the directory's lock.</exception>
    /// <exception cref="NearDupFormatException">The snapshot is damaged: a repair cannot rebuild it.</exception>
    public static IReadOnlyList<string> Repair(string directory)
    {
        string full = IndexDirectory(directory, out string snapshot);
        using FileStream lockFile = AcquireLock(full);
        Mark? mark = AcknowledgedMark.Read(lockFile);
        SnapshotContents contents;
        try
        {
            // The structure image is derived data an open passes over when damaged: it does not stop a repair.
            contents = SnapshotFile.Read(snapshot, readDocuments: true, null, CancellationToken.None, checkImage: false);
        }
        catch (NearDupFormatException e)
        {
            throw new NearDupFormatException($"{e.Message}. A repair keeps the snapshot and cannot rebuild it: restore {StoreFormat.SnapshotFileName} from a backup (the index is unchanged)", e);
        }

        DeleteTemporaries(full);
        var done = new List<string>();
        string log = Path.Combine(full, StoreFormat.LogFileName);
        LogScan? scan = null;
        string? replace = null;
        if (!File.Exists(log))
        {
            replace = $"{log}: the log was missing; wrote an empty one (batches committed since the last compaction, if any, are lost)";
        }
        else
        {
            long length = new FileInfo(log).Length;
            try
            {
                LogScan header = WriteAheadLog.Read(log, headerOnly: true, null, CancellationToken.None);
                CheckLink(log, header, contents);
                if (header.Generation != contents.Generation)
                {
                    replace = $"{log}: reset a log of generation {header.Generation} left by an interrupted compaction (its batches are in snapshot generation {contents.Generation})";
                }
                else
                {
                    scan = WriteAheadLog.Read(log, headerOnly: false, null, CancellationToken.None, mark?.Sequence ?? 0, tolerant: true, chainStart: contents.DocumentsChecksum);
                }
            }
            catch (NearDupFormatException e)
            {
                replace = $"{e.Message}; replaced the log with an empty one, dropping all of its {length} bytes (every batch committed since the last compaction)";
            }
        }

        Guid identity = contents.Identity;
        ulong last = contents.LastSequence;
        ulong anchor = contents.DocumentsChecksum;
        if (replace is not null)
        {
            done.Add(replace);
            ReplaceFile(log, temp => WriteAheadLog.WriteEmpty(temp, contents.Generation, contents.LastSequence, identity, contents.DocumentsChecksum));
        }
        else if (scan is not null)
        {
            last += (ulong)scan.Batches;
            anchor = scan.LastChecksum ?? anchor;

            string? why = scan.DamageReason is { } damage
                ? $"{damage}; dropped batch {last + 1} and everything after it"
                : scan.TornReason is { } torn ? $"{log}: {torn}, an interrupted write; dropped it" : null;
            if (why is not null)
            {
                using (var file = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.Read, 1))
                {
                    file.SetLength(scan.ValidEnd);
                    file.Flush(flushToDisk: true);
                }

                string kept = scan.Batches == 0 ? "the log keeps none of its batches" : $"kept batches {contents.LastSequence + 1} to {last}";
                done.Add($"{why} ({scan.TornBytes} bytes); {kept}");
            }
        }

        if (AcknowledgedMark.Problem(full, contents, replace is null ? scan : null, mark) is { } problem)
        {
            done.Add($"{problem}; accepted the files as they are: the index now ends at batch {last}");
        }

        if (mark is null && lockFile.Length > 0)
        {
            done.Add($"{Path.Combine(full, StoreFormat.LockFileName)}: its acknowledged mark was damaged (not a mark, or its checksum did not match); wrote a new one for the files as they are (whether batches were lost before it was damaged cannot be told)");
        }

        if (mark is not { } current || current != new Mark(identity, contents.Generation, last, anchor))
        {
            AcknowledgedMark.Write(lockFile, new Mark(identity, contents.Generation, last, anchor));
            lockFile.Flush(flushToDisk: true);
        }

        return done;
    }

    /// <summary>Whether the store was opened with <see cref="OpenReadOnly"/>.</summary>
    public bool IsReadOnly => _readOnly;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Three sequential passes, each checking every checksum on the way (but the structure image's, which only a load
    /// that reads the image, <see cref="Verify"/> and <c>index verify</c> check): the log, whose batches are replayed on ids
    /// only (which ids end removed, replaced in place or appended, and where each last payload lies; no payload is
    /// kept); the snapshot, whose documents are handed over in order, skipping those the log removed and reading
    /// in-place replacements back from the log; then the documents the log appends, read back from the log in the
    /// order they were appended. An add of a known id replaces it where it stands; a remove of an unknown id is
    /// ignored. At most one payload is in memory at a time besides what <paramref name="visit"/> keeps.
    /// </para>
    /// <para>
    /// Only when everything has been read and checked does the store change anything: an interrupted last batch is
    /// cut off the file and reported, a stale log from an interrupted compaction is reset and reported. A checksum
    /// covers a whole snapshot section or log batch, so damage can be found after <paramref name="visit"/> has seen
    /// documents; they must then be discarded (the exception is thrown before this method returns, never later).
    /// </para>
    /// <para>
    /// Cost: one read of the log plus one read of the snapshot and of the log's surviving payloads, through a 1 MiB
    /// window (see <c>benchmarks/README.md</c> for why not a memory map); memory is the live ids, about 100 bytes per
    /// id the log touches, and one payload. Thread safety: takes the store's lock for the whole call, so
    /// <paramref name="visit"/> must not call the store.
    /// </para>
    /// <para>
    /// <paramref name="progress"/> hears of the first pass in bytes of the log (at its start, every 4 MiB and at its
    /// end; not at all for a log that holds no batch) and of the other two in documents handed over (every 512),
    /// counted against the snapshot's declared count plus the ids the log leaves live.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="visit"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override RecoveryReport Load(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        lock (_gate)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            return Recover(visit, progress, cancellationToken);
        }
    }

    /// <inheritdoc/>
    /// <remarks>As <see cref="Load"/>; the image (when the snapshot has one) is read before the documents, from its place
    /// in the snapshot, and its checksum checked right after. A damaged image is discarded and reported in the recovery
    /// messages; the load then goes on as without one. When the reader takes the image as
    /// <see cref="StructureImageUse.Complete"/> (it holds the documents' records) the snapshot's documents are neither
    /// read nor checked: the load reads the log and the image only, hands over the documents the log appended, keeps the
    /// snapshot open for the reader's texts (closed by the next compaction or <see cref="Dispose"/>), and keeps a count
    /// of the live documents instead of their ids.</remarks>
    public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IStructureImageReader image, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(image);
        return Synchronous.Run(() =>
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                cancellationToken.ThrowIfCancellationRequested();
                return Recover(visit, progress, cancellationToken, image);
            }
        });
    }

    /// <inheritdoc/>
    /// <remarks>As <see cref="Compact"/>, with the image written after the documents. The new snapshot is opened to
    /// read texts from before it is moved into place (the handle follows the file), and the one a load or an earlier
    /// compaction opened is closed once it is replaced.</remarks>
    public ValueTask<SnapshotTexts> CompactAsync(IEnumerable<StoredDocument> live, StructureImageWriter image, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Synchronous.Run(() => CompactWith(live, options, cancellationToken, image)!);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Empty batches write nothing and use no sequence number. Ids must be non-empty, valid Unicode and at most 65535
    /// UTF-8 bytes. The record is appended with one write and flushed to disk before the method returns; if the write
    /// fails, the log is cut back to its last whole batch where it can be, and the store refuses further commits until it
    /// is reopened (the reopen cuts off any partial record left). Cost: the
    /// batch is encoded once in memory, then one write and one flush. Thread safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">An operation is null or has an id that cannot be stored, or the batch exceeds 2 GB.</exception>
    /// <exception cref="InvalidOperationException">An earlier write failed; reopen the store.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before writing.</exception>
    public override void Commit(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            ThrowIfDisposed();
            ThrowIfFaulted();
            cancellationToken.ThrowIfCancellationRequested();
            EnsureRecovered();
            if (batch.Count == 0)
            {
                return;
            }

            byte[][] ids = StoreFormat.EncodeBatchIds(batch, nameof(batch));
            cancellationToken.ThrowIfCancellationRequested();
            byte[] record = WriteAheadLog.EncodeRecord(_lastSequence + 1, batch, ids, nameof(batch), out int recordLength);
            ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(recordLength - StoreFormat.ChecksumSize));
            FileStream log = _log!;
            try
            {
                log.Position = _logLength;
                log.Write(record, 0, recordLength);
                log.Flush(flushToDisk: true);
            }
            catch
            {
                // A write that failed part way (a full disk) leaves part of the record behind: the log is cut back to its
                // last whole batch, so the index on disk is as it was before the batch (verify finds nothing, and the
                // space is free again). The store still refuses further commits until it is reopened: after a failed
                // flush the system may have dropped pages it no longer reports (Linux marks them clean), so only a
                // reopen, which reads the log again, knows what is on disk.
                CutBack(log, _logLength);
                _faulted = true;
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(record);
            }

            _logLength += recordLength;
            _logBatches++;
            _lastSequence++;
            _chain = StoreFormat.Chain(_chain, checksum);
            AcknowledgedMark.Write(_lock!, new Mark(_identity, _generation, _lastSequence, _chain));
            foreach (StoreOperation op in batch)
            {
                if (_liveIds is null)
                {
                    // Without the ids, the count follows the index's batches, which add only new ids and remove only
                    // held ones.
                    _liveCount += op.Kind == StoreOperationKind.Add ? 1 : -1;
                }
                else if (op.Kind == StoreOperationKind.Add)
                {
                    _liveIds.Add(op.Id);
                }
                else
                {
                    _liveIds.Remove(op.Id);
                }
            }
        }
    }

    /// <summary>Cuts the log back to <paramref name="length"/> bytes, durably, if it can (a reopen cuts a partial record
    /// off otherwise).</summary>
    private static void CutBack(FileStream log, long length)
    {
        try
        {
            log.SetLength(length);
            log.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Writes a new snapshot (generation + 1) to a temporary file as <paramref name="live"/> yields the documents, one
    /// at a time, flushes it to disk, moves it over the old one, then replaces the log with an empty one of the new
    /// generation. A crash at any point leaves either the old snapshot and log or the new snapshot (with, at worst, a
    /// stale log that is ignored); any exception before the move (a rejected id, cancellation, a failing sequence, an
    /// I/O error) deletes the temporary file and leaves the store as it was. Cost: one sequential write of all
    /// documents plus two flushes; memory is the set of ids and one payload at a time. When <paramref name="live"/>
    /// gives its count without being enumerated (a collection, or a LINQ projection of one) the documents section is
    /// hashed as it is written; otherwise it is read back once to hash it. Thread safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="live"/> is null.</exception>
    /// <exception cref="ArgumentException">An id is empty, not storable, or repeated, or a collection yielded another number of documents than its count.</exception>
    /// <exception cref="InvalidOperationException">An earlier write failed; reopen the store.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the snapshot was replaced.</exception>
    public override void Compact(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) => CompactWith(live, options, cancellationToken, null);

    /// <summary>The compaction; with an image, returns the new snapshot open to read texts from (null without one).</summary>
    private SnapshotTexts? CompactWith(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken, StructureImageWriter? image)
    {
        ArgumentNullException.ThrowIfNull(live);
        lock (_gate)
        {
            ThrowIfDisposed();
            ThrowIfFaulted();
            cancellationToken.ThrowIfCancellationRequested();
            EnsureRecovered();
            int? count = StoreFormat.KnownCount(live);
            var ids = new HashSet<string>(count ?? 0, StringComparer.Ordinal);
            ulong generation = _generation + 1;
            Guid identity = _identity == Guid.Empty ? Guid.NewGuid() : _identity; // an index made before identities gets one now
            string temp = _snapshotPath + StoreFormat.TempSuffix;
            ulong checksum;
            long imageBytes;
            long imageAt;
            SnapshotTexts? texts = null;
            byte[] blob = options.IsEmpty ? _options : options.ToArray();
            try
            {
                checksum = SnapshotFile.Write(temp, generation, _lastSequence, blob, StoreFormat.CheckCompaction(live, count, ids, nameof(live), cancellationToken), count, identity, image, out imageBytes, out imageAt);
                cancellationToken.ThrowIfCancellationRequested();

                // Opened before the move, so that it is the file just written whatever happens to the path after.
                texts = image is null ? null : SnapshotTexts.Open(temp, imageAt, imageBytes);
            }
            catch
            {
                texts?.Dispose();
                TryDelete(temp);
                throw;
            }

            bool moved = false;
            try
            {
                File.Move(temp, _snapshotPath, overwrite: true);
                moved = true;
                DirectorySync.Flush(_directory);
                _generation = generation;
                _identity = identity;
                _options = blob;
                _chain = checksum;
                _imageBytes = imageBytes;
                _log?.Dispose();
                _log = null;
                ReplaceFile(_logPath, t => WriteAheadLog.WriteEmpty(t, generation, _lastSequence, identity, checksum));
                OpenLogWriter();
            }
            catch (Exception e)
            {
                // The index keeps reading the old snapshot's texts (the handle outlives the move) until it is reopened.
                texts?.Dispose();
                _faulted = true;
                if (moved && e is IOException or UnauthorizedAccessException)
                {
                    throw new CompactionLogException($"{_directory}: the compaction is done (the new {StoreFormat.SnapshotFileName} holds the live documents), but its new empty {StoreFormat.LogFileName} could not be written ({e.Message.TrimEnd('.')}); the old log stays beside it and the next open sets it aside as stale. Reopen the index to change it.", e);
                }

                throw;
            }

            _logLength = StoreFormat.LogHeaderSize;
            _logBatches = 0;
            // An index that keeps an image has the ids in it: the store keeps only their count then.
            _liveIds = image is null ? ids : null;
            _liveCount = ids.Count;
            AcknowledgedMark.Write(_lock!, new Mark(_identity, _generation, _lastSequence, checksum));
            if (texts is not null)
            {
                _texts?.Dispose();
                _texts = texts;
            }

            return texts;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads both files in full and reports every problem <see cref="Load"/> would throw for, plus an interrupted last
    /// batch that <see cref="Load"/> would cut off. Changes nothing on disk. Cost: one sequential read of both files.
    /// Thread safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public override IReadOnlyList<string> Verify()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var problems = new List<string>();
            Mark? mark = ReadMark(); // before the files, as in Recover
            if (mark is null && MarkIsDamaged())
            {
                problems.Add(DamagedMarkMessage(Path.Combine(_directory, StoreFormat.LockFileName)));
            }

            SnapshotContents? contents = null;
            try
            {
                contents = SnapshotFile.Read(_snapshotPath, readDocuments: true, null, CancellationToken.None, checkImage: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message);
            }

            if (contents?.Image is { } image && SnapshotFile.ImageProblem(_snapshotPath, image) is { } imageProblem)
            {
                problems.Add($"{imageProblem}: the structure image is derived from the documents, so `index compact` builds the structures from them and writes it again (until then an open that finds the damage builds them instead, and a query that reads a damaged block of the mapped passage tables fails, naming it)");
            }

            try
            {
                LogScan scan = WriteAheadLog.Read(_logPath, headerOnly: false, null, CancellationToken.None, mark?.Sequence ?? 0, chainStart: contents?.DocumentsChecksum ?? 0);
                if (contents is not null)
                {
                    CheckLink(_logPath, scan, contents);
                }

                bool replayable = contents is null || scan.Generation == contents.Generation;
                if (contents is not null
                    && AcknowledgedMark.Problem(_directory, contents, replayable ? scan : null, mark) is { } missing)
                {
                    problems.Add($"{missing}; {AcknowledgedMark.Advice}");
                }

                if (replayable && scan.TornReason is not null)
                {
                    problems.Add($"{_logPath}: {scan.TornReason}: an interrupted write, which opening the index for writing cuts off ({scan.TornBytes} bytes)");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message);
            }

            return problems;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Sizes on disk and counts kept in memory; runs the recovery pass first if nothing has been loaded. Thread
    /// safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public override StoreStatistics Statistics()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            EnsureRecovered();
            return new StoreStatistics(_liveIds?.Count ?? (int)_liveCount, new FileInfo(_snapshotPath).Length, _logLength, _logBatches) { Identity = _identity, ImageBytes = _imageBytes };
        }
    }

    /// <summary>Closes the log and releases <c>index.lock</c>.</summary>
    /// <remarks>Every commit is already on disk, so nothing is flushed here. Safe to call twice. Thread safety: takes the store's lock.</remarks>
    public override void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _log?.Dispose();
            _log = null;
            _texts?.Dispose();
            _texts = null;
            _lock?.Dispose();
            _lock = null;
        }
    }

    /// <summary>The recovery pass behind <see cref="Load"/>; with <paramref name="visit"/> null it checks everything and
    /// learns the live ids without reading any payload into memory.</summary>
    private RecoveryReport Recover(Action<StoredDocument>? visit, IProgress<StoreLoadProgress>? progress, CancellationToken cancellationToken, IStructureImageReader? image = null)
    {
        // The mark of the last acknowledged batch, read before the files: a writer that commits meanwhile only makes the
        // files longer than the mark.
        Mark? mark = ReadMark();
        if (mark is null && MarkIsDamaged())
        {
            throw new NearDupFormatException(DamagedMarkMessage(Path.Combine(_directory, StoreFormat.LockFileName)));
        }

        // Pass 1: the snapshot's header (which log generation belongs to it), then the log, on ids only.
        SnapshotContents head = SnapshotFile.Read(_snapshotPath, readDocuments: false, null, cancellationToken);
        LogScan header = WriteAheadLog.Read(_logPath, headerOnly: true, null, cancellationToken);
        CheckLink(_logPath, header, head);
        bool stale = header.Generation != head.Generation;
        var replay = new LogReplay();

        // A log of many batches takes seconds to read: its bytes are reported, every 4 MiB and at its end.
        IProgress<StoreLoadProgress>? logProgress = stale || header.FileLength <= header.ValidEnd ? null : progress;
        long reported = 0;
        logProgress?.Report(new StoreLoadProgress(StoreLoadStep.ReadingLog, 0, header.FileLength));
        LogScan? scan = stale
            ? null
            : WriteAheadLog.Read(
                _logPath,
                headerOnly: false,
                (_, operations, end) =>
                {
                    foreach (LogOperation op in operations)
                    {
                        replay.Apply(op);
                    }

                    if (end - reported >= LogReportBytes)
                    {
                        reported = end;
                        logProgress?.Report(new StoreLoadProgress(StoreLoadStep.ReadingLog, end, header.FileLength));
                    }
                },
                cancellationToken,
                mark?.Sequence ?? 0,
                chainStart: head.DocumentsChecksum);
        logProgress?.Report(new StoreLoadProgress(StoreLoadStep.ReadingLog, header.FileLength, header.FileLength));

        _imageBytes = head.Image?.Length ?? 0;

        // The structure image, when the snapshot has one and the caller reads it: before the documents, which then come
        // with their places in the snapshot (an image that holds the documents' records too needs none of them). Damage
        // to it costs the time of building without it, nothing else.
        StructureImageUse use = StructureImageUse.Declined;
        string? imageProblem = null;
        SnapshotTexts? texts = null;
        SnapshotContents contents;
        bool complete;
        try
        {
            if (image is not null && visit is not null && head.Image is { } imageSpan && !replay.RemovesEarlierDocuments)
            {
                texts = SnapshotTexts.Open(_snapshotPath);
                SnapshotFile.RequireGeneration(texts, head.Generation);
                try
                {
                    use = SnapshotFile.ReadImage(texts, imageSpan, image);
                }
                catch (NearDupFormatException e)
                {
                    image.Discard();
                    imageProblem = $"{_snapshotPath}: the structure image (section CIMG at offset {imageSpan.Offset - 12}) is damaged ({e.Message}); built the index's structures from the documents instead (the next compaction writes the image again)";
                }

                if (use == StructureImageUse.Complete && LogTouchesTheImage(replay, image))
                {
                    // A document of the image removed or replaced: an image of the snapshot would answer otherwise than
                    // the documents, as when the log removes one (above).
                    image.Discard();
                    use = StructureImageUse.Declined;
                }

                if (use != StructureImageUse.Complete)
                {
                    texts.Dispose();
                    texts = null;
                }
            }

            bool imaged = use != StructureImageUse.Declined;
            complete = use == StructureImageUse.Complete;

            // Passes 2 and 3: the snapshot's documents in order (none when the image holds their records), then the log's
            // appended ones.
            int ordinal = 0;
            var handedOver = new DocumentsProgress(visit is null ? null : progress, (complete ? 0 : (long)head.DocumentCount) + replay.Live());
            handedOver.Start();
            using (FormatReader? log = replay.Count > 0 && visit is not null ? new FormatReader(_logPath) : null)
            {
                Action<string, PendingPayload>? onDocument = visit is null
                    ? null
                    : (id, payload) =>
                    {
                        int at = ordinal++;
                        if (replay.KeepSnapshotDocument(id, out LogPayload? replacement))
                        {
                            ReadOnlyMemory<byte> bytes = replacement is { } r ? r.Read(log!)
                                : imaged ? payload.ReadPrefix(image!.PayloadHead, image.PayloadPrefix)
                                : payload.ToArray();
                            visit(new StoredDocument(id, bytes)
                            {
                                SnapshotOrdinal = imaged ? at : -1,
                                Replaced = imaged && replacement is not null,
                            });
                            handedOver.Count();
                        }
                    };
                contents = complete ? head : SnapshotFile.Read(_snapshotPath, readDocuments: true, onDocument, cancellationToken, checkImage: false);
                if (contents.Generation != head.Generation)
                {
                    throw new NearDupFormatException($"{_snapshotPath}: generation changed from {head.Generation} to {contents.Generation} while it was being read; another process wrote the index without its lock");
                }

                if (visit is not null)
                {
                    foreach (LogPayload payload in replay.Appended())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        visit(new StoredDocument(payload.Id, payload.Read(log!)));
                        handedOver.Count();
                    }
                }
            }

            handedOver.End();
        }
        catch
        {
            texts?.Dispose();
            throw;
        }

        try
        {
            return Settle(contents, head, header, scan, mark, replay, imageProblem, complete, texts);
        }
        catch
        {
            texts?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Every document the snapshot holds, in its order, then every document the log adds, in its order, each payload
    /// checked as a load checks it (the snapshot's documents section by its checksum at the section's end, as the
    /// enumeration passes it; each log batch by its own before its documents come), read by a thread of its own while
    /// the caller pulls them (<see cref="PushedDocuments"/>): one sequential read of each file, nothing kept of the
    /// log. Documents the log removed or added again come too, as stored. Nothing is written and nothing of the store's
    /// state changes. The files are opened when the enumeration starts, and a compaction that pulls the sequence
    /// replaces the snapshot only after its last document. Thread safety: the call takes the store's lock; the
    /// enumeration reads the files without it, so the store must not be written meanwhile except by a compaction
    /// pulling this sequence.
    /// </remarks>
    public IEnumerable<StoredDocument> ReadStored(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ThrowIfFaulted();
            EnsureRecovered();
        }

        string snapshotPath = _snapshotPath;
        string logPath = _logPath;
        return new PushedDocuments((visit, stop) => ReadStored(snapshotPath, logPath, visit, stop), cancellationToken);
    }

    /// <summary>Hands the documents of the two files to <paramref name="visit"/> (see
    /// <see cref="ReadStored(CancellationToken)"/>), changing nothing.</summary>
    private static void ReadStored(string snapshotPath, string logPath, Action<StoredDocument> visit, CancellationToken cancellationToken)
    {
        SnapshotContents head = SnapshotFile.Read(snapshotPath, readDocuments: false, null, cancellationToken);
        LogScan header = WriteAheadLog.Read(logPath, headerOnly: true, null, cancellationToken);
        CheckLink(logPath, header, head);
        SnapshotContents contents = SnapshotFile.Read(snapshotPath, readDocuments: true, (id, payload) => visit(new StoredDocument(id, payload.ToArray())), cancellationToken, checkImage: false);
        if (contents.Generation != head.Generation)
        {
            throw new NearDupFormatException($"{snapshotPath}: generation changed from {head.Generation} to {contents.Generation} while it was being read; another process wrote the index without its lock");
        }

        if (header.Generation != head.Generation)
        {
            return; // a log a compaction left behind, which a load sets aside
        }

        WriteAheadLog.Read(
            logPath,
            headerOnly: false,
            (_, operations, _) =>
            {
                foreach (LogOperation op in operations)
                {
                    if (op.Kind == StoreOperationKind.Add)
                    {
                        visit(new StoredDocument(op.Id, op.Payload.ToArray()));
                    }
                }
            },
            cancellationToken,
            chainStart: head.DocumentsChecksum);
    }

    /// <summary>The end of the recovery pass, once everything was read: checks the files against each other and the
    /// acknowledged mark, then changes files (a torn tail cut off, a stale log reset) and state.</summary>
    private RecoveryReport Settle(SnapshotContents contents, SnapshotContents head, LogScan header, LogScan? scan, Mark? mark, LogReplay replay, string? imageProblem, bool complete, SnapshotTexts? texts)
    {

        // The lock file keeps the mark of the last acknowledged batch: files that end before it lost batches. (A reader
        // beside a writer cannot read the mark, and checks nothing.)
        if (contents.DocumentsChecksum != head.DocumentsChecksum || contents.Identity != head.Identity)
        {
            throw new NearDupFormatException($"{_snapshotPath}: the file changed while it was being read; another process wrote the index without its lock");
        }

        if (AcknowledgedMark.Problem(_directory, contents, scan, mark) is { } missing)
        {
            throw new NearDupFormatException($"{missing}; {AcknowledgedMark.Advice}");
        }

        // Everything was read and checked: only now change files and state.
        var messages = new List<string>();
        if (imageProblem is not null)
        {
            messages.Add(imageProblem);
        }

        long batches = 0;
        long dropped = 0;
        long logLength = StoreFormat.LogHeaderSize;
        if (scan is null && _readOnly)
        {
            messages.Add($"{_logPath}: passed over a log of generation {header.Generation} left by a compaction (its batches are in snapshot generation {contents.Generation})");
        }
        else if (scan is null)
        {
            messages.Add($"{_logPath}: ignored a log of generation {header.Generation} left by an interrupted compaction (its batches are in snapshot generation {contents.Generation}); reset it");
            logLength = ResetLog(contents.Generation, contents.LastSequence, contents.Identity, contents.DocumentsChecksum);
        }
        else
        {
            batches = scan.Batches;
            logLength = scan.ValidEnd;
            if (scan.TornReason is not null && _readOnly)
            {
                messages.Add($"{_logPath}: left {scan.TornReason} where it is (a write in progress, or an interrupted one that opening for writing cuts off)");
            }
            else if (scan.TornReason is not null)
            {
                dropped = scan.TornBytes;
                EnsureLogWriter();
                _log!.SetLength(scan.ValidEnd);
                _log.Flush(flushToDisk: true);
                messages.Add($"{_logPath}: dropped {scan.TornReason}, {dropped} bytes in all (an interrupted write: a batch whose write did not complete is never acknowledged)");
            }
        }

        // Without the documents read (the image holds their records) the store keeps a count, not the ids.
        HashSet<string>? live = complete ? null : contents.Ids!;
        if (live is not null)
        {
            replay.ApplyTo(live);
        }

        _liveCount = live?.Count ?? contents.DocumentCount + replay.Live();
        _generation = contents.Generation;
        _identity = contents.Identity;
        _chain = batches > 0 ? scan!.LastChecksum!.Value : contents.DocumentsChecksum;
        _lastSequence = contents.LastSequence + (ulong)batches;
        _logLength = logLength;
        _logBatches = batches;
        _liveIds = live;
        if (!ReferenceEquals(_texts, texts))
        {
            _texts?.Dispose();
            _texts = texts;
        }

        _recovered = true;
        if (!_readOnly)
        {
            EnsureLogWriter();
        }

        return new RecoveryReport(contents.DocumentCount, (int)batches, dropped, messages);
    }

    /// <summary>Whether the log removes or adds an id a complete structure image holds (the image then describes a
    /// document the log changed).</summary>
    private static bool LogTouchesTheImage(LogReplay replay, IStructureImageReader image)
    {
        foreach (string id in replay.Ids)
        {
            if (image.Holds(id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks that the log continues the snapshot (or is the stale log of the compaction that wrote it): the same
    /// index identity, and, in the same generation, the snapshot's last batch and DOCS checksum.</summary>
    private static void CheckLink(string logPath, LogScan scan, SnapshotContents contents)
    {
        if (scan.Identity != Guid.Empty && contents.Identity != Guid.Empty && scan.Identity != contents.Identity)
        {
            throw new NearDupFormatException($"{logPath}: the log belongs to index {StoreFormat.Describe(scan.Identity)}, but {StoreFormat.SnapshotFileName} to index {StoreFormat.Describe(contents.Identity)}: the two files come from two indexes");
        }

        if (scan.Generation == contents.Generation)
        {
            if (scan.BaseSequence != contents.LastSequence)
            {
                throw new NearDupFormatException($"{logPath}: log starts after batch {scan.BaseSequence} but {StoreFormat.SnapshotFileName} ends at batch {contents.LastSequence}");
            }

            if (scan.Identity != contents.Identity)
            {
                throw new NearDupFormatException($"{logPath}: the log names index {StoreFormat.Describe(scan.Identity)}, but {StoreFormat.SnapshotFileName} index {StoreFormat.Describe(contents.Identity)}: the two files were not written together");
            }

            if (scan.Identity != Guid.Empty && scan.SnapshotChecksum != contents.DocumentsChecksum)
            {
                throw new NearDupFormatException($"{logPath}: the log continues a snapshot of generation {scan.Generation} whose DOCS checksum is {scan.SnapshotChecksum:X16}, but {StoreFormat.SnapshotFileName}'s is {contents.DocumentsChecksum:X16}: one of the two files was replaced by a copy from another index with the same history, or by an older backup");
            }
        }
        else if (scan.Generation + 1 != contents.Generation)
        {
            throw new NearDupFormatException($"{logPath}: log generation {scan.Generation} does not belong to {StoreFormat.SnapshotFileName} generation {contents.Generation}");
        }
    }

    private void EnsureRecovered()
    {
        if (!_recovered)
        {
            Recover(null, null, CancellationToken.None);
        }
    }

    /// <summary>Replaces the log with an empty one continuing the snapshot; returns its length.</summary>
    private int ResetLog(ulong generation, ulong baseSequence, Guid identity, ulong snapshotChecksum)
    {
        _log?.Dispose();
        _log = null;
        int headerLength = 0;
        ReplaceFile(_logPath, temp => headerLength = WriteAheadLog.WriteEmpty(temp, generation, baseSequence, identity, snapshotChecksum));
        OpenLogWriter();
        return headerLength;
    }

    private void EnsureLogWriter()
    {
        if (_log is null)
        {
            OpenLogWriter();
        }
    }

    private void OpenLogWriter()
    {
        // Unbuffered: each record goes to the OS in the single write Commit issues.
        _log = new FileStream(_logPath, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    /// <summary>The mark of the last acknowledged batch: from the lock this store holds, or read from the lock file when
    /// no writer holds it; null when there is none or a writer holds the file.</summary>
    private Mark? ReadMark()
    {
        if (_lock is not null)
        {
            return AcknowledgedMark.Read(_lock);
        }

        try
        {
            using var file = new FileStream(Path.Combine(_directory, StoreFormat.LockFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return AcknowledgedMark.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // no lock file, or a writer holds it: its batches are being written now
        }
    }

    /// <summary>What is wrong with a lock file whose bytes are not a sound mark, and what to do: an open refuses such an
    /// index, since batches the files may have lost since the mark was written cannot be checked.</summary>
    private static string DamagedMarkMessage(string lockPath) =>
        $"{lockPath}: its acknowledged mark (bytes 0 to {AcknowledgedMark.Size - 1}) is damaged (not a mark, or its checksum does not match), so batches the files may have lost since it was written cannot be checked; restore the index's three files from a backup, or repair the index (`neardup index repair`), which accepts the files as they are and writes a new mark (it cannot tell whether batches were lost)";

    /// <summary>Whether the lock file holds bytes that are not a sound mark (an empty one holds none: an index made before
    /// the mark); false when a writer holds the file, whose mark it keeps.</summary>
    private bool MarkIsDamaged()
    {
        if (_lock is not null)
        {
            return _lock.Length > 0 && AcknowledgedMark.Read(_lock) is null;
        }

        try
        {
            using var file = new FileStream(Path.Combine(_directory, StoreFormat.LockFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return file.Length > 0 && AcknowledgedMark.Read(file) is null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The full path of an index directory, which must exist and hold a snapshot.</summary>
    private static string IndexDirectory(string directory, out string snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"No NearDup index at {full}: the directory does not exist.");
        }

        snapshot = Path.Combine(full, StoreFormat.SnapshotFileName);
        if (!File.Exists(snapshot))
        {
            throw new FileNotFoundException($"No NearDup index at {full}: {StoreFormat.SnapshotFileName} does not exist.", snapshot);
        }

        return full;
    }

    /// <summary>The log of an index directory, which must exist: Create and Compact always leave one in place, so a
    /// missing one means files were lost.</summary>
    private static string LogOf(string full)
    {
        string log = Path.Combine(full, StoreFormat.LogFileName);
        return File.Exists(log)
            ? log
            : throw new NearDupFormatException($"{log}: the write-ahead log is missing; batches committed since the last compaction may be lost.");
    }

    /// <summary>How many times a writer tries to take <c>index.lock</c> before it reports another writer.</summary>
    internal const int LockAttempts = 20;

    /// <summary>Wait between two tries to take <c>index.lock</c>: a reader reading the acknowledged mark holds the file
    /// shared for a moment (a <see cref="FileStream"/> on Unix locks every file it opens), a writer for its whole life.</summary>
    internal const int LockRetryMilliseconds = 25;

    private static FileStream AcquireLock(string directory)
    {
        string path = Path.Combine(directory, StoreFormat.LockFileName);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException e) when (IsHeldElsewhere(e) && attempt < LockAttempts)
            {
                Thread.Sleep(LockRetryMilliseconds);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                throw new IndexLockedException($"index at {directory} is open in another writer ({StoreFormat.LockFileName} is held)", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                // A read-only mount, a folder without write permission: not another writer.
                throw new IOException($"cannot open {path} for writing ({e.Message}): opening an index to change it needs a folder it can write; index query, info and verify read it as it is", e);
            }
        }
    }

    /// <summary>Whether opening the lock file failed because another process holds it: the errno of a refused lock on
    /// Linux (EAGAIN, 11) and macOS (35), or a sharing or lock violation on Windows. Anything else (a read-only file
    /// system, a denied permission) is another problem and is said as such.</summary>
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static void ReplaceFile(string path, Action<string> write)
    {
        string temp = path + StoreFormat.TempSuffix;
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!); // the rename survives a power cut only once its folder is flushed
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void DeleteTemporaries(string directory)
    {
        TryDelete(Path.Combine(directory, StoreFormat.SnapshotFileName + StoreFormat.TempSuffix));
        TryDelete(Path.Combine(directory, StoreFormat.LogFileName + StoreFormat.TempSuffix));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: it is never read and is deleted on the next open.
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void ThrowIfFaulted()
    {
        if (_readOnly)
        {
            throw ReadOnlyIndex.Error(_directory);
        }

        if (_faulted)
        {
            throw new InvalidOperationException($"A write to the index at {_directory} failed; dispose the store and open it again to recover.");
        }
    }
}
