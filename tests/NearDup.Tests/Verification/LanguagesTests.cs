using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>Two texts are in different languages when several of the function words one uses most, which the other at
/// its length would be expected to use, never appear in it (<see cref="Languages.Differ"/>). The texts are the invented
/// language of <see cref="InventedLanguage"/> and its words respelled (a <c>z</c> put before them), as another language
/// writes its own.</summary>
public class LanguagesTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    private static readonly FunctionWords Both =
        InventedLanguage.FunctionWordList.Union(new FunctionWords(InventedLanguage.FunctionWordSpellings.Select(w => "z" + w)));

    /// <summary>A text with each word of <paramref name="words"/> respelled, everything else alike.</summary>
    private static string Respelled(string text, string[] words) => Replaced(text, words, [.. words.Select(w => "z" + w)]);

    /// <summary>The text's function words, most used first (ties in the order of the list).</summary>
    private static string[] ByUse(string text) =>
        InventedLanguage.FunctionWordSpellings
            .OrderByDescending(w => text.Split(' ').Count(token => token.TrimEnd('.') == w))
            .ToArray();

    private static bool Differ(string a, string b, FunctionWords words) =>
        Languages.Differ(Analyzer.Analyze("a", a).ContentTokens, Analyzer.Analyze("b", b).ContentTokens, words);

    [Test]
    public void Differ_TwoDifferentTextsOfOneLanguage_IsFalse() =>
        Assert.That(Differ(InventedLanguage.Document(new Random(1), 300), InventedLanguage.Document(new Random(2), 300), Both), Is.False);

    [Test]
    public void Differ_ACopyWithEveryFunctionWordRespelled_IsTrue()
    {
        string text = InventedLanguage.Document(new Random(1), 300);
        Assert.That(Differ(text, Respelled(text, InventedLanguage.FunctionWordSpellings), Both), Is.True);
    }

    [Test]
    public void Differ_ACopyWithItsThreeMostUsedFunctionWordsRespelled_IsTrue()
    {
        string text = InventedLanguage.Document(new Random(1), 300);
        Assert.That(Differ(text, Respelled(text, ByUse(text)[..3]), Both), Is.True);
    }

    [Test]
    public void Differ_ACopyWithItsTwoMostUsedFunctionWordsRespelled_IsFalse()
    {
        string text = InventedLanguage.Document(new Random(1), 300);
        Assert.That(Differ(text, Respelled(text, ByUse(text)[..2]), Both), Is.False);
    }

    /// <summary>A text with each word of <paramref name="from"/> replaced by the word at its place in
    /// <paramref name="to"/>.</summary>
    private static string Replaced(string text, string[] from, string[] to) =>
        string.Join(' ', text.Split(' ').Select(token =>
        {
            string word = token.TrimEnd('.');
            int i = Array.IndexOf(from, word);
            return (i >= 0 ? to[i] : word) + token[word.Length..];
        }));

    [Test]
    public void Differ_ACopyThatStopsUsingItsThreeMostUsedWordsForWordsTheTextAlsoUses_IsFalse()
    {
        // As a letter rewritten from the first person into the third: its commonest words gone, but for words it used
        // too; the copy has no word of its own.
        string text = InventedLanguage.Document(new Random(1), 300);
        string[] byUse = ByUse(text);
        Assert.That(Differ(text, Replaced(text, byUse[..3], byUse[^3..]), Both), Is.False);
    }

    [Test]
    public void Differ_ThreeWordsOfOneTextsOwnAndOneOfTheOthers_IsTrueEitherWayRound()
    {
        // The copy drops the text's three commonest words, respelling one and replacing two by words the text also uses.
        string text = InventedLanguage.Document(new Random(1), 300);
        string[] byUse = ByUse(text);
        string copy = Replaced(text, byUse[..3], ["z" + byUse[0], byUse[^1], byUse[^2]]);
        Assert.That((Differ(text, copy, Both), Differ(copy, text, Both)), Is.EqualTo((true, true)));
    }

    [Test]
    public void Differ_ACopyWithItsSixLeastUsedFunctionWordsRespelled_IsFalse()
    {
        // Each still used several times, but none among the six it uses most.
        string text = InventedLanguage.Document(new Random(1), 300);
        Assert.That(Differ(text, Respelled(text, ByUse(text)[6..]), Both), Is.False);
    }

    [Test]
    public void Differ_TextsTooShortToExpectAnyWordFourTimes_IsFalse()
    {
        // About 15 function words: each of twelve is expected once or twice.
        string text = InventedLanguage.Document(new Random(1), 30);
        Assert.That(Differ(text, Respelled(text, InventedLanguage.FunctionWordSpellings), Both), Is.False);
    }

    [Test]
    public void Differ_AShortTextWhoseWordsALongTextOfTheOtherSpellingNeverUses_IsFalse()
    {
        // The long text would be expected to use each of the short text's words many times, but the short text uses none
        // of them three times: too few to say how often its language uses them.
        string text = InventedLanguage.Document(new Random(1), 16);
        Assert.That(Differ(Respelled(text, InventedLanguage.FunctionWordSpellings), InventedLanguage.Document(new Random(2), 3000), Both), Is.False);
    }

    [Test]
    public void Differ_AnEnglishLikeTextAndTheInventedLanguage_IsTrue() =>
        Assert.That(Differ(InventedLanguage.EnglishDocument(new Random(1), 300), InventedLanguage.Document(new Random(2), 300), FunctionWords.English.Union(Both)), Is.True);
}
