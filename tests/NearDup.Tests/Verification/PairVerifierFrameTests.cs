using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>Two lists written from one pattern with other values all through (release notes' upgrade lines, download
/// lists per version) share a chain of 5-grams but no verbatim run: not a copy. An excerpt copied with edits keeps runs
/// of its own words between them and stays contained.</summary>
public class PairVerifierFrameTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    private static readonly string[] Modules =
    [
        "Archive::Tar", "Carp", "Compress::Raw::Bzip2", "Data::Dumper", "Digest::SHA", "Encode", "File::Fetch", "File::Temp",
        "Getopt::Long", "HTTP::Tiny", "IO::Socket::IP", "JSON::PP", "List::Util", "Locale::Codes", "Math::BigInt", "Module::CoreList",
        "Net::Ping", "Pod::Simple", "Scalar::Util", "Socket", "Storable", "Test::Simple", "Time::HiRes", "Unicode::Collate",
    ];

    /// <summary>A release note's upgrade list: every module of the half chosen, upgraded between versions drawn from a seed.</summary>
    private static string UpgradeList(int seed, int half)
    {
        var random = new Random(seed);
        var lines = Modules.Where((_, i) => i % 2 == half || i % 3 == 0).Select(m =>
            $"{m} has been upgraded from version {random.Next(1, 9)}.{random.Next(10, 99)} to {random.Next(1, 9)}.{random.Next(10, 99)}.");
        return "Updated Modules and Pragmata\n\n" + string.Join('\n', lines);
    }

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    [Test]
    public void Verify_TwoUpgradeListsOfOnePattern_AreNotCopies() =>
        Assert.That(Verify(UpgradeList(1, 0), UpgradeList(2, 1)), Is.Null);

    [Test]
    public void Explain_TwoUpgradeListsOfOnePattern_SaysTheFilledFrameSetTheVerdictAside() =>
        Assert.That(Verifier.Explain(Analyzer.Analyze("a", UpgradeList(1, 0)), Analyzer.Analyze("b", UpgradeList(2, 1))).Overruled, Is.EqualTo(Overruling.FilledFrame));

    [Test]
    public void Explain_AFrameFilledWithOtherNumbersInsideALongerText_SaysTheFilledFrameSetTheVerdictAside()
    {
        // One frame (150 words) with a number put in every 15 words, other numbers in each: runs of 14 words between
        // fills, in the same order in both, so the shingles make A contained; the filled-frame rule sets that aside.
        string[] words = TestTexts.Lighthouse.Split(' ');
        string Filled(int seed)
        {
            var random = new Random(seed);
            return string.Join(' ', words.Take(150).Select((w, i) => i % 15 == 7 ? random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture) : w));
        }

        PairExplanation explanation = Verifier.Explain(Analyzer.Analyze("a", Filled(1)), Analyzer.Analyze("b", TestTexts.Sourdough + "\n\n" + Filled(2) + "\n\n" + TestTexts.BeesOne));
        Assert.That((explanation.Verdict, explanation.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.FilledFrame)));
    }

    [Test]
    public void Verify_TheSameUpgradeListInsideALongerText_IsContained() =>
        Assert.That(Verify(UpgradeList(1, 0), TestTexts.Lighthouse + "\n\n" + UpgradeList(1, 0) + "\n\n" + TestTexts.Sourdough)?.Kind, Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_AnExcerptWithANumberPutInForAWordEveryThirty_IsContained()
    {
        // Runs of 29 words between edits (numbers put in for words): longer than a filled frame has. (One every 15 would
        // leave runs of 14, the shape of a frame, and is not contained.)
        string[] words = TestTexts.Lighthouse.Split(' ');
        string[] edited = [.. words.Select((w, i) => i % 30 == 7 ? (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) : w)];
        string excerpt = string.Join(' ', edited.Take(150));
        Assert.That(Verify(excerpt, TestTexts.Sourdough + "\n\n" + string.Join(' ', words.Take(150)) + "\n\n" + TestTexts.BeesOne)?.Kind, Is.EqualTo(MatchKind.Contained));
    }

    [Test]
    public void LongestMatchRun_OneWordReplacedInTheMiddle_IsTheLongerSide()
    {
        string[] words = TestTexts.Lighthouse.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(61).ToArray();
        string[] copy = [.. words];
        copy[40] = "zzqx";
        AnalyzedDocument a = Analyzer.Analyze("a", string.Join(' ', words));
        SpinAlignment alignment = Verifier.Aligner.Align(a, Analyzer.Analyze("b", string.Join(' ', copy)));
        Assert.That(alignment.LongestMatchRun, Is.EqualTo(ContentWordsBefore(a, 40)));
    }

    [Test]
    public void LongestMatchRun_WordsPutInAfterTheFortieth_CutTheRunThere()
    {
        string[] words = TestTexts.Lighthouse.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(61).ToArray();
        string[] copy = [.. words.Take(40), "zzqx", "zzqy", .. words.Skip(40)];
        AnalyzedDocument a = Analyzer.Analyze("a", string.Join(' ', words));
        SpinAlignment alignment = Verifier.Aligner.Align(a, Analyzer.Analyze("b", string.Join(' ', copy)));
        Assert.That(alignment.LongestMatchRun, Is.EqualTo(ContentWordsBefore(a, 40)));
    }

    /// <summary>How many content tokens the first <paramref name="words"/> space-separated words of the text hold.</summary>
    private static int ContentWordsBefore(AnalyzedDocument a, int words)
    {
        int end = 0;
        for (int i = 0; i < words; i++)
        {
            end = a.Text.IndexOf(' ', end) + 1;
        }

        return a.ContentTokens.ToArray().Count(t => t.End < end);
    }
}
