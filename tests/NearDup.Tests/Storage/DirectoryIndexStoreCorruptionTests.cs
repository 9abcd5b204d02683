using System;
using System.Linq;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// A small store (snapshot with 3 documents, log with 2 batches) damaged every way a file can be: each flipped or cut
/// byte must be detected, and only an interrupted last batch may be dropped, never an earlier one.
/// </summary>
public class DirectoryIndexStoreCorruptionTests : StoreTestBase
{
    private const int LogHeaderSize = 60;

    /// <summary>Where the OPTS section starts: after the 44-byte header and the IDNT section (tag 4, length 8, identity
    /// 16, checksum 8).</summary>
    private const int OptionsAt = 44 + 12 + 16 + 8;
    private static readonly string[] AfterFirstBatch = { "alpha=one", "gamma=three", "delta=four" };
    private static readonly string[] AfterBothBatches = { "alpha=one", "gamma=three", "delta=four", "beta=again" };

    private byte[] _snapshot = Array.Empty<byte>();
    private byte[] _log = Array.Empty<byte>();
    private int _lastRecordStart;

    [SetUp]
    public void BuildSmallStore()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            _lastRecordStart = CommitSmallHistory(store);
        }

        _snapshot = File.ReadAllBytes(SnapshotPath);
        _log = File.ReadAllBytes(LogPath);
    }

    private void WriteFiles(byte[] snapshot, byte[] log)
    {
        File.WriteAllBytes(SnapshotPath, snapshot);
        File.WriteAllBytes(LogPath, log);
    }

    private static byte[] Flipped(byte[] original, int index, byte mask)
    {
        byte[] copy = (byte[])original.Clone();
        copy[index] ^= mask;
        return copy;
    }

    /// <summary>Open and Load; returns the error message, or null when both succeeded.</summary>
    private string? OpenAndLoadError(out List<string>? documents, out RecoveryReport? report)
    {
        documents = null;
        report = null;
        try
        {
            using var store = DirectoryIndexStore.Open(Directory);
            documents = Describe(Load(store, out RecoveryReport r));
            report = r;
            return null;
        }
        catch (NearDupFormatException e)
        {
            return e.Message;
        }
    }

    private static void RewriteHeaderChecksum(byte[] file, int headerSize)
    {
        int at = headerSize - 8;
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at), XxHash64.HashToUInt64(file.AsSpan(0, at)));
    }

    [Test]
    public void Small_store_loads_intact_before_any_damage()
    {
        Assert.That(OpenAndLoadError(out List<string>? documents, out _), Is.Null);
        Assert.That(documents, Is.EqualTo(AfterBothBatches));
    }

    [TestCase((byte)0x01)]
    [TestCase((byte)0x80)]
    [TestCase((byte)0xFF)]
    public void Every_flipped_byte_of_the_snapshot_is_rejected_naming_the_file(byte mask)
    {
        var missed = new List<string>();
        for (int i = 0; i < _snapshot.Length; i++)
        {
            WriteFiles(Flipped(_snapshot, i, mask), _log);
            string? error = OpenAndLoadError(out _, out _);
            if (error is null || !error.Contains("snapshot.ndup", StringComparison.Ordinal))
            {
                missed.Add($"byte {i}: {error ?? "loaded without error"}");
            }
        }

        Assert.That(missed, Is.Empty);
    }

    [Test]
    public void Verify_reports_a_flipped_document_byte_without_changing_files()
    {
        byte[] damaged = Flipped(_snapshot, _snapshot.Length - 12, 0x10);
        WriteFiles(damaged, _log);
        using var store = DirectoryIndexStore.Open(Directory);
        IReadOnlyList<string> problems = store.Verify();
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("snapshot.ndup").And.Contain("section DOCS"));
        Assert.That(File.ReadAllBytes(SnapshotPath), Is.EqualTo(damaged));
        Assert.That(File.ReadAllBytes(LogPath), Is.EqualTo(_log));
    }

    [TestCase((byte)0x01)]
    [TestCase((byte)0x80)]
    [TestCase((byte)0xFF)]
    public void Every_flipped_byte_of_the_log_header_and_of_an_earlier_batch_is_rejected_naming_the_file(byte mask)
    {
        var missed = new List<string>();
        for (int i = 0; i < _lastRecordStart; i++)
        {
            WriteFiles(_snapshot, Flipped(_log, i, mask));
            string? error = OpenAndLoadError(out _, out _);
            if (error is null || !error.Contains("wal.ndlog", StringComparison.Ordinal))
            {
                missed.Add($"byte {i}: {error ?? "loaded without error"}");
            }
        }

        Assert.That(missed, Is.Empty);
    }

    [Test]
    public void Every_flipped_byte_of_the_last_batch_header_is_rejected()
    {
        // The record header carries its own checksum, so a damaged length cannot pass for an interrupted write.
        for (int i = _lastRecordStart; i < _lastRecordStart + 16; i++)
        {
            WriteFiles(_snapshot, Flipped(_log, i, 0x04));
            Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog").And.Contain($"offset {_lastRecordStart}"), $"byte {i}");
        }
    }

    [Test]
    public void Flipped_byte_in_the_last_batch_is_an_error_naming_its_offset_and_no_file_changes()
    {
        // The last batch was acknowledged: a flipped bit in it is damage, not an interrupted write, and dropping it
        // would lose acknowledged documents.
        for (int i = _lastRecordStart + 16; i < _log.Length; i++)
        {
            byte[] damaged = Flipped(_log, i, 0x04);
            WriteFiles(_snapshot, damaged);
            Assert.That(
                OpenAndLoadError(out _, out _),
                Does.EndWith($"wal.ndlog: batch checksum mismatch at offset {_lastRecordStart}: the last batch is complete ({_log.Length - _lastRecordStart} bytes) but damaged, so it is not an interrupted write; the index needs repair or a backup"),
                $"byte {i}");
            Assert.That(File.ReadAllBytes(LogPath), Is.EqualTo(damaged), $"byte {i}");
        }
    }

    [Test]
    public void Last_batch_whose_checksum_is_still_zeros_is_an_interrupted_write_and_is_dropped()
    {
        UnacknowledgeLastBatch(); // an interrupted write is one that was never acknowledged
        // What a crash leaves when the file grew but the end of the write had not landed.
        byte[] torn = [.. _log[..^8], .. new byte[8]];
        WriteFiles(_snapshot, torn);
        Assert.That(OpenAndLoadError(out List<string>? documents, out RecoveryReport? report), Is.Null);
        Assert.That((documents, report!.DroppedBytes), Is.EqualTo((AfterFirstBatch, (long)(_log.Length - _lastRecordStart))));
    }

    [Test]
    public void Log_batch_with_a_byte_after_its_last_operation_and_matching_checksums_is_rejected_naming_the_batch_and_offset()
    {
        // What only a writer bug could produce: both checksums match, so the body itself must be checked.
        int bodyLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(_log.AsSpan(_lastRecordStart));
        int bodyEnd = _lastRecordStart + 16 + bodyLength;
        byte[] log = [.. _log[..bodyEnd], 0, .. new byte[8]];
        BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(_lastRecordStart), (uint)bodyLength + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(_lastRecordStart + 12), XxHash32.HashToUInt32(log.AsSpan(_lastRecordStart, 12)));
        BinaryPrimitives.WriteUInt64LittleEndian(log.AsSpan(bodyEnd + 1), XxHash64.HashToUInt64(log.AsSpan(_lastRecordStart..(bodyEnd + 1))));
        WriteFiles(_snapshot, log);
        Assert.That(
            OpenAndLoadError(out _, out _),
            Does.EndWith($"wal.ndlog: batch at offset {_lastRecordStart} has 1 unexpected bytes after offset {bodyEnd}"));
    }

    [Test]
    public void Snapshot_truncated_at_every_length_is_rejected_naming_the_file()
    {
        var missed = new List<string>();
        for (int length = 0; length < _snapshot.Length; length++)
        {
            WriteFiles(_snapshot[..length], _log);
            string? error = OpenAndLoadError(out _, out _);
            if (error is null || !error.Contains("snapshot.ndup", StringComparison.Ordinal))
            {
                missed.Add($"length {length}: {error ?? "loaded without error"}");
            }
        }

        Assert.That(missed, Is.Empty);
    }

    [Test]
    public void Snapshot_cut_short_says_how_many_bytes_it_has_of_how_many()
    {
        WriteFiles(_snapshot[..(_snapshot.Length - 5)], _log);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain($"ended after {_snapshot.Length - 5} of {_snapshot.Length} bytes"));
    }

    [Test]
    public void Log_truncated_inside_its_header_is_rejected_naming_the_file()
    {
        for (int length = 0; length < LogHeaderSize; length++)
        {
            WriteFiles(_snapshot, _log[..length]);
            Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog"), $"length {length}");
        }
    }

    [Test]
    public void Log_truncated_inside_the_last_batch_keeps_the_earlier_batches_and_reports_the_dropped_bytes()
    {
        for (int length = _lastRecordStart; length < _log.Length; length++)
        {
            AcknowledgedUpTo(2); // an interrupted write is one that was never acknowledged (the last round committed batch 3)
            WriteFiles(_snapshot, _log[..length]);
            using (var store = DirectoryIndexStore.Open(Directory))
            {
                IReadOnlyList<StoredDocument> documents = Load(store, out RecoveryReport report);
                Assert.That(Describe(documents), Is.EqualTo(AfterFirstBatch), $"length {length}");
                Assert.That(report.ReplayedBatches, Is.EqualTo(1), $"length {length}");
                Assert.That(report.DroppedBytes, Is.EqualTo(length - _lastRecordStart), $"length {length}");
                if (length > _lastRecordStart)
                {
                    Assert.That(report.Messages, Has.One.Contains("wal.ndlog").And.Contains("dropped"), $"length {length}");
                }

                Assert.That(new FileInfo(LogPath).Length, Is.EqualTo(_lastRecordStart), "the torn tail is cut off");
                Assert.That(store.Verify(), Is.Empty, $"length {length}");
                store.Commit(new[] { Add("epsilon", "five") });
            }

            using var reopened = DirectoryIndexStore.Open(Directory);
            Assert.That(Describe(Load(reopened)), Is.EqualTo(new List<string>(AfterFirstBatch) { "epsilon=five" }), $"length {length}");
        }
    }

    [Test]
    public void Verify_reports_a_torn_last_batch_but_does_not_cut_it()
    {
        UnacknowledgeLastBatch(); // an interrupted write is one that was never acknowledged
        byte[] torn = _log[..(_log.Length - 3)];
        WriteFiles(_snapshot, torn);
        using var store = DirectoryIndexStore.Open(Directory);
        IReadOnlyList<string> problems = store.Verify();
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("wal.ndlog").And.Contain($"offset {_lastRecordStart}"));
        Assert.That(File.ReadAllBytes(LogPath), Is.EqualTo(torn));
    }

    [Test]
    public void Log_cut_at_a_batch_boundary_before_an_acknowledged_batch_is_an_error_naming_the_missing_batches()
    {
        WriteFiles(_snapshot, _log[.._lastRecordStart]);
        Assert.That(
            OpenAndLoadError(out _, out _),
            Does.Contain("wal.ndlog: the files end at batch 2, but batch 3 was acknowledged (index.lock): batches 3 to 3 are missing"));
        Assert.That(File.ReadAllBytes(LogPath), Is.EqualTo(_log[.._lastRecordStart]), "nothing is cut or rewritten");
    }

    [Test]
    public void Log_cut_inside_an_acknowledged_batch_is_an_error_not_an_interrupted_write()
    {
        WriteFiles(_snapshot, _log[..(_log.Length - 3)]);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("batch 3 was acknowledged"));
    }

    [Test]
    public void Verify_reports_a_log_that_lost_acknowledged_batches()
    {
        WriteFiles(_snapshot, _log[.._lastRecordStart]);
        using var store = DirectoryIndexStore.OpenReadOnly(Directory);
        Assert.That(store.Verify(), Has.One.Contains("batches 3 to 3 are missing"));
    }

    [Test]
    public void Lock_file_without_a_mark_checks_nothing_as_before()
    {
        // An index written by a build before the mark, or copied without its lock file.
        File.WriteAllBytes(Path.Combine(Directory, "index.lock"), []);
        WriteFiles(_snapshot, _log[.._lastRecordStart]);
        Assert.That(OpenAndLoadError(out List<string>? documents, out _), Is.Null);
        Assert.That(documents, Is.EqualTo(AfterFirstBatch));
    }

    /// <summary>Flips one bit of the acknowledged mark in the lock file.</summary>
    private void DamageTheMark() => NearDup.Tests.Support.DamagedFiles.FlipByte(Path.Combine(Directory, "index.lock"), 30, 0x40);

    [Test]
    public void Lock_file_whose_mark_is_damaged_is_an_error_naming_it_and_the_repair()
    {
        // Damage, not an index made before the mark: the check the mark is for cannot be made, and is not skipped silently.
        DamageTheMark();
        Assert.That(
            OpenAndLoadError(out _, out _),
            Does.StartWith($"{Path.Combine(Directory, "index.lock")}: its acknowledged mark (bytes 0 to 55) is damaged").And.Contain("neardup index repair"));
    }

    [Test]
    public void Lock_file_whose_mark_is_damaged_hides_no_lost_batch_from_an_open()
    {
        WriteFiles(_snapshot, _log[.._lastRecordStart]);
        DamageTheMark();
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("index.lock: its acknowledged mark (bytes 0 to 55) is damaged"));
    }

    [Test]
    public void Lock_file_with_a_format_1_mark_is_no_damage_and_still_checked()
    {
        // The mark earlier builds wrote: "NDUPACK1", generation, sequence, XxHash64 of those 24 bytes; 32 bytes.
        Mark current;
        using (var file = new FileStream(Path.Combine(Directory, "index.lock"), FileMode.Open, FileAccess.Read))
        {
            current = AcknowledgedMark.Read(file)!.Value;
        }

        var v1 = new byte[32];
        "NDUPACK1"u8.CopyTo(v1);
        BinaryPrimitives.WriteUInt64LittleEndian(v1.AsSpan(8), current.Generation);
        BinaryPrimitives.WriteUInt64LittleEndian(v1.AsSpan(16), current.Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(v1.AsSpan(24), XxHash64.HashToUInt64(v1.AsSpan(0, 24)));
        File.WriteAllBytes(Path.Combine(Directory, "index.lock"), v1);
        string? whole = OpenAndLoadError(out _, out _);
        WriteFiles(_snapshot, _log[.._lastRecordStart]);
        Assert.That((whole, OpenAndLoadError(out _, out _)), Is.EqualTo(((string?)null, $"{LogPath}: the files end at batch 2, but batch 3 was acknowledged (index.lock): batches 3 to 3 are missing (the log was cut at a batch boundary or replaced by an older copy); {AcknowledgedMark.Advice}")));
    }

    [Test]
    public void Repair_of_a_damaged_mark_says_so_and_the_index_opens_again()
    {
        DamageTheMark();
        IReadOnlyList<string> done = DirectoryIndexStore.Repair(Directory);
        Assert.That(
            (done.Single(), OpenAndLoadError(out List<string>? documents, out _), documents?.Count),
            Is.EqualTo(($"{Path.Combine(Directory, "index.lock")}: its acknowledged mark was damaged (not a mark, or its checksum did not match); wrote a new one for the files as they are (whether batches were lost before it was damaged cannot be told)", (string?)null, (int?)AfterBothBatches.Length)));
    }

    [Test]
    public void Damage_campaign_loses_or_invents_no_acknowledged_batch_silently()
    {
        // Every bit of every byte of both files flipped, the log cut at every offset, garbage and zeros appended, the
        // log of an earlier moment, and files swapped in from other indexes: each case either fails to open with an error naming a file, or opens holding
        // exactly the acknowledged documents (dropping, at most, bytes that were never acknowledged).
        var cases = new List<(string Name, byte[] Snapshot, byte[] Log)>();
        for (int i = 0; i < _log.Length; i++)
        {
            for (int bit = 0; bit < 8; bit += 3)
            {
                cases.Add(($"log byte {i} bit {bit}", _snapshot, Flipped(_log, i, (byte)(1 << bit))));
            }
        }

        for (int i = 0; i < _snapshot.Length; i += 7)
        {
            cases.Add(($"snapshot byte {i}", Flipped(_snapshot, i, 0x10), _log));
        }

        for (int length = 0; length < _log.Length; length++)
        {
            cases.Add(($"log cut to {length}", _snapshot, _log[..length]));
        }

        var random = new Random(16);
        for (int n = 1; n <= 40; n++)
        {
            byte[] garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            cases.Add(($"{garbage.Length} bytes of garbage appended", _snapshot, [.. _log, .. garbage]));
            cases.Add(($"{n * 13} zeros appended", _snapshot, [.. _log, .. new byte[n * 13]]));
        }

        cases.Add(("the log of an earlier moment", _snapshot, _log[.._lastRecordStart]));

        // Files of other indexes with the same history (batches 1 to 3, a compaction after the first): another index, and
        // a copy of this one that went its own way (the same identity, other documents in the snapshot or the log).
        Guid ours;
        using (var store = DirectoryIndexStore.OpenReadOnly(Directory))
        {
            ours = store.Identity;
        }

        foreach (var (name, identity, first, last) in new[]
        {
            ("another index", Guid.NewGuid(), "one", "again"),
            ("a copy with another first batch", ours, "uno", "again"),
            ("a copy with another last batch", ours, "one", "encore"),
        })
        {
            string other = Path.Combine(Directory, name.Replace(' ', '-'));
            using (var store = DirectoryIndexStore.Create(other, OptionsBlob, identity))
            {
                CommitSmallHistory(store, first, last);
            }

            byte[] snapshot = File.ReadAllBytes(Path.Combine(other, StoreFormat.SnapshotFileName));
            byte[] log = File.ReadAllBytes(Path.Combine(other, StoreFormat.LogFileName));
            cases.Add(($"the snapshot of {name}", snapshot, _log));
            cases.Add(($"the log of {name}", _snapshot, log));
            cases.Add(($"both files of {name}", snapshot, log));
        }
        int errors = 0, torn = 0;
        var intact = new List<string>();
        var silent = new List<string>();
        foreach (var (name, snapshot, log) in cases)
        {
            WriteFiles(snapshot, log);
            string? error = OpenAndLoadError(out List<string>? documents, out RecoveryReport? report);
            if (error is not null)
            {
                errors++;
                Assert.That(error, Does.Contain("wal.ndlog").Or.Contain("snapshot.ndup"), name);
            }
            else if (!System.Linq.Enumerable.SequenceEqual(documents!, AfterBothBatches))
            {
                silent.Add($"{name}: opened holding {string.Join(", ", documents!)}");
            }
            else if (report!.DroppedBytes > 0)
            {
                torn++;
            }
            else
            {
                intact.Add(name);
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} cases: {errors} errors, {torn} unacknowledged tails dropped, {intact.Count} opened intact, {silent.Count} silent");

        // The one case that opens as it was: that copy's snapshot is byte for byte this index's own.
        Assert.That((silent, intact), Is.EqualTo((new List<string>(), new List<string> { "the snapshot of a copy with another last batch" })));
    }

    [Test]
    public void Zero_filled_tail_after_the_last_batch_is_dropped()
    {
        // What some file systems leave after a power cut: the length grew but the data never landed.
        byte[] padded = new byte[_log.Length + 700];
        _log.CopyTo(padded, 0);
        WriteFiles(_snapshot, padded);
        Assert.That(OpenAndLoadError(out List<string>? documents, out RecoveryReport? report), Is.Null);
        Assert.That(documents, Is.EqualTo(AfterBothBatches));
        Assert.That(report!.DroppedBytes, Is.EqualTo(700));
    }

    [Test]
    public void Garbage_after_the_last_batch_is_rejected()
    {
        byte[] padded = new byte[_log.Length + 40];
        _log.CopyTo(padded, 0);
        padded[^1] = 0x5A;
        WriteFiles(_snapshot, padded);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog").And.Contain($"offset {_log.Length}"));
    }

    [Test]
    public void Snapshot_of_a_newer_format_version_is_rejected_as_newer_than_this_build()
    {
        byte[] newer = (byte[])_snapshot.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(newer.AsSpan(8), 3);
        RewriteHeaderChecksum(newer, 44);
        WriteFiles(newer, _log);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("snapshot.ndup").And.Contain("format 3 is newer than this build (reads ≤ 2)"));
    }

    [Test]
    public void Log_of_a_newer_format_version_is_rejected_as_newer_than_this_build()
    {
        byte[] newer = (byte[])_log.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(newer.AsSpan(8), 7);
        RewriteHeaderChecksum(newer, LogHeaderSize);
        WriteFiles(_snapshot, newer);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog").And.Contain("format 7 is newer than this build"));
    }

    [Test]
    public void Snapshot_whose_version_byte_is_flipped_is_damage_not_a_newer_format()
    {
        // The checksum was not rewritten: the header is a known format's with its version field damaged.
        byte[] damaged = (byte[])_snapshot.Clone();
        damaged[8] ^= 0xF0;
        WriteFiles(damaged, _log);
        Assert.That(
            OpenAndLoadError(out _, out _),
            Does.Contain("snapshot.ndup").And.Contain($"the format version at offset 8 reads {BinaryPrimitives.ReadUInt16LittleEndian(damaged.AsSpan(8))}, but the header is format {BinaryPrimitives.ReadUInt16LittleEndian(_snapshot.AsSpan(8))}'s with that field damaged"));
    }

    [Test]
    public void Log_whose_version_byte_is_flipped_is_damage_not_a_newer_format()
    {
        byte[] damaged = (byte[])_log.Clone();
        damaged[9] ^= 0x01;
        WriteFiles(_snapshot, damaged);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog").And.Contain("with that field damaged (its checksum holds with"));
    }

    [Test]
    public void Snapshot_with_a_wrong_magic_is_rejected_naming_the_file()
    {
        byte[] wrong = (byte[])_snapshot.Clone();
        "NDUPLSH1"u8.CopyTo(wrong);
        WriteFiles(wrong, _log);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("snapshot.ndup").And.Contain("magic").And.Contain("\"NDUPLSH1\""));
    }

    [Test]
    public void Log_with_a_wrong_magic_is_rejected_naming_the_file()
    {
        WriteFiles(_snapshot, (byte[])_snapshot.Clone());
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("wal.ndlog").And.Contain("not a NearDup write-ahead log"));
    }

    [Test]
    public void Snapshot_id_that_is_not_valid_utf8_is_rejected_even_with_a_matching_checksum()
    {
        // OPTS section: 12-byte section header after IDNT, payload, 8-byte checksum; DOCS follows.
        byte[] file = (byte[])_snapshot.Clone();
        int docs = OptionsAt + 12 + OptionsBlob.Length + 8;
        int payloadStart = docs + 12;
        int payloadLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(docs + 4));
        file[payloadStart + 4 + 2] = 0xFF;
        ulong checksum = XxHash64.HashToUInt64(file.AsSpan(payloadStart, payloadLength));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(payloadStart + payloadLength), checksum);

        // The log names the snapshot's DOCS checksum: name the new one, so that only the id is wrong.
        byte[] log = (byte[])_log.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(log.AsSpan(44), checksum);
        RewriteHeaderChecksum(log, LogHeaderSize);
        WriteFiles(file, log);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("snapshot.ndup").And.Contain("not valid UTF-8"));
    }

    [Test]
    public void Snapshot_with_an_unknown_section_is_read_and_the_section_skipped()
    {
        // A compatible newer writer may add sections; append one and fix the declared file length and header checksum.
        byte[] payload = { 9, 8, 7 };
        var extra = new byte[12 + payload.Length + 8];
        "XTRA"u8.CopyTo(extra);
        BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(4), (ulong)payload.Length);
        payload.CopyTo(extra, 12);
        BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(12 + payload.Length), XxHash64.HashToUInt64(payload));
        byte[] file = new byte[_snapshot.Length + extra.Length];
        _snapshot.CopyTo(file, 0);
        extra.CopyTo(file, _snapshot.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(28), (ulong)file.Length);
        RewriteHeaderChecksum(file, 44);
        WriteFiles(file, _log);
        Assert.That(OpenAndLoadError(out List<string>? documents, out _), Is.Null);
        Assert.That(documents, Is.EqualTo(AfterBothBatches));
    }

    [Test]
    public void Snapshot_with_a_duplicate_section_is_rejected()
    {
        int docs = OptionsAt + 12 + OptionsBlob.Length + 8;
        byte[] options = _snapshot[OptionsAt..docs];
        byte[] file = new byte[_snapshot.Length + options.Length];
        _snapshot.CopyTo(file, 0);
        options.CopyTo(file, _snapshot.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(28), (ulong)file.Length);
        RewriteHeaderChecksum(file, 44);
        WriteFiles(file, _log);
        Assert.That(OpenAndLoadError(out _, out _), Does.Contain("snapshot.ndup").And.Contain("duplicate section OPTS"));
    }
}
