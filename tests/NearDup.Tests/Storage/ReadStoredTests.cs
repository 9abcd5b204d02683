using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// <see cref="IStoredPayloads.ReadStored"/>: the documents a store holds, read again without changing the store (the
/// directory store's: the snapshot's, then the log's adds); and <see cref="PushedDocuments"/>, which turns the directory store's pushing reader into a
/// sequence on a thread of its own.
/// </summary>
public class ReadStoredTests : StoreTestBase
{
    [Test]
    public void ReadStored_OfASnapshotAndALogThatRemovesAndAddsAgain_HandsOverTheSnapshotsDocumentsThenTheLogsAdds()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitSmallHistory(store);
        store.Commit(new[] { Add("gamma", "replaced"), Add("epsilon", "five") });

        List<string> read = Describe(store.ReadStored());

        Assert.That(read, Is.EqualTo(new[] { "alpha=one", "beta=two", "gamma=three", "delta=four", "beta=again", "gamma=replaced", "epsilon=five" }));
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "alpha=one", "gamma=replaced", "delta=four", "beta=again", "epsilon=five" }).And.SubsetOf(read), "each live payload among them");
    }

    [Test]
    public void ReadStored_AfterACompaction_HandsOverTheSnapshotsDocumentsOnly()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitSmallHistory(store);
        store.Compact(Load(store));

        Assert.That(Describe(store.ReadStored()), Is.EqualTo(new[] { "alpha=one", "gamma=three", "delta=four", "beta=again" }));
    }

    [Test]
    public void ReadStored_ChangesNothing_SoTheStoreCommitsAndReopensAsBefore()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitSmallHistory(store);
            byte[] log = System.IO.File.ReadAllBytes(LogPath);
            byte[] snapshot = System.IO.File.ReadAllBytes(SnapshotPath);

            _ = store.ReadStored().ToList();

            Assert.That((System.IO.File.ReadAllBytes(SnapshotPath), System.IO.File.ReadAllBytes(LogPath)), Is.EqualTo((snapshot, log)));
            store.Commit(new[] { Add("zeta", "six") });
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(reopened)), Is.EqualTo(new[] { "alpha=one", "gamma=three", "delta=four", "beta=again", "zeta=six" }));
    }

    [Test]
    public void ReadStored_OfASnapshotWhoseDocumentsWereDamaged_ThrowsOnceItPassedThem()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitSmallHistory(store);
        byte[] snapshot = System.IO.File.ReadAllBytes(SnapshotPath);
        int at = IndexOf(snapshot, Bytes("three"));
        snapshot[at] ^= 0x20;
        System.IO.File.WriteAllBytes(SnapshotPath, snapshot);

        Assert.That(() => store.ReadStored().ToList(), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("DOCS"));
    }

    [Test]
    public void ReadStored_OfAnInMemoryStore_HandsOverWhatALoadDoes()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        store.Commit(new[] { Add("a", "1"), Add("b", "2"), Add("c", "3") });
        store.Commit(new[] { Remove("b"), Add("a", "4"), Add("b", "5") });

        Assert.That(Describe(store.ReadStored()), Is.EqualTo(new[] { "a=4", "c=3", "b=5" }));
        Assert.That(Describe(store.ReadStored()), Is.EqualTo(Describe(Load(store))));
    }

    [Test]
    public void PushedDocuments_ReaderFailingAfterSomeDocuments_YieldsThemThenThrowsItsError()
    {
        var pushed = new PushedDocuments(
            (visit, _) =>
            {
                visit(new StoredDocument("a", Bytes("1")));
                visit(new StoredDocument("b", Bytes("2")));
                throw new NearDupFormatException("damaged at offset 7");
            },
            CancellationToken.None);
        var seen = new List<string>();

        Assert.That(() => { foreach (StoredDocument d in pushed) { seen.Add(d.Id); } }, Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo("damaged at offset 7"));
        Assert.That(seen, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void PushedDocuments_LeftEarly_StopsItsReaderBeforeDisposeReturns()
    {
        int handedOver = 0;
        bool readerEnded = false;
        var pushed = new PushedDocuments(
            (visit, _) =>
            {
                try
                {
                    for (int i = 0; i < 100_000; i++)
                    {
                        visit(new StoredDocument("d" + i, Bytes("p")));
                        handedOver++;
                    }
                }
                finally
                {
                    readerEnded = true;
                }
            },
            CancellationToken.None);

        using (IEnumerator<StoredDocument> e = pushed.GetEnumerator())
        {
            Assert.That(e.MoveNext() && e.MoveNext() && e.MoveNext(), Is.True);
        }

        Assert.That(readerEnded, Is.True);
        Assert.That(handedOver, Is.LessThanOrEqualTo(3 + PushedDocuments.Capacity + 1));
    }

    [Test]
    public void PushedDocuments_CancelledWhileReading_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var pushed = new PushedDocuments(
            (visit, _) =>
            {
                for (int i = 0; i < 100_000; i++)
                {
                    visit(new StoredDocument("d" + i, Bytes("p")));
                }
            },
            cancel.Token);

        Assert.That(
            () =>
            {
                foreach (StoredDocument d in pushed)
                {
                    cancel.Cancel();
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("not found");
    }
}
