using System;
using System.Collections.Generic;
using System.Threading;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

public class InMemoryIndexStoreTests : StoreTestBase
{
    [Test]
    public void Load_returns_live_documents_in_order_with_replacements_in_place()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        store.Commit(new[] { Add("a", "a1"), Add("b", "b1"), Add("c", "c1") });
        store.Commit(new[] { Remove("b"), Add("a", "a2") });
        store.Commit(new[] { Add("b", "b2"), Remove("never-added") });
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "a=a2", "c=c1", "b=b2" }));
        Assert.That(store.Statistics(), Is.EqualTo(new StoreStatistics(3, 0, 0, 3)));
    }

    [Test]
    public void Options_blob_round_trips_exactly()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        Assert.That(store.Options.ToArray(), Is.EqualTo(OptionsBlob));
    }

    [Test]
    public void Payloads_are_copied_on_commit()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        byte[] payload = Bytes("original");
        store.Commit(new[] { StoreOperation.Add("a", payload) });
        payload[0] = (byte)'X';
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "a=original" }));
    }

    [Test]
    public void Compact_replaces_the_contents_and_resets_the_batch_count()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        store.Commit(new[] { Add("a", "1"), Add("b", "2") });
        store.Compact(new[] { new StoredDocument("b", Bytes("2")) });
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "b=2" }));
        Assert.That(store.Statistics().LogBatches, Is.Zero);
        Assert.That(store.Verify(), Is.Empty);
    }

    [Test]
    public void Rejects_the_same_ids_as_the_directory_store_and_applies_nothing()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        Assert.That(() => store.Commit(new[] { Add("ok", "1"), StoreOperation.Add("bad\uDC00", Bytes("2")) }), Throws.ArgumentException);
        Assert.That(() => store.Compact(new[] { new StoredDocument("x", default), new StoredDocument("x", default) }), Throws.ArgumentException);
        Assert.That(Load(store), Is.Empty);
    }

    [Test]
    public void Compact_rejecting_a_repeated_id_midway_keeps_the_contents()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        store.Commit(new[] { Add("a", "1"), Add("b", "2") });
        List<StoredDocument> documents = Numbered(3_000);
        documents[2_500] = new StoredDocument("doc-10", Bytes("again"));

        Assert.That(() => store.Compact(Streamed(documents)), Throws.ArgumentException.With.Message.Contains("Document 2500 repeats id \"doc-10\""));
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "a=1", "b=2" }));
        Assert.That(store.Statistics().LogBatches, Is.EqualTo(1));
    }

    [Test]
    public void Compact_cancelled_midway_keeps_the_contents_and_pulls_no_further()
    {
        using var store = new InMemoryIndexStore(OptionsBlob);
        store.Commit(new[] { Add("a", "1"), Add("b", "2") });
        using var cancellation = new CancellationTokenSource();
        int pulled = 0;
        IEnumerable<StoredDocument> live = Streamed(Numbered(3_000), i =>
        {
            pulled = i + 1;
            if (i == 1_500)
            {
                cancellation.Cancel();
            }
        });

        Assert.That(() => store.Compact(live, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(pulled, Is.LessThan(3_000), "the rest of the sequence is not pulled");
        Assert.That(Describe(Load(store)), Is.EqualTo(new[] { "a=1", "b=2" }));
    }

    [Test]
    public void Disposed_store_refuses_calls()
    {
        var store = new InMemoryIndexStore(OptionsBlob);
        store.Dispose();
        Assert.That(() => store.Load(_ => { }), Throws.InstanceOf<ObjectDisposedException>());
    }
}
