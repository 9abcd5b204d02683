using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Opening a store of more documents than one loading chunk (512), which the loader adds in the background
/// while it decodes the next.</summary>
public sealed class NearDupIndexLoadingTests
{
    private const int Documents = 1_300;

    private static readonly string[] Words =
    [
        "harbour", "council", "budget", "river", "festival", "engineer", "bridge", "market", "library", "orchard",
        "tunnel", "museum", "ferry", "station", "garden", "school", "factory", "vineyard", "stadium", "clinic",
        "approved", "delayed", "opened", "repaired", "funded", "closed", "expanded", "moved", "renamed", "visited",
    ];

    [Test]
    public void Open_StoreOfSeveralChunks_AnswersAsTheIndexThatWroteIt()
    {
        var store = new RecordingStore(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        List<(string, string, MatchKind)> before;
        using (NearDupIndex index = NearDupIndex.Open(store))
        {
            index.AddBatch(Texts());
            before = Answers(index);
        }

        using NearDupIndex reopened = NearDupIndex.Open(store.Replay());
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Count, Is.EqualTo(Documents));
            Assert.That(Answers(reopened), Is.EqualTo(before));
            Assert.That(before.Count(a => a.Item3 == MatchKind.Exact), Is.EqualTo(Documents / 100), "each sampled query finds itself");
        });
    }

    [Test]
    public void Open_StoreYieldingAnIdTwiceInALaterChunk_ThrowsNamingTheId()
    {
        var store = new RecordingStore(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        using (NearDupIndex index = NearDupIndex.Open(store))
        {
            index.AddBatch(Texts());
        }

        // The repeat comes after two full chunks, so it is added while the loader decodes, and its error must still
        // reach the caller of Open.
        var duplicating = new DuplicatingStore(store.Replay(), repeatAfter: 1_100);
        Assert.That(() => NearDupIndex.Open(duplicating), Throws.ArgumentException.With.Message.Contains("'doc-0000'"));
    }

    private static IEnumerable<(string Id, string Text)> Texts()
    {
        var random = new Random(31);
        for (int d = 0; d < Documents; d++)
        {
            string text = string.Join(' ', Enumerable.Range(0, 120).Select(_ => Words[random.Next(Words.Length)])) + $" number {d}.";
            yield return ($"doc-{d:0000}", text);
        }
    }

    private static List<(string, string, MatchKind)> Answers(NearDupIndex index) =>
        Texts().Where((_, i) => i % 100 == 0)
            .SelectMany(t => index.Query(t.Text, "q-" + t.Id).Select(v => (v.A, v.B, v.Kind)))
            .ToList();

    /// <summary>Streams an inner store's documents and, after <c>repeatAfter</c> of them, the first one again.</summary>
    private sealed class DuplicatingStore(IIndexStore inner, int repeatAfter) : IIndexStore
    {
        public ReadOnlyMemory<byte> Options => inner.Options;

        public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            StoredDocument? first = null;
            int seen = 0;
            return inner.LoadAsync(
                d =>
                {
                    first ??= d;
                    visit(d);
                    if (++seen == repeatAfter)
                    {
                        visit(first.Value);
                    }
                },
                progress,
                cancellationToken);
        }

        public ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) => inner.CommitAsync(batch, cancellationToken);

        public ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) => inner.CompactAsync(live, options, cancellationToken);

        public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);

        public StoreStatistics Statistics() => inner.Statistics();

        public void Dispose() => inner.Dispose();
    }
}
