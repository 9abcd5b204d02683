using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>A text without a word (white space, punctuation, symbols, NULs) holds nothing to copy: the index refuses it,
/// and no verdict involves it.</summary>
public class WordlessDocumentTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    [TestCase("")]
    [TestCase("   \n\t ")]
    [TestCase("... --- !!! ???")]
    [TestCase("\0\0\0\0")]
    public void AddBatch_ATextWithoutWords_IsRefusedNamingItAndNothingIsAdded(string text)
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.That(
            () => index.AddBatch([("fine", TestTexts.Lighthouse), ("blank", text)]),
            Throws.ArgumentException.With.Message.StartsWith("document 'blank' has no words (only white space, punctuation or symbols); it cannot be indexed."));
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void AddBatch_AnAnalysedDocumentWithoutWords_IsRefused()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.That(() => index.AddBatch([Analyzer.Analyze("dots", "...")]), Throws.ArgumentException.With.Message.Contains("'dots' has no words"));
    }

    [Test]
    public void FindGroups_IdenticalTextsWithoutWords_AreInNoGroup()
    {
        // Their exact hashes are equal, but a text without a word is no copy of anything: FindAllPairs pairs none of them.
        AnalyzedDocument[] documents =
        [
            Analyzer.Analyze("bangs-1", "!!!"), Analyzer.Analyze("bangs-2", "!!!"), Analyzer.Analyze("empty", ""), Analyzer.Analyze("blank", "   \n "),
            Analyzer.Analyze("light-1", TestTexts.Lighthouse), Analyzer.Analyze("light-2", TestTexts.Lighthouse),
        ];
        Assert.That(NearDupIndex.FindGroups(documents).Select(g => string.Join(",", g.Members)), Is.EqualTo(new[] { "light-1,light-2" }));
    }

    [Test]
    public void Verify_TwoIdenticalTextsWithoutWords_AreNoCopy() =>
        Assert.That(new PairVerifier(Analyzer.Options.ShingleSize).Verify(Analyzer.Analyze("a", "... !!!"), Analyzer.Analyze("b", "... !!!")), Is.Null);

    [Test]
    public void FindAllPairs_WordlessTextsAmongOthers_AreInNoPair()
    {
        AnalyzedDocument[] documents = [Analyzer.Analyze("a", "  "), Analyzer.Analyze("b", "\0\0"), Analyzer.Analyze("c", TestTexts.Lighthouse), Analyzer.Analyze("d", TestTexts.Lighthouse)];
        Assert.That(NearDupIndex.FindAllPairs(documents).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("c", "d", MatchKind.Exact) }));
    }

    [Test]
    public void HasWords_NullDocument_Throws() =>
        Assert.That(() => NearDupIndex.HasWords(null!), Throws.TypeOf<ArgumentNullException>());
}
