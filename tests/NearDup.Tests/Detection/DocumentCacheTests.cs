using System.Linq;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

public class DocumentCacheTests
{
    private static readonly AnalyzedDocument[] Docs =
        Enumerable.Range(0, 4).Select(i => new DocumentAnalyzer().Analyze($"d{i}", TestTexts.ReplaceWords(TestTexts.Lighthouse, i))).ToArray();

    [Test]
    public void Add_BeyondCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new DocumentCache(2);
        cache.Add(0, Docs[0]);
        cache.Add(1, Docs[1]);
        Assert.That(cache.TryGet(0, out _), Is.True); // 0 is now the most recent, 1 the least
        cache.Add(2, Docs[2]);
        Assert.That(
            (cache.Count, cache.TryGet(0, out _), cache.TryGet(1, out _), cache.TryGet(2, out _)),
            Is.EqualTo((2, true, false, true)));
    }

    [Test]
    public void Add_KeyAlreadyHeld_KeepsAndReturnsTheFirstDocument()
    {
        var cache = new DocumentCache(2);
        cache.Add(0, Docs[0]);
        Assert.That((cache.Add(0, Docs[1]), cache.Count), Is.EqualTo((Docs[0], 1)));
    }

    [Test]
    public void CapacityZero_HoldsNothing()
    {
        var cache = new DocumentCache(0);
        Assert.That((cache.Add(0, Docs[0]), cache.Count, cache.TryGet(0, out _)), Is.EqualTo((Docs[0], 0, false)));
    }

    [Test]
    public void Remove_DropsTheKey()
    {
        var cache = new DocumentCache(2);
        cache.Add(0, Docs[0]);
        cache.Remove(0);
        cache.Remove(7); // unknown keys are ignored
        Assert.That((cache.Count, cache.TryGet(0, out _)), Is.EqualTo((0, false)));
    }

    [Test]
    public void ConcurrentAddsAndLookups_NeverExceedCapacityAndCountEveryLookup()
    {
        var cache = new DocumentCache(3);
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int key = i % 7;
            if (!cache.TryGet(key, out NearDup.Verification.IVerifiableDocument? d))
            {
                d = cache.Add(key, Docs[key % Docs.Length]);
            }

            Assert.That(d, Is.Not.Null);
        });
        Assert.That((cache.Count, cache.Hits + cache.Misses), Is.EqualTo((3, 20_000L)));
    }

    [Test]
    public void AdmitOnSecondMiss_FirstAdd_IsNotCached()
    {
        var cache = new DocumentCache(2, admitOnSecondMiss: true);
        Assert.That((cache.Add(0, Docs[0]), cache.Count, cache.TryGet(0, out _)), Is.EqualTo((Docs[0], 0, false)));
    }

    [Test]
    public void AdmitOnSecondMiss_SecondAdd_IsCached()
    {
        var cache = new DocumentCache(2, admitOnSecondMiss: true);
        cache.Add(0, Docs[0]);
        cache.Add(0, Docs[1]);
        Assert.That(cache.TryGet(0, out var held) ? held : null, Is.SameAs(Docs[1]));
    }

    [Test]
    public void AdmitOnSecondMiss_KeyForgottenAfterRememberingMoreThanItsLimit_MustMissTwiceAgain()
    {
        // Capacity 2 remembers max(1,024, 8) keys; the 1,025th one-time key clears the memory of the first 1,024.
        var cache = new DocumentCache(2, admitOnSecondMiss: true);
        cache.Add(0, Docs[0]);
        for (int key = 1; key <= 1_024; key++)
        {
            cache.Add(key, Docs[1]);
        }

        cache.Add(0, Docs[0]);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void AdmitOnSecondMiss_RemovedKey_MustMissTwiceAgain()
    {
        var cache = new DocumentCache(2, admitOnSecondMiss: true);
        cache.Add(0, Docs[0]);
        cache.Remove(0);
        cache.Add(0, Docs[0]);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Admits_UnderSecondMissAdmission_SaysNoThenYes()
    {
        var cache = new DocumentCache(2, admitOnSecondMiss: true);
        Assert.That((cache.Admits(5), cache.Admits(5), cache.Count), Is.EqualTo((false, true, 0)));
    }

    [Test]
    public void Admits_WithoutSecondMissAdmission_SaysYesAtOnce() =>
        Assert.That(new DocumentCache(2).Admits(5), Is.True);

    [Test]
    public void Admits_CapacityZero_SaysNo() =>
        Assert.That(new DocumentCache(0).Admits(5), Is.False);

    [Test]
    public void Admits_KeyAlreadyHeld_SaysNo()
    {
        var cache = new DocumentCache(2);
        cache.Insert(5, Docs[0]);
        Assert.That(cache.Admits(5), Is.False);
    }

    [Test]
    public void Insert_KeyAlreadyHeld_KeepsAndReturnsTheFirstDocument()
    {
        var cache = new DocumentCache(2);
        cache.Insert(0, Docs[0]);
        Assert.That((cache.Insert(0, Docs[1]), cache.Count), Is.EqualTo((Docs[0], 1)));
    }
}
