using System.Collections.Generic;
using System.IO;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// <see cref="DirectoryIndexStore.Repair"/>: the explicit action that makes an index opening refuses open again. It
/// keeps the snapshot and the batches before the first damaged one, says what it dropped, and is never taken by
/// opening.
/// </summary>
public class DirectoryIndexStoreRepairTests : StoreTestBase
{
    private static readonly List<string> AfterFirstBatch = ["alpha=one", "gamma=three", "delta=four"];
    private static readonly List<string> Snapshot = ["alpha=one", "beta=two", "gamma=three"];
    private static readonly List<string> AfterBothBatches = ["alpha=one", "gamma=three", "delta=four", "beta=again"];

    private byte[] _log = [];
    private int _lastRecordStart;

    [SetUp]
    public void BuildSmallStore()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            _lastRecordStart = CommitSmallHistory(store);
        }

        _log = File.ReadAllBytes(LogPath);
    }

    /// <summary>Opens for writing and loads, as the next user would.</summary>
    private List<string> Reopen()
    {
        using var store = DirectoryIndexStore.Open(Directory);
        return Describe(Load(store));
    }

    private bool Verifies()
    {
        using var store = DirectoryIndexStore.OpenReadOnly(Directory);
        return store.Verify().Count == 0;
    }

    [Test]
    public void A_sound_index_needs_no_repair_and_its_files_are_unchanged()
    {
        byte[] snapshot = File.ReadAllBytes(SnapshotPath);
        Assert.That(DirectoryIndexStore.Repair(Directory), Is.Empty);
        Assert.That((File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath), Reopen()), Is.EqualTo((snapshot, _log, AfterBothBatches)));
    }

    [Test]
    public void A_damaged_last_batch_is_dropped_and_the_repair_says_which_batch_and_how_many_bytes()
    {
        byte[] damaged = (byte[])_log.Clone();
        damaged[_lastRecordStart + 20] ^= 0x04;
        File.WriteAllBytes(LogPath, damaged);
        Assert.That(() => Reopen(), Throws.InstanceOf<NearDupFormatException>(), "opening refuses it");

        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);

        Assert.That(said, Has.Count.EqualTo(2));
        Assert.That(said[0], Does.Contain($"batch checksum mismatch at offset {_lastRecordStart}").And.Contain($"dropped batch 3 and everything after it ({_log.Length - _lastRecordStart} bytes); kept batches 2 to 2"));
        Assert.That(said[1], Does.Contain("batches 3 to 3 are missing").And.Contain("accepted the files as they are: the index now ends at batch 2"));
        Assert.That((Reopen(), Verifies(), new FileInfo(LogPath).Length), Is.EqualTo((AfterFirstBatch, true, (long)_lastRecordStart)));
    }

    [Test]
    public void A_damaged_batch_in_the_middle_is_dropped_with_every_batch_after_it()
    {
        byte[] damaged = (byte[])_log.Clone();
        damaged[StoreFormat.LogHeaderSize + 20] ^= 0x04;
        File.WriteAllBytes(LogPath, damaged);

        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);

        Assert.That(said[0], Does.Contain($"batch checksum mismatch at offset {StoreFormat.LogHeaderSize}").And.Contain("dropped batch 2 and everything after it").And.Contain("the log keeps none of its batches"));
        Assert.That((Reopen(), Verifies()), Is.EqualTo((Snapshot, true)));
    }

    [Test]
    public void Acknowledged_batches_the_files_lost_are_accepted_as_lost_and_said_so()
    {
        File.WriteAllBytes(LogPath, _log[.._lastRecordStart]); // an older copy of the log put back
        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);
        Assert.That(said, Has.Count.EqualTo(1));
        Assert.That(said[0], Does.Contain("batches 3 to 3 are missing").And.Contain("accepted the files as they are: the index now ends at batch 2"));
        Assert.That((Reopen(), Verifies(), File.ReadAllBytes(LogPath)), Is.EqualTo((AfterFirstBatch, true, _log[.._lastRecordStart])));
    }

    [Test]
    public void A_log_of_another_index_is_replaced_by_an_empty_one_and_the_repair_says_how_many_bytes_it_dropped()
    {
        string other = Path.Combine(Directory, "other");
        using (var store = DirectoryIndexStore.Create(other, OptionsBlob))
        {
            store.Commit(new[] { Add("zeta", "z") });
        }

        long length = new FileInfo(Path.Combine(other, StoreFormat.LogFileName)).Length;
        File.Copy(Path.Combine(other, StoreFormat.LogFileName), LogPath, overwrite: true);

        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);

        Assert.That(said[0], Does.Contain("the log belongs to index").And.Contain($"replaced the log with an empty one, dropping all of its {length} bytes"));
        Assert.That((Reopen(), Verifies()), Is.EqualTo((Snapshot, true)));
    }

    [Test]
    public void A_missing_log_is_replaced_by_an_empty_one()
    {
        File.Delete(LogPath);
        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);
        Assert.That(said[0], Does.Contain("the log was missing; wrote an empty one"));
        Assert.That((Reopen(), Verifies()), Is.EqualTo((Snapshot, true)));
    }

    [Test]
    public void An_interrupted_last_write_is_cut_off_as_opening_would()
    {
        UnacknowledgeLastBatch();
        File.WriteAllBytes(LogPath, _log[..(_log.Length - 5)]);
        IReadOnlyList<string> said = DirectoryIndexStore.Repair(Directory);
        Assert.That(said, Has.Count.EqualTo(1));
        Assert.That(said[0], Does.Contain("an interrupted write; dropped it").And.Contain("kept batches 2 to 2"));
        Assert.That((Reopen(), Verifies()), Is.EqualTo((AfterFirstBatch, true)));
    }

    [Test]
    public void A_damaged_snapshot_is_refused_with_advice_and_no_file_changes()
    {
        byte[] snapshot = File.ReadAllBytes(SnapshotPath);
        byte[] damaged = (byte[])snapshot.Clone();
        damaged[^12] ^= 0x01; // inside the DOCS section
        File.WriteAllBytes(SnapshotPath, damaged);
        byte[] lockBefore = File.ReadAllBytes(Path.Combine(Directory, StoreFormat.LockFileName));

        Assert.That(
            () => DirectoryIndexStore.Repair(Directory),
            Throws.InstanceOf<NearDupFormatException>().With.Message.Contain("snapshot.ndup").And.Message.Contain("restore snapshot.ndup from a backup (the index is unchanged)"));
        Assert.That(
            (File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath), File.ReadAllBytes(Path.Combine(Directory, StoreFormat.LockFileName))),
            Is.EqualTo((damaged, _log, lockBefore)));
    }

    [Test]
    public void Repair_is_refused_while_a_writer_has_the_index_open()
    {
        using var writer = DirectoryIndexStore.Open(Directory);
        Assert.That(() => DirectoryIndexStore.Repair(Directory), Throws.InstanceOf<IndexLockedException>());
    }
}
