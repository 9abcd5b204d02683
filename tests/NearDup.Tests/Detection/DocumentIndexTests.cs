using System.Collections.Generic;
using System.Linq;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

public class DocumentIndexTests
{
    private static DocumentIndex Index()
    {
        var index = new DocumentIndex();
        index.Add("harbour", SpinTexts.Harbour);
        index.Add("orchard", SpinTexts.Orchard);
        index.Add("flood", SpinTexts.FloodReport);
        index.Add("lighthouse", TestTexts.Lighthouse);
        return index;
    }

    // Queries do not change the index (and are safe concurrently), so they share one: building an index costs ~0.3 s.
    private static readonly System.Lazy<DocumentIndex> Shared = new(Index);

    [TestCase(0.15, 1)]
    [TestCase(0.30, 2)]
    [TestCase(0.45, 3)]
    public void Query_SpunCopy_ReturnsItsOriginalAsSpun(double rate, int seed)
    {
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = rate, Seed = seed }).Text;
        Assert.That(Shared.Value.Query(spun).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("harbour", "query", MatchKind.Spun) }));
    }

    [TestCase(0.15, 1)]
    [TestCase(0.30, 2)]
    [TestCase(0.45, 3)]
    public void Query_SpunCopy_VerdictListsTheAppliedSubstitutions(double rate, int seed)
    {
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = rate, Seed = seed });
        PairVerdict verdict = Shared.Value.Query(spun.Text, "copy").Single();
        Assert.That(
            verdict.Alignment!.Substitutions.Select(s => (s.From, s.To)),
            Is.SupersetOf(spun.Isolated().Select(a => (a.From, a.To)).Distinct()));
    }

    [Test]
    public void Query_UnrelatedText_ReturnsNothing() =>
        Assert.That(Shared.Value.Query(TestTexts.Sourdough), Is.Empty);

    [Test]
    public void Query_TextOnTheSameTopicAsAnIndexedOne_ReturnsNothing() =>
        Assert.That(Shared.Value.Query(SpinTexts.FloodOpinion), Is.Empty);

    [Test]
    public void Add_DuplicateId_ThrowsArgumentExceptionNamingTheId()
    {
        DocumentIndex index = Index();
        Assert.That(() => index.Add("orchard", SpinTexts.FloodOpinion), Throws.ArgumentException.With.Message.Contains("'orchard'"));
    }

    [Test]
    public void Add_DuplicateId_LeavesTheIndexUnchanged()
    {
        DocumentIndex index = Index();
        Assert.Throws<System.ArgumentException>(() => index.Add("orchard", SpinTexts.FloodOpinion));
        Assert.That((index.Count, index.Query(SpinTexts.FloodOpinion).Count), Is.EqualTo((4, 0)));
    }

    [Test]
    public void Compare_SpunCopy_ExplainsAsSpun()
    {
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 11 }).Text;
        Assert.That(new DocumentIndex().Compare(SpinTexts.Harbour, spun).Verdict?.Kind, Is.EqualTo(MatchKind.Spun));
    }
}
