using System;
using NearDup.Cli;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>What of a passage's surroundings explain shows with it: the punctuation that clings to its first and last
/// word, and nothing else.</summary>
public class PassageMarkupTests
{
    /// <summary>The text <see cref="PassageMarkup.Shown"/> gives for the passage that is <paramref name="words"/> inside
    /// <paramref name="text"/>.</summary>
    private static string Shown(string text, string words)
    {
        int start = text.IndexOf(words, StringComparison.Ordinal);
        var (from, to) = PassageMarkup.Shown(text, start, start + words.Length);
        return text[from..to];
    }

    [TestCase("They left at dawn. The boats came home late", "They left at dawn", "They left at dawn.", TestName = "Shown_FullStopBeforeTheNextSentence_IsKept")]
    [TestCase("the boats came home late.", "the boats came home late", "the boats came home late.", TestName = "Shown_FullStopAtTheEndOfTheText_IsKept")]
    [TestCase("He said \"count the sails.\" Then he left", "count the sails", "\"count the sails.\"", TestName = "Shown_QuotesAroundThePassage_AreKept")]
    [TestCase("the quay (by the chapel), then", "by the chapel", "(by the chapel),", TestName = "Shown_BracketsAndAComma_AreKept")]
    [TestCase("港口の記録。次の話", "港口の記録", "港口の記録。", TestName = "Shown_WideFullStopWithoutASpace_IsKept")]
    public void Shown_KeepsClingingPunctuation(string text, string words, string expected) =>
        Assert.That(Shown(text, words), Is.EqualTo(expected));

    [TestCase("boats and/or nets", "boats and", TestName = "Shown_SlashInsideAWordPair_IsLeftOut")]
    [TestCase("it cost 3.5 pounds", "it cost 3", TestName = "Shown_DecimalPoint_IsLeftOut")]
    [TestCase("the quay - then", "the quay", TestName = "Shown_DashAfterASpace_IsLeftOut")]
    public void Shown_LeavesOutPunctuationThatDoesNotEndAWord(string text, string words) =>
        Assert.That(Shown(text, words), Is.EqualTo(words));
}
