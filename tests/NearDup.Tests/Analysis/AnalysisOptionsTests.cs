using NearDup.Analysis;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Analysis;

/// <summary>
/// How <see cref="AnalysisOptions.Difference(AnalysisOptions, string, string, bool)"/> names what differs; function-word lists are
/// compared as sets of token hashes, and only the hashes are known when a list is described.
/// </summary>
public class AnalysisOptionsTests
{
    private static readonly AnalysisOptions Listed = new(functionWords: new FunctionWords(["der", "die", "das"]));

    [Test]
    public void Difference_EnglishIndexCustomRequest_NamesBothLists() =>
        Assert.That(
            AnalysisOptions.Default.Difference(Listed, "requested"),
            Is.EqualTo($"index has function words English ({FunctionWords.English.Count} words), requested a custom list of 3 words"));

    [Test]
    public void Difference_CustomIndexEnglishDocument_NamesBothLists() =>
        Assert.That(
            Listed.Difference(AnalysisOptions.Default, "document has"),
            Is.EqualTo($"index has function words a custom list of 3 words, document has English ({FunctionWords.English.Count} words)"));

    [Test]
    public void Difference_TwoCustomLists_SaysHowManyOfTheOthersWordsTheIndexLacks() =>
        Assert.That(
            Listed.Difference(new AnalysisOptions(functionWords: new FunctionWords(["der", "den", "dem"])), "requested"),
            Is.EqualTo("index has function words a custom list of 3 words, requested a custom list of 3 words (2 of them not in the index's)"));

    [Test]
    public void Difference_TheSameListMadeTwice_IsNull() =>
        Assert.That(Listed.Difference(new AnalysisOptions(functionWords: new FunctionWords(["das", "die", "der", "die"])), "requested"), Is.Null);

    [Test]
    public void Difference_WinnowingWindows_NamesBothValues() =>
        Assert.That(
            AnalysisOptions.Default.Difference(new AnalysisOptions(winnowingWindow: 12, spinWinnowingWindow: 6), "document has"),
            Is.EqualTo("index has winnowing window 8, document has 12; index has spin winnowing window 4, document has 6"));
}
