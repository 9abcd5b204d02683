using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

/// <summary>What the builder counts when two passages align the same words of A with two repeats of them in B.</summary>
public class AlignmentBuilderTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    [Test]
    public void Build_TwoPassagesAligningAOnceWithBTwice_CountsEachWordOfAMatchedOnce()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse);
        AnalyzedDocument b = Analyzer.Analyze("b", TestTexts.Lighthouse + "\n\n" + TestTexts.Lighthouse);
        int n = a.ContentTokens.Length;
        Assume.That(b.ContentTokens.Length, Is.EqualTo(2 * n));
        var builder = new AlignmentBuilder(a, b, new SpinAligner(), new bool[n]);
        try
        {
            builder.AddPassage(Enumerable.Range(0, n).Select(i => new Seed(i, i, 1)).ToArray());
            builder.AddPassage(Enumerable.Range(0, n).Select(i => new Seed(i, n + i, 1)).ToArray());
            SpinAlignment alignment = builder.Build();
            Assert.That((alignment.MatchedTokens, alignment.AlignedTokensA, alignment.MatchRate), Is.EqualTo((n, n, 1.0)));
        }
        finally
        {
            builder.Release();
        }
    }
}
