using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>
/// A translation is not a spin (<see cref="Languages"/>): two texts in different languages whose words align as a spin's
/// do (a page translated into a related language keeps its names, options and cognates in order) are set aside, while a
/// spin in either language stays spun. The texts are the invented language of <see cref="InventedLanguage"/> and its
/// sister language (<see cref="InventedLanguage.SisterSpellings"/>).
/// </summary>
public class PairVerifierLanguageTests
{
    private static readonly DocumentAnalyzer Analyzer = new(AnalysisOptions.Default.WithLearnedFunctionWords(InventedLanguage.BothFunctionWordLists));

    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize, aligner: new SpinAligner(FunctionWords.English.Union(InventedLanguage.BothFunctionWordLists)));

    private static string Copy(string text, int seed, bool translated) => InventedLanguage.Reworded(text, seed, translated);

    private static PairExplanation Explain(string a, string b) => Verifier.Explain(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    [Test]
    public void Verify_ACopyWithAThirdOfItsContentWordsReplacedInTheSameLanguage_IsSpun()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        Assert.That(Explain(original, Copy(original, seed: 6, translated: false)).Verdict?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Explain_TheSameCopyInTheSisterLanguage_IsNoCopyAndSaysTheLanguagesDiffer()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        PairExplanation x = Explain(original, Copy(original, seed: 6, translated: true));
        Assert.That((x.Verdict?.Kind, x.Overruled), Is.EqualTo(((MatchKind?)null, Overruling.OtherLanguage)));
    }

    [Test]
    public void Explain_TheSisterLanguageCopyAsA_IsNoCopyEither()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        PairExplanation x = Explain(Copy(original, seed: 6, translated: true), original);
        Assert.That((x.Verdict?.Kind, x.Overruled), Is.EqualTo(((MatchKind?)null, Overruling.OtherLanguage)));
    }

    [Test]
    public void Verify_ASpinOfTheSisterLanguageCopyInItsOwnLanguage_IsSpun()
    {
        string sister = Copy(InventedLanguage.Document(new Random(5), words: 400), seed: 6, translated: true);
        Assert.That(Explain(sister, Copy(sister, seed: 7, translated: false)).Verdict?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    /// <summary>English function words as a made-up language spells them, for a rewrite "translated" word for word.</summary>
    private static readonly Dictionary<string, string> MadeUpSpellings = new()
    {
        ["the"] = "lo", ["of"] = "da", ["and"] = "og", ["to"] = "ta", ["in"] = "ne", ["that"] = "ke", ["by"] = "dar", ["a"] = "un",
    };

    /// <summary>A text with the English function words of <see cref="MadeUpSpellings"/> in the made-up spelling, a capital
    /// kept.</summary>
    private static string InMadeUpLanguage(string text) =>
        Regex.Replace(text, @"\b[A-Za-z]+\b", m => MadeUpSpellings.TryGetValue(m.Value.ToLowerInvariant(), out string? other)
            ? (char.IsUpper(m.Value[0]) ? char.ToUpperInvariant(other[0]) + other[1..] : other)
            : m.Value);

    private static readonly PairVerifier MadeUpVerifier = new(Analyzer.Options.ShingleSize, aligner: new SpinAligner(FunctionWords.English.Union(new FunctionWords(MadeUpSpellings.Values))));

    [Test]
    public void Verify_ARestructuredRewrite_IsSpunBySentencesByTheVerifierThatKnowsTheMadeUpWords() =>
        Assert.That(
            MadeUpVerifier.Verify(Analyzer.Analyze("a", SpinTexts.FloodReport), Analyzer.Analyze("b", SpinTexts.FloodReportRestructured)) is { Kind: MatchKind.Spun, BySentences: true },
            Is.True);

    [Test]
    public void Explain_TheRestructuredRewriteWithItsFunctionWordsInAnotherLanguage_IsNoCopyAndSaysTheLanguagesDiffer()
    {
        PairExplanation x = MadeUpVerifier.Explain(Analyzer.Analyze("a", SpinTexts.FloodReport), Analyzer.Analyze("b", InMadeUpLanguage(SpinTexts.FloodReportRestructured)));
        Assert.That((x.Verdict?.Kind, x.Overruled), Is.EqualTo(((MatchKind?)null, Overruling.OtherLanguage)));
    }

    [Test]
    public void Explain_TheSisterLanguageCopy_NamesTheWordsThatTellTheLanguagesApart()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        PairExplanation x = Explain(original, Copy(original, seed: 6, translated: true));
        Assert.That(
            (x.LanguageWords.OfA.All(InventedLanguage.SisterSpellings.ContainsKey),
                x.LanguageWords.OfB.All(InventedLanguage.SisterSpellings.Values.Contains),
                Math.Max(x.LanguageWords.OfA.Count, x.LanguageWords.OfB.Count) >= Languages.MinForeignWords),
            Is.EqualTo((true, true, true)));
    }

    [Test]
    public void Explain_ASpinInOneLanguage_NamesNoLanguageWords()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        PairExplanation x = Explain(original, Copy(original, seed: 6, translated: false));
        Assert.That((x.LanguageWords.OfA.Count, x.LanguageWords.OfB.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Verify_ATranslationOpeningWithAParagraphLeftUntranslated_IsContainedByThatParagraph()
    {
        // A translated page often keeps a paragraph of the original's in its first language: the pair shares that, and
        // is judged on it.
        string original = InventedLanguage.Document(new Random(5), words: 400);
        PairVerdict? v = Verifier.Verify(
            Analyzer.Analyze("a", TestTexts.Lighthouse + "\n\n" + original),
            Analyzer.Analyze("b", TestTexts.Lighthouse + "\n\n" + Copy(original, seed: 6, translated: true)));
        Assert.That((v?.Kind, v?.Reworded), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)false)));
    }
}
