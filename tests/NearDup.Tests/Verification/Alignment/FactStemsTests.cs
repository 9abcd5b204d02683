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

    /// <summary>The words of a text that are leads (see <see cref="FactStems.IsLead"/>), as written.</summary>
    private static string[] LeadWords(string text)
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        bool names = SubstitutionClassifier.CapitalsMarkNames(doc.Text, doc.ContentTokens);
        return [.. doc.ContentTokens.ToArray().Where(t => FactStems.IsLead(doc.Text, t, names)).Select(t => text.Substring(t.Start, t.Length))];
    }

    private const string Report =
        "Water in the River Wend rose 2.4 metres near gauge a236, logged as flood_level by the station. Residents of Mill Street left early.";

    [Test]
    public void IsLead_NamesAndNumbers_AreLeadsAndCodesAndIdentifiersNot() =>
        Assert.That(LeadWords(Report + " Forty homes, 14 of them on Quay Lane, were dry when the water went down again in the evening, and the road was open by the next morning."), Is.EqualTo(new[] { "River", "Wend", "Mill", "Street", "14", "Quay", "Lane" }));

    [Test]
    public void IsLead_ANumberWithADotInside_IsNoLead() =>
        // A dot between digits marks its run as an identifier (a version, an address), as for the substitution classes.
        Assert.That(LeadWords("The river rose 2.4 metres."), Is.Empty);

    [Test]
    public void Leads_AreTheStemsOfTheTokensIsLeadAccepts()
    {
        // The one-pass classification against its token-by-token oracle, on a text with names, numbers, codes, an
        // identifier, camelCase and a sentence start.
        const string text = Report + " Officers from Dover checked 14 homes; the OpenFlood app said 3 were dry, see https://example.org/wend.";
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        bool names = SubstitutionClassifier.CapitalsMarkNames(doc.Text, doc.ContentTokens);
        ulong[] expected = [.. doc.ContentTokens.ToArray()
            .Where(t => FactStems.IsLead(doc.Text, t, names))
            .Select(t => NearDup.Shingles.WordPairs.TryStem(doc.Text, t, FunctionWords.English, foldConfusables: true, out ulong stem) ? stem : 0UL)
            .Where(stem => stem != 0)
            .Distinct()
            .Order()];
        Assert.That(FactStems.Leads(doc.Text, doc.ContentTokens, FunctionWords.English, foldConfusables: true), Is.EqualTo(expected).And.Not.Empty);
    }

    [Test]
    public void Analyze_PairFingerprintsHoldEveryLeadOfTheText()
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", Report);
        ulong[] leads = FactStems.Leads(doc.Text, doc.ContentTokens, FunctionWords.English, foldConfusables: true);
        Assert.That(doc.PairFingerprints, Is.SupersetOf(leads.Select(FactStems.LeadFingerprint)));
        Assert.That(leads, Has.Length.EqualTo(4)); // River, Wend, Mill, Street
    }

    [Test]
    public void Analyze_PairFingerprintsHoldEachTwoLeadsInARow()
    {
        // River, Wend, Mill, Street in text order: three pairs in a row.
        AnalyzedDocument doc = Analyzer.Analyze("a", Report);
        ulong[] ordered = new ulong[doc.ContentTokens.Length];
        int n = FactStems.Leads(doc.Text, doc.ContentTokens, FunctionWords.English, foldConfusables: true, ordered);
        ulong[] inRow = [.. Enumerable.Range(1, n - 1).Select(i => FactStems.LeadPairFingerprint(ordered[i - 1], ordered[i]))];
        Assert.That((n, doc.PairFingerprints.Intersect(inRow).Count()), Is.EqualTo((4, 3)));
    }

    [Test]
    public void LeadPairFingerprint_DependsOnTheOrder() =>
        Assert.That(FactStems.LeadPairFingerprint(11, 22), Is.Not.EqualTo(FactStems.LeadPairFingerprint(22, 11)));

    [Test]
    public void LeadPairFingerprint_IsNeitherLeadsFingerprint() =>
        Assert.That(new[] { FactStems.LeadFingerprint(11), FactStems.LeadFingerprint(22) }, Has.No.Member(FactStems.LeadPairFingerprint(11, 22)));

    [Test]
    public void Analyze_TheSameNamesInAnotherOrder_ShareTheLeadsButNotTheirPairs()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", "The report came from Dover and then from Exeter, both towns on the coast road."),
            b = Analyzer.Analyze("b", "The report came from Exeter and then from Dover, both towns on the coast road.");
        ulong[] leadsA = FactStems.Leads(a.Text, a.ContentTokens, FunctionWords.English, foldConfusables: true);
        var pairsA = new[] { FactStems.LeadPairFingerprint(leadsA.Min(), leadsA.Max()), FactStems.LeadPairFingerprint(leadsA.Max(), leadsA.Min()) };
        Assert.That(
            (a.PairFingerprints.Intersect(pairsA).Count(), b.PairFingerprints.Intersect(pairsA).Count(), a.PairFingerprints.Intersect(pairsA).SequenceEqual(b.PairFingerprints.Intersect(pairsA))),
            Is.EqualTo((1, 1, false)));
    }
}
