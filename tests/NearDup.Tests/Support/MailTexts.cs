using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>Mail-like test texts written from the project's own articles: short messages on unrelated subjects, and a
/// campaign's mailings of one ad.</summary>
public static class MailTexts
{
    /// <summary>A mailing list's footer, written for these tests: about 110 words, a third of the lighthouse text.</summary>
    public const string ListFooter =
        "You received this message because you subscribed to the harbour history mailing list, run by volunteers of the " +
        "Wexham maritime society. To unsubscribe, send a blank message to the list's request address with the word leave " +
        "in its subject line, or visit the list's settings page and enter your address there. Messages sent to the list " +
        "are kept in a public archive for ten years and may be quoted in the society's quarterly bulletin. The society " +
        "does not share its members' addresses with anyone, and it never asks for money by mail. If you believe this " +
        "message reached you in error, write to the list's owner, who answers within a week during the sailing season.";

    /// <summary>Short messages on unrelated subjects: three sentences each, taken in turn from the test articles.</summary>
    /// <param name="count">How many, at most 9.</param>
    public static List<string> ShortMessages(int count)
    {
        string[] sentences = new[] { TestTexts.Lighthouse, TestTexts.Sourdough, TestTexts.BeesOne, SpinTexts.Harbour, SpinTexts.Orchard, SpinTexts.FloodReport }
            .SelectMany(t => t.Split(". ", StringSplitOptions.RemoveEmptyEntries))
            .Where(s => s.Split(' ').Length >= 8)
            .ToArray();
        Assume.That(sentences.Length, Is.GreaterThanOrEqualTo(3 * count));
        return Enumerable.Range(0, count).Select(i => string.Join(". ", sentences.Skip(3 * i).Take(3)) + ".").ToList();
    }

    /// <summary>Twelve mailings of one campaign's ad (the first 90 words of <see cref="TestTexts.BeesTwo"/>): six that are the ad and
    /// an opt-out line with the mailing's own code, then six that add one of <see cref="ShortMessages"/> after the ad.</summary>
    public static List<string> CampaignMailings()
    {
        string ad = string.Join(' ', TestTexts.Words(TestTexts.BeesTwo).Take(90));
        List<string> own = ShortMessages(6);
        return Enumerable.Range(0, 12).Select(i => ad + "\n\n" + (i < 6 ? $"To stop these offers, write to stop-{1000 + (i * 37)} at the sender." : own[i - 6])).ToList();
    }
}
