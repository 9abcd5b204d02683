using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

public class DirectoryIndexStoreTests : StoreTestBase
{
    private static readonly string[] ExpectedAfterHistory = { "a=a2", "c=c1", "b=b2", "d=d1" };

    /// <summary>Adds, a replacement in place, removes, a re-add (goes to the end) and a remove of an unknown id.</summary>
    private static void CommitHistory(IIndexStore store)
    {
        store.Commit(new[] { Add("a", "a1"), Add("b", "b1"), Add("c", "c1") });
        store.Commit(new[] { Remove("b"), Add("a", "a2") });
        store.Commit(new[] { Add("b", "b2"), Remove("never-added") });
        store.Commit(new[] { Add("d", "d1") });
    }

    [Test]
    public void Reopened_store_loads_the_same_live_documents_in_order()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        IReadOnlyList<StoredDocument> documents = Load(reopened, out RecoveryReport report);
        Assert.That(Describe(documents), Is.EqualTo(ExpectedAfterHistory));
        Assert.That(report.ReplayedBatches, Is.EqualTo(4));
        Assert.That(report.SnapshotDocuments, Is.Zero);
        Assert.That(report.DroppedBytes, Is.Zero);
        Assert.That(report.Messages, Is.Empty);
    }

    [Test]
    public void Options_blob_round_trips_exactly()
    {
        using (DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(reopened.Options.ToArray(), Is.EqualTo(OptionsBlob));
    }

    [Test]
    public void Empty_options_blob_round_trips()
    {
        using (DirectoryIndexStore.Create(Directory, ReadOnlyMemory<byte>.Empty))
        {
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(reopened.Options.Length, Is.Zero);
        Assert.That(Load(reopened), Is.Empty);
    }

    [Test]
    public void Load_in_the_same_session_sees_committed_batches()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitHistory(store);
        Assert.That(Describe(Load(store)), Is.EqualTo(ExpectedAfterHistory));
    }

    [Test]
    public void Compacted_store_reopens_with_the_same_documents_and_an_empty_log()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
            store.Compact(Load(store));
            Assert.That(store.Statistics().LogBatches, Is.Zero);
            store.Commit(new[] { Add("e", "e1"), Remove("c") });
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        IReadOnlyList<StoredDocument> documents = Load(reopened, out RecoveryReport report);
        Assert.That(Describe(documents), Is.EqualTo(new[] { "a=a2", "b=b2", "d=d1", "e=e1" }));
        Assert.That(report.SnapshotDocuments, Is.EqualTo(4));
        Assert.That(report.ReplayedBatches, Is.EqualTo(1));
        Assert.That(reopened.Options.ToArray(), Is.EqualTo(OptionsBlob));
        Assert.That(reopened.LastSequence, Is.EqualTo(5), "sequence numbers keep counting across a compaction");
    }

    [Test]
    public void Statistics_count_live_documents_batches_and_bytes()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        StoreStatistics empty = store.Statistics();
        CommitHistory(store);
        StoreStatistics after = store.Statistics();

        Assert.That(empty.Documents, Is.Zero);
        Assert.That(empty.LogBatches, Is.Zero);
        Assert.That(empty.SnapshotBytes, Is.EqualTo(new FileInfo(SnapshotPath).Length));
        Assert.That(after.Documents, Is.EqualTo(4));
        Assert.That(after.LogBatches, Is.EqualTo(4));
        Assert.That(after.LogBytes, Is.EqualTo(new FileInfo(LogPath).Length));
        Assert.That(after.LogBytes, Is.GreaterThan(empty.LogBytes));

        store.Compact(Load(store));
        StoreStatistics compacted = store.Statistics();
        Assert.That(compacted.Documents, Is.EqualTo(4));
        Assert.That(compacted.LogBatches, Is.Zero);
        Assert.That(compacted.LogBytes, Is.EqualTo(empty.LogBytes));
        Assert.That(compacted.SnapshotBytes, Is.GreaterThan(empty.SnapshotBytes));
    }

    [Test]
    public void Statistics_after_reopen_without_load_recover_the_counts()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(reopened.Statistics(), Is.EqualTo(new StoreStatistics(4, new FileInfo(SnapshotPath).Length, new FileInfo(LogPath).Length, 4) { Identity = reopened.Identity }));
        Assert.That(reopened.Identity, Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public void Commit_after_reopen_without_load_continues_the_log()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
        }

        using (var reopened = DirectoryIndexStore.Open(Directory))
        {
            reopened.Commit(new[] { Add("f", "f1") });
        }

        using var third = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(third)), Is.EqualTo(new[] { "a=a2", "c=c1", "b=b2", "d=d1", "f=f1" }));
        Assert.That(third.LastSequence, Is.EqualTo(5));
    }

    [Test]
    public void Empty_batch_writes_nothing()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        long before = new FileInfo(LogPath).Length;
        store.Commit(Array.Empty<StoreOperation>());
        Assert.That(new FileInfo(LogPath).Length, Is.EqualTo(before));
        Assert.That(store.LastSequence, Is.Zero);
    }

    [Test]
    public void Unicode_ids_and_empty_payloads_round_trip()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(new[] { StoreOperation.Add("日本語/ドキュメント", ReadOnlyMemory<byte>.Empty), Add("émoji-😀", "x") });
            store.Compact(Load(store));
            store.Commit(new[] { Add("ελληνικά", "y") });
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(reopened)), Is.EqualTo(new[] { "日本語/ドキュメント=", "émoji-😀=x", "ελληνικά=y" }));
    }

    [Test]
    public void Commit_rejects_an_id_that_is_not_valid_unicode()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        var batch = new[] { Add("ok", "1"), StoreOperation.Add("bad\uD800", Bytes("2")) };
        Assert.That(() => store.Commit(batch), Throws.ArgumentException.With.Message.Contains("not valid Unicode"));
        Assert.That(Load(store), Is.Empty, "a rejected batch writes nothing");
    }

    [Test]
    public void Commit_rejects_an_id_longer_than_65535_bytes()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        Assert.That(() => store.Commit(new[] { Add(new string('x', 65536), "1") }), Throws.ArgumentException);
    }

    [Test]
    public void Compact_rejects_repeated_ids_and_keeps_the_old_snapshot()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitHistory(store);
        var live = new[] { new StoredDocument("x", Bytes("1")), new StoredDocument("x", Bytes("2")) };
        Assert.That(() => store.Compact(live), Throws.ArgumentException.With.Message.Contains("repeats"));
        Assert.That(Describe(Load(store)), Is.EqualTo(ExpectedAfterHistory));
    }

    [Test]
    public void Cancelled_commit_writes_nothing()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => store.Commit(new[] { Add("a", "1") }, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(store.Statistics().LogBatches, Is.Zero);
    }

    [Test]
    public void Create_refuses_a_directory_that_already_holds_an_index()
    {
        using (DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
        }

        Assert.That(
            () => DirectoryIndexStore.Create(Directory, OptionsBlob),
            Throws.InstanceOf<IOException>().With.Message.Contains("already holds a NearDup index").And.Message.Contains(Directory));
    }

    [Test]
    public void Create_makes_a_missing_directory()
    {
        string nested = Path.Combine(Directory, "a", "b");
        using var store = DirectoryIndexStore.Create(nested, OptionsBlob);
        Assert.That(File.Exists(Path.Combine(nested, "snapshot.ndup")), Is.True);
    }

    [Test]
    public void Open_of_a_directory_without_an_index_names_the_path()
    {
        Assert.That(
            () => DirectoryIndexStore.Open(Directory),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(Directory).And.Message.Contains("snapshot.ndup"));
        Assert.That(File.Exists(Path.Combine(Directory, "index.lock")), Is.False, "a failed open leaves nothing behind");
    }

    [Test]
    public void Open_of_a_missing_directory_names_the_path()
    {
        string missing = Path.Combine(Directory, "nope");
        Assert.That(() => DirectoryIndexStore.Open(missing), Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contains(missing));
    }

    [Test]
    public void Open_of_an_index_whose_log_is_missing_throws_naming_the_log()
    {
        using (DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
        }

        File.Delete(LogPath);
        Assert.That(() => DirectoryIndexStore.Open(Directory), Throws.InstanceOf<NearDupFormatException>().With.Message.Contains("wal.ndlog"));
    }

    [Test]
    public void Second_writer_is_refused_while_the_first_is_open_naming_the_lock_file()
    {
        using var first = DirectoryIndexStore.Create(Directory, OptionsBlob);
        Assert.That(
            () => DirectoryIndexStore.Open(Directory),
            Throws.InstanceOf<IndexLockedException>().With.Message.Contains("index.lock").And.Message.Contains(Directory));
        Assert.That(() => DirectoryIndexStore.Create(Directory, OptionsBlob), Throws.InstanceOf<IndexLockedException>());
    }

    [Test]
    public void A_writer_opening_while_a_reader_holds_the_lock_file_for_a_moment_is_not_refused()
    {
        // A reader reads the acknowledged mark through a FileStream, which on Unix takes a shared lock on the file
        // while it is open: a writer opening then must wait it out, not report another writer.
        using (DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
        }

        var reader = new FileStream(Path.Combine(Directory, "index.lock"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        using var released = Task.Delay(50).ContinueWith(_ => reader.Dispose(), TaskScheduler.Default);
        using DirectoryIndexStore writer = DirectoryIndexStore.Open(Directory);
        Assert.That(released.IsCompleted, Is.True);
    }

    [Test]
    public void Verify_names_a_lock_file_whose_mark_is_damaged()
    {
        using (DirectoryIndexStore store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(new[] { Add("a", "a1") });
        }

        string lockPath = Path.Combine(Directory, "index.lock");
        byte[] bytes = File.ReadAllBytes(lockPath);
        bytes[30] ^= 0x40;
        File.WriteAllBytes(lockPath, bytes);
        using DirectoryIndexStore reader = DirectoryIndexStore.OpenReadOnly(Directory);
        Assert.That(reader.Verify(), Has.One.StartsWith($"{lockPath}: its acknowledged mark (bytes 0 to 55) is damaged"));
    }

    [Test]
    public void Verify_finds_nothing_in_an_empty_lock_file()
    {
        using (DirectoryIndexStore store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(new[] { Add("a", "a1") });
        }

        File.WriteAllBytes(Path.Combine(Directory, "index.lock"), []);
        using DirectoryIndexStore reader = DirectoryIndexStore.OpenReadOnly(Directory);
        Assert.That(reader.Verify(), Is.Empty);
    }

    [Test]
    public void Lock_error_is_an_IOException()
    {
        using var first = DirectoryIndexStore.Create(Directory, OptionsBlob);
        Assert.That(() => DirectoryIndexStore.Open(Directory), Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Store_opens_again_after_the_first_writer_is_disposed()
    {
        var first = DirectoryIndexStore.Create(Directory, OptionsBlob);
        first.Commit(new[] { Add("a", "1") });
        first.Dispose();

        using var second = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(second)), Is.EqualTo(new[] { "a=1" }));
    }

    [Test]
    public void Disposed_store_refuses_calls()
    {
        var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        store.Dispose();
        store.Dispose();
        Assert.That(() => store.Commit(new[] { Add("a", "1") }), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => store.Load(_ => { }), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Verify_of_a_sound_store_finds_nothing()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitHistory(store);
        store.Compact(Load(store));
        store.Commit(new[] { Add("z", "1") });
        Assert.That(store.Verify(), Is.Empty);
    }

    [Test]
    public void Stale_log_left_by_an_interrupted_compaction_is_not_replayed_twice()
    {
        // Simulates a crash after the new snapshot was moved into place but before the log was reset.
        byte[] oldLog;
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
            oldLog = File.ReadAllBytes(LogPath);
            store.Compact(Load(store));
        }

        File.WriteAllBytes(LogPath, oldLog);
        using (var reopened = DirectoryIndexStore.Open(Directory))
        {
            IReadOnlyList<StoredDocument> documents = Load(reopened, out RecoveryReport report);
            Assert.That(Describe(documents), Is.EqualTo(ExpectedAfterHistory));
            Assert.That(report.ReplayedBatches, Is.Zero);
            Assert.That(report.Messages, Has.Some.Contains("interrupted compaction"));
            reopened.Commit(new[] { Add("e", "e1") });
        }

        using var third = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(third)), Is.EqualTo(new[] { "a=a2", "c=c1", "b=b2", "d=d1", "e=e1" }));
        Assert.That(third.LastSequence, Is.EqualTo(5));
    }

    [Test]
    public void Log_from_an_unrelated_generation_is_rejected()
    {
        byte[] firstLog;
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            firstLog = File.ReadAllBytes(LogPath);
            store.Compact(Array.Empty<StoredDocument>());
            store.Compact(Array.Empty<StoredDocument>());
        }

        File.WriteAllBytes(LogPath, firstLog);
        Assert.That(
            () => DirectoryIndexStore.Open(Directory),
            Throws.InstanceOf<NearDupFormatException>().With.Message.Contains("wal.ndlog").And.Message.Contains("generation"));
    }

    [Test]
    public void Leftover_temporary_files_are_ignored_and_removed_on_open()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
        }

        File.WriteAllBytes(SnapshotPath + ".tmp", new byte[] { 1, 2, 3 });
        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(reopened)), Is.EqualTo(ExpectedAfterHistory));
        Assert.That(File.Exists(SnapshotPath + ".tmp"), Is.False);
    }

    [Test]
    public void Create_after_a_crash_during_create_reuses_the_directory()
    {
        // Create writes the header-only log first; a crash before the snapshot lands leaves just that log.
        using (DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
        }

        File.Delete(SnapshotPath);
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        Assert.That(Load(store), Is.Empty);
    }
}
