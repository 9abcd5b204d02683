using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// The files of an index know their index and each other: a snapshot or log of another index, or of a copy of this one
/// that went its own way with the same history (same generations and batch numbers, other documents), is an error that
/// names what does not match, never documents of another index opened silently.
/// </summary>
public class DirectoryIndexStoreIdentityTests : StoreTestBase
{
    private static readonly string[] Ours = { "alpha=one", "gamma=three", "delta=four", "beta=again" };

    private Guid _identity;

    private string Other => Path.Combine(Directory, "other");

    private string OtherSnapshot => Path.Combine(Other, StoreFormat.SnapshotFileName);

    private string OtherLog => Path.Combine(Other, StoreFormat.LogFileName);

    [SetUp]
    public void BuildStore()
    {
        _identity = Guid.NewGuid();
        Build(Directory, _identity, firstPayload: "one", lastPayload: "again");
    }

    /// <summary>The same history as every store here (<see cref="StoreTestBase.CommitSmallHistory"/>).</summary>
    private static void Build(string directory, Guid identity, string firstPayload, string lastPayload)
    {
        using var store = DirectoryIndexStore.Create(directory, OptionsBlob, identity);
        CommitSmallHistory(store, firstPayload, lastPayload);
    }

    /// <summary>Open for writing and load; the error, or null with the documents.</summary>
    private string? OpenError(out List<string>? documents)
    {
        documents = null;
        try
        {
            using var store = DirectoryIndexStore.Open(Directory);
            documents = Describe(Load(store));
            return null;
        }
        catch (NearDupFormatException e)
        {
            return e.Message;
        }
    }

    [Test]
    public void A_new_index_has_a_random_identity_that_its_files_and_reopens_keep()
    {
        string second = Path.Combine(Directory, "second");
        using (DirectoryIndexStore.Create(second, OptionsBlob))
        {
        }

        using var first = DirectoryIndexStore.Open(Directory);
        using var other = DirectoryIndexStore.Open(second);
        Assert.That((first.Identity, other.Identity == _identity, other.Identity == Guid.Empty), Is.EqualTo((_identity, false, false)));
    }

    [Test]
    public void Log_of_another_index_is_an_error_naming_both_identities()
    {
        var identity = Guid.NewGuid();
        Build(Other, identity, "one", "again");
        File.Copy(OtherLog, LogPath, overwrite: true);
        Assert.That(
            OpenError(out _),
            Does.Contain("wal.ndlog: the log belongs to index " + identity.ToString("N")).And.Contain("snapshot.ndup to index " + _identity.ToString("N")));
    }

    [Test]
    public void Snapshot_of_another_index_is_an_error_naming_both_identities()
    {
        var identity = Guid.NewGuid();
        Build(Other, identity, "one", "again");
        File.Copy(OtherSnapshot, SnapshotPath, overwrite: true);
        Assert.That(OpenError(out _), Does.Contain("the log belongs to index " + _identity.ToString("N")).And.Contain("snapshot.ndup to index " + identity.ToString("N")));
    }

    [Test]
    public void Both_files_of_another_index_under_this_lock_file_are_an_error_naming_the_acknowledging_index()
    {
        var identity = Guid.NewGuid();
        Build(Other, identity, "one", "again");
        File.Copy(OtherSnapshot, SnapshotPath, overwrite: true);
        File.Copy(OtherLog, LogPath, overwrite: true);
        Assert.That(
            OpenError(out _),
            Does.Contain("index.lock: the index acknowledged batches as index " + _identity.ToString("N")).And.Contain("belongs to index " + identity.ToString("N")));
    }

    [Test]
    public void Log_of_a_copy_that_went_its_own_way_is_an_error_by_the_checksum_of_the_acknowledged_batch()
    {
        // A copy of this index (same identity, same snapshot) whose last batch added other text under the same number.
        Build(Other, _identity, "one", "something else");
        File.Copy(OtherLog, LogPath, overwrite: true);
        Assert.That(OpenError(out _), Does.Contain("index.lock: batch 3 was acknowledged with history checksum").And.Contain("the files are not the ones acknowledged"));
    }

    [Test]
    public void Snapshot_of_a_copy_that_went_its_own_way_is_an_error_by_the_documents_checksum_the_log_names()
    {
        // Same identity, generation and batch numbers; the snapshot holds other text.
        Build(Other, _identity, "other text", "again");
        File.Copy(OtherSnapshot, SnapshotPath, overwrite: true);
        Assert.That(OpenError(out _), Does.Contain("wal.ndlog: the log continues a snapshot of generation 2 whose DOCS checksum is").And.Contain("one of the two files was replaced"));
    }

    [Test]
    public void Log_of_a_copy_that_went_its_own_way_is_an_error_even_without_the_lock_file()
    {
        // Without index.lock nothing was acknowledged here to compare with; the copy's snapshot still differs from ours.
        Build(Other, _identity, "other text", "something else");
        File.Copy(OtherLog, LogPath, overwrite: true);
        File.Delete(Path.Combine(Directory, StoreFormat.LockFileName));
        Assert.That(OpenError(out _), Does.Contain("the log continues a snapshot of generation 2"));
    }

    [Test]
    public void Verify_reports_a_log_of_another_index_without_changing_either_file()
    {
        Build(Other, Guid.NewGuid(), "one", "again");
        File.Copy(OtherLog, LogPath, overwrite: true);
        byte[] snapshot = File.ReadAllBytes(SnapshotPath), log = File.ReadAllBytes(LogPath);
        using (var store = DirectoryIndexStore.OpenReadOnly(Directory))
        {
            Assert.That(store.Verify(), Has.One.Contains("the log belongs to index"));
        }

        Assert.That((File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath)), Is.EqualTo((snapshot, log)));
    }

    [Test]
    public void The_files_this_index_wrote_open_with_its_documents()
    {
        Assert.That((OpenError(out List<string>? documents), documents), Is.EqualTo(((string?)null, new List<string>(Ours))));
    }

    [Test]
    public void Compaction_keeps_the_identity()
    {
        using (var store = DirectoryIndexStore.Open(Directory))
        {
            store.Compact(Load(store));
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That((reopened.Identity, Describe(Load(reopened))), Is.EqualTo((_identity, new List<string>(Ours))));
    }

    [Test]
    public void An_index_made_before_identities_keeps_format_1_logs_until_its_next_compaction_gives_it_an_identity()
    {
        string legacy = Path.Combine(Directory, "legacy");
        GoldenFiles.CopyIndex(GoldenFiles.Indexes.Single(i => i.Name == "index-options3-snapshot1-wal1-payload3"), legacy);
        Guid before, after;
        using (var store = DirectoryIndexStore.Open(legacy))
        {
            List<StoredDocument> documents = Load(store);
            store.Commit(new[] { Remove("canal-lock") });
            before = store.Identity;
            store.Compact(documents.FindAll(d => d.Id != "canal-lock"));
            after = store.Identity;
        }

        using var reopened = DirectoryIndexStore.Open(legacy);
        Assert.That(
            (before, after == Guid.Empty, reopened.Identity == after, Load(reopened).ConvertAll(d => d.Id)),
            Is.EqualTo((Guid.Empty, false, true, new List<string> { "night-train", "clock-repair", "hill-library" })));
    }
}
