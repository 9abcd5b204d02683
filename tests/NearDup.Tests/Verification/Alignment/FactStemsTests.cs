using System.Linq;
using NearDup.Analysis;
using NearDup.Text;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

/// <summary>The facts of a text (numbers, codes, identifiers, names), kept as stems: what a rewrite keeps and two texts
/// of one pattern change.</summary>
public class FactStemsTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>The words of a text that are facts, as written.</summary>
    private static string[] FactWords(string text)
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        bool names = SubstitutionClassifier.CapitalsMarkNames(doc.Text, doc.ContentTokens);
        return [.. doc.ContentTokens.ToArray().Where(t => FactStems.IsFact(doc.Text, t, names)).Select(t => text.Substring(t.Start, t.Length))];
    }

    private static ulong[] Of(string text)
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        return FactStems.Of(doc.Text, doc.ContentTokens, FunctionWords.English);
    }

    [Test]
    public void IsFact_NumbersCodesIdentifiersAndNamesInsideASentence_AreFactsAndOtherWordsNot() =>
        Assert.That(
            FactWords("Water in the River Wend rose 2.4 metres near gauge a236, logged as flood_level by the station. Residents of Mill Street left early."),
            Is.EqualTo(new[] { "River", "Wend", "2.4", "a236", "flood", "level", "Mill", "Street" }));

    [Test]
    public void IsFact_ACapitalisedWordStartingASentence_IsNoFact() =>
        Assert.That(FactWords("Residents left early. Volunteers served soup."), Is.Empty);

    [Test]
    public void IsFact_InATextWhereCapitalsMarkNoNames_OnlyNumbersAreFacts() =>
        Assert.That(FactWords("WATER IN THE RIVER WEND ROSE 2.4 METRES AND RESIDENTS OF MILL STREET LEFT EARLY"), Is.EqualTo(new[] { "2.4" }));

    [Test]
    public void Of_AFactRepeated_IsOneStem() =>
        Assert.That(Of("They met Tamsin at noon, and later Tamsin spoke to 40 people; 40 more came.").Length, Is.EqualTo(2));

    [Test]
    public void Of_AFunctionWordCapitalisedInsideASentence_IsNoFact() =>
        Assert.That(Of("They watched The Wall twice."), Is.EqualTo(Of("They watched Wall twice.")));

    [Test]
    public void Shared_ANameAndItsInflection_AreOneFact() =>
        Assert.That(FactStems.Shared(Of("Ships sailed from Nantucket to the Philistines."), Of("Ships from Nantucket's harbour met a Philistine.")), Is.EqualTo(1.0));

    [Test]
    public void Shared_IsTheSharedStemsOverTheLargerCount() =>
        Assert.That(FactStems.Shared([1, 2, 3, 4], [2, 4, 9]), Is.EqualTo(0.5));

    [Test]
    public void Shared_NeitherTextHasFacts_IsOne() =>
        Assert.That(FactStems.Shared([], []), Is.EqualTo(1.0));

    [Test]
    public void Shared_OneTextHasFactsAndTheOtherNone_IsZero() =>
        Assert.That(FactStems.Shared([7, 8], []), Is.EqualTo(0.0));

    [TestCase("Water in the River Wend rose 2.4 metres near gauge a236, logged as flood_level by the station.")]
    [TestCase("See https://example.org/floods/wend?id=42 and mail ops@example.org; the getWaterLevel() call returns metres.")]
    [TestCase("path/to/file.txt:12:3 error: undefinedSymbol in module_name.subModule (see docs/API.md#Levels)")]
    [TestCase("one(two)three[four]five{six}seven|eight~nine^ten$eleven%twelve plain words then MixedCase and ALLCAPS end")]
    public void Of_ClassifiesEachRunOnce_AsTheTokenByTokenOracleDoes(string text)
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        bool names = SubstitutionClassifier.CapitalsMarkNames(doc.Text, doc.ContentTokens);
        var oracle = new System.Collections.Generic.SortedSet<ulong>();
        foreach (Token t in doc.ContentTokens)
        {
            if (FactStems.IsFact(doc.Text, t, names) && NearDup.Shingles.WordPairs.TryStem(doc.Text, t, FunctionWords.English, true, out ulong stem))
            {
                oracle.Add(stem);
            }
        }

        Assert.That(FactStems.Of(doc.Text, doc.ContentTokens, FunctionWords.English), Is.EqualTo(oracle.ToArray()).And.Not.Empty);
    }
}
