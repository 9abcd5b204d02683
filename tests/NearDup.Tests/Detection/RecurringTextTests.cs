using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Benchmarks.Corpus;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Text many documents of a collection share (a list footer, a campaign mailed many times) is weighed by how
/// many hold it: a footer no longer makes two messages copies, a campaign's mailings still are.</summary>
public class RecurringTextTests
{
    private const string Footer =
        "You are receiving this message because you are subscribed to the harbour rowing list. To leave the list, send a " +
        "message with the word leave in its subject to the list address, or change your settings on the list's web page. " +
        "Messages to the list are kept in a public archive for ten years.";

    /// <summary>Short messages on unrelated subjects (<see cref="MailTexts.ShortMessages"/>).</summary>
    private static List<string> Messages(int count) => MailTexts.ShortMessages(count);

    private static readonly DocumentAnalyzer Analyzer = new();

    private static List<AnalyzedDocument> Collection(IEnumerable<string> texts) =>
        texts.Select((t, i) => Analyzer.Analyze($"doc{i:00}", t)).ToList();

    [Test]
    public void FindAllPairs_TheFooterAloneAndAMessageWithIt_AreACopyWithoutTheRestOfTheList()
    {
        // Precondition for the tests below: without other documents, the footer is wholly inside a message that carries
        // it. (Two messages that share only the footer at their ends are no copy even alone: a trailer, see
        // PairVerifierTrailerTests.)
        string[] texts = [Footer, Messages(1)[0] + "\n\n" + Footer];
        Assert.That(NearDupIndex.FindAllPairs(Collection(texts)).Select(v => v.Kind), Is.EqualTo(new[] { MatchKind.Contained }));
    }

    [Test]
    public void FindAllPairs_TwoMessagesSharingOnlyTheListFooter_AreNotACopyEvenWithoutTheRestOfTheList() =>
        Assert.That(NearDupIndex.FindAllPairs(Collection(Messages(2).Select(m => m + "\n\n" + Footer))), Is.Empty);

    [Test]
    public void FindAllPairs_EightTwoSentenceNotesSharingOnlyTheListFooter_FindsNoPair()
    {
        // Held by eight, the footer weighs about a seventh of its words: still a fifth of each short note's weight, but
        // too few distinctive words to make one note an excerpt of another.
        List<string> notes = Messages(8).Select(m => string.Join(". ", m.Split(". ").Take(2)) + ".\n\n" + Footer).ToList();
        Assert.That(NearDupIndex.FindAllPairs(Collection(notes)), Is.Empty);
    }

    private const string Notice =
        "You got this offer because you signed up at one of Quayside Media's partner sites. To stop these offers, visit " +
        "the opt-out page of Quayside Media and enter your address there.";

    /// <summary>Two ads ending in one mailer's notice, the second with the list footer under it, among twelve messages
    /// with the footer; the ads' pair, or null when no flag joins them.</summary>
    private static PairVerdict? TwoAdsWithOneNotice(string secondTail)
    {
        List<string> messages = Messages(14);
        List<string> texts = [messages[0] + "\n\n" + Notice, messages[1] + "\n\n" + Notice + "\n\n" + secondTail];
        texts.AddRange(messages.Skip(2).Select(m => m + "\n\n" + Footer));
        return NearDupIndex.FindAllPairs(Collection(texts)).SingleOrDefault(v => (v.A, v.B) is ("doc00", "doc01") or ("doc01", "doc00"));
    }

    [Test]
    public void FindAllPairs_TwoAdsEndingInOneNoticeOneWithTheListFooterUnderIt_AreNoCopy() =>
        Assert.That(TwoAdsWithOneNotice(Footer), Is.Null);

    [Test]
    public void FindAllPairs_TwoAdsEndingInOneNoticeOneWithWordsOfItsOwnUnderIt_AreContained() =>
        Assert.That(TwoAdsWithOneNotice(string.Join(". ", MailTexts.ShortMessages(15)[14].Split(". ").Take(3)) + ".")?.Kind, Is.EqualTo(MatchKind.Contained));

    [Test]
    public void FindAllPairs_TheFooterAloneAmongTwelveMessagesWithIt_IsNotContainedInThem()
    {
        // The footer on its own is wholly inside every message, but what it shares weighs a thirteenth of its words.
        List<string> messages = Messages(12).Select(m => m + "\n\n" + Footer).Append(Footer).ToList();
        Assert.That(NearDupIndex.FindAllPairs(Collection(messages)), Is.Empty);
    }

    [Test]
    public void FindAllPairs_TwelveMessagesSharingOnlyTheListFooter_FindsNoPair()
    {
        List<string> messages = Messages(12).Select(m => m + "\n\n" + Footer).ToList();
        Assert.That(NearDupIndex.FindAllPairs(Collection(messages)), Is.Empty);
    }

    /// <summary>The standard end of a family of manual pages, naming its own page in six places (the way a tool suite's
    /// pages end with where to report bugs, the licence and where the full documentation of that command is).</summary>
    private static string PageFooter(string name) =>
        $"REPORTING BUGS\n    Report bugs in {name} to the harbour tools tracker, and say which version of {name} you ran and on " +
        "which system. Report any translation bugs to the translation team of the project.\n\nCOPYRIGHT\n    Copyright " +
        "the harbour tools authors. This is free software: you are free to change and redistribute it. There is no " +
        $"warranty, to the extent permitted by law.\n\nSEE ALSO\n    Full documentation of {name} is on the harbour tools " +
        $"web site, or available locally via: info '(harbour) {name} invocation'\n\nharbour tools 9.1    September    " +
        $"{name.ToUpperInvariant()}(1)";

    [Test]
    public void FindAllPairs_TwelvePagesWhoseSharedFooterNamesEachPage_FindsNoPair()
    {
        // The footer is broken into runs by each page's name, and a window reaching past a run into the name picks the
        // page's own fingerprint: weighed by that pick alone, the runs' edges counted as the page's own text, and the
        // shortest page (doc08) was contained in all the others.
        Assert.That(NearDupIndex.FindAllPairs(Collection(NamedPages(12))).Select(v => (v.A, v.B, v.Kind)), Is.Empty);
    }

    /// <summary><paramref name="count"/> manual pages of one family (at most twelve): each its own name, a description
    /// of three sentences and the family's footer naming the page (<see cref="PageFooter"/>).</summary>
    private static List<string> NamedPages(int count)
    {
        string[] names = ["tidewait", "moorline", "keelset", "gullcount", "quaymark", "saltread", "buoylist", "netmend", "hullscan", "sailfold", "oarsync", "portlog"];
        return Messages(count).Select((m, i) => $"{names[i].ToUpperInvariant()}(1)\n\nNAME\n    {names[i]}\n\nDESCRIPTION\n    " + m + "\n\n" + PageFooter(names[i])).ToList();
    }

    [Test]
    public void FindAllPairs_AReplyQuotingAMessageAmongTwelveWithTheFooter_IsTheOnlyPair()
    {
        List<string> messages = Messages(12).Select(m => m + "\n\n" + Footer).ToList();
        string quoted = Messages(12)[3];
        messages.Add("I agree with what you wrote:\n\n> " + quoted + "\n\nSee you at the boathouse.\n\n" + Footer);
        Assert.That(
            NearDupIndex.FindAllPairs(Collection(messages)).Select(v => (v.A, v.B, v.Kind)),
            Is.EqualTo(new[] { ("doc03", "doc12", MatchKind.NearDuplicate) }));
    }

    [Test]
    public void FindAllPairs_ACampaignMailedSixTimesWithOtherGreetings_IsNearDuplicatesAmongAllMailings()
    {
        string[] names = ["Anna", "Tomas", "Ida", "Jonas", "Erik", "Maja"];
        List<string> mailings = names.Select(n => $"Dear {n},\n\n" + SpinTexts.Orchard).ToList();
        IReadOnlyList<PairVerdict> pairs = NearDupIndex.FindAllPairs(Collection(mailings));
        Assert.That((pairs.Count, pairs.All(v => v.Kind == MatchKind.NearDuplicate)), Is.EqualTo((15, true)));
    }

    [Test]
    public void FindAllPairs_ACampaignAdTwelveMailingsHold_IsInsideEveryMailingThatAddsTextOfItsOwn()
    {
        // The ad is held by all twelve, so it weighs about a twelfth of its words: under the 10 words an excerpt must weigh.
        // But it is nearly all of each short mailing's own text, so a short mailing is inside every long one (before, only
        // where the ad's edges happened to weigh as the mailing's own), and the short ones are near-duplicates of each other. (Two long ones share the ad
        // as a small part of each; whether its edges weigh enough to make an excerpt is not this test's question.)
        var expected = new List<(string, string, MatchKind)>();
        for (int i = 0; i < 6; i++)
        {
            for (int j = i + 1; j < 12; j++)
            {
                expected.Add(($"doc{i:00}", $"doc{j:00}", j < 6 ? MatchKind.NearDuplicate : MatchKind.Contained));
            }
        }

        Assert.That(
            NearDupIndex.FindAllPairs(Collection(MailTexts.CampaignMailings())).Where(v => string.CompareOrdinal(v.A, "doc06") < 0).Select(v => (v.A, v.B, v.Kind)).Order(),
            Is.EqualTo(expected.Order()));
    }

    [Test]
    public void Verify_AnAdInTwoPassagesThatTwelveDocumentsHold_IsContainedWhereItIsMostOfADocumentsText()
    {
        // Every fingerprint held by twelve documents, so what the two share weighs a twelfth of its 90 words, under the 10
        // words an excerpt must weigh. The ad is in A as two passages between lines of A's own, in B the other way round
        // between paragraphs of B's own (so that neither ends with them, as a message ends with a footer): neither passage
        // is half of A, and together they are under 0.8 of it, but they are most of A's text, so A is contained in B.
        string[] words = TestTexts.Words(TestTexts.BeesTwo);
        string first = string.Join(' ', words.Take(45)), second = string.Join(' ', words.Skip(45).Take(45));
        string[] own = TestTexts.Words(TestTexts.Lighthouse);
        string textA = string.Join(' ', own.Take(15)) + "\n\n" + first + "\n\n" + string.Join(' ', own.Skip(50).Take(15)) + "\n\n" + second + "\n\n" + string.Join(' ', own.Skip(100).Take(15));
        string textB = string.Join(' ', TestTexts.Words(TestTexts.Sourdough).Take(30)) + "\n\n" + second + "\n\n" + string.Join(' ', TestTexts.Words(SpinTexts.Orchard).Take(40)) + "\n\n" + first + "\n\n" + string.Join(' ', TestTexts.Words(SpinTexts.Harbour).Take(30));
        AnalyzedDocument a = Analyzer.Analyze("a", textA), b = Analyzer.Analyze("b", textB);
        var recurrence = new CollectionRecurrence((f, counts, _) => counts.Fill(12), AnalysisOptions.Default, aHeld: true, bHeld: true);
        PairVerdict? verdict = new PairVerifier(Analyzer.Options.ShingleSize).Verify(a, b, recurrence);
        Assert.That((verdict?.Kind, verdict?.WidelyHeld, verdict?.AInsideB), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true, (bool?)true)));
    }

    /// <summary>The verdict of an ad (60 words) that twelve documents hold against the same ad with a footer after it that
    /// <paramref name="footerHolders"/> documents hold.</summary>
    private static PairVerdict? AdAgainstAdWithFooter(int footerHolders)
    {
        string ad = string.Join(' ', TestTexts.Words(SpinTexts.Orchard).Take(60));
        AnalyzedDocument a = Analyzer.Analyze("a", ad), b = Analyzer.Analyze("b", ad + "\n\n" + Footer);
        var footer = new HashSet<ulong>(Analyzer.Analyze("f", Footer).Shingles.ToArray());
        var recurrence = new CollectionRecurrence(
            (fingerprints, counts, skeleton) =>
            {
                for (int i = 0; i < fingerprints.Length; i++)
                {
                    counts[i] = !skeleton && footer.Contains(fingerprints[i]) ? footerHolders : 12;
                }
            },
            AnalysisOptions.Default,
            aHeld: true,
            bHeld: true);
        return new PairVerifier(Analyzer.Options.ShingleSize).Verify(a, b, recurrence);
    }

    [Test]
    public void Verify_AnAdTwelveDocumentsHoldAndTheSameAdWithAFooterThreeHundredHold_IsANearDuplicateByDistinctiveText()
    {
        // The ad weighs a twelfth of its words, under the 10 an excerpt must weigh, but it is all of A's own text and
        // nearly all of B's by weight: what B has besides, two fifths of its words, is a footer far more documents hold.
        // One mailing twice, the second with a list's footer added: a near-duplicate, as it is when fewer documents hold
        // the ad (before: contained).
        PairVerdict? verdict = AdAgainstAdWithFooter(300);
        Assert.That((verdict?.Kind, verdict?.ByDistinctiveText), Is.EqualTo(((MatchKind?)MatchKind.NearDuplicate, (bool?)true)));
    }

    [TestCase(12, TestName = "Verify_AnAdTwelveDocumentsHoldAndTheSameAdWithAFooterAsFewHold_IsStillContained")]
    [TestCase(50, TestName = "Verify_AnAdTwelveDocumentsHoldAndTheSameAdWithAFooterFiftyHold_IsStillContained")]
    public void Verify_AnAdTwelveDocumentsHoldAndTheSameAdWithAFooterNotFarMoreHold_IsStillContained(int footerHolders)
    {
        // Held by as few, the footer weighs as much as the ad: B's distinctive text is not 0.8 shared. Held by fifty, it is
        // (0.83), but the footer still weighs a quarter of what the ad weighs a word, not a tenth: B's own text as well,
        // and A is inside B.
        PairVerdict? verdict = AdAgainstAdWithFooter(footerHolders);
        Assert.That((verdict?.Kind, verdict?.WidelyHeld), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Explain_TheFooterAloneAndAMessageEndingWithItWhoseSkeletonManyHold_SaysRecurringTextWithLocalOrServerCounts(bool countsAreLocal)
    {
        // Words held by twelve, skeleton by a hundred: the footer is all of A's own text, but the skeleton the two share
        // is the collection's. Counted in this process, the rules asked before aligning once called it a section of the
        // collection, while counts from a server called it recurring text: the same pair must get the same answer.
        AnalyzedDocument a = Analyzer.Analyze("a", Footer), b = Analyzer.Analyze("b", Messages(1)[0] + "\n\n" + Footer);
        var recurrence = new CollectionRecurrence((f, counts, skeleton) => counts.Fill(skeleton ? 100 : 12), AnalysisOptions.Default, aHeld: true, bHeld: true, countsAreLocal);
        PairExplanation x = new PairVerifier(Analyzer.Options.ShingleSize).Explain(a, b, recurrence);
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.RecurringText)));
    }

    [Test]
    public void Verify_ANineWordNoteInsideALongerMessageWithNoOtherHolder_IsNoCopy()
    {
        // Nothing else holds what they share, so it weighs its words: the note is all of its own text, but nine words
        // are under the 10 an excerpt needs, with a collection as without one.
        AnalyzedDocument a = Analyzer.Analyze("a", "see you at the boathouse after the race tomorrow");
        AnalyzedDocument b = Analyzer.Analyze("b", Messages(2)[0] + " See you at the boathouse after the race tomorrow. " + Messages(2)[1]);
        var recurrence = new CollectionRecurrence((f, counts, _) => counts.Fill(2), AnalysisOptions.Default, aHeld: true, bHeld: true);
        Assert.That(new PairVerifier(Analyzer.Options.ShingleSize).Verify(a, b, recurrence), Is.Null);
    }

    [Test]
    public void FindAllPairs_SixVariablePagesOfOnePatternAroundTheirIdentifiers_FindsNoCopyOfWidelyHeldText()
    {
        // Each page is nearly all the pattern the six share, so what two share is most of each page's own text, as for a
        // campaign's mailings; but they differ in the identifier of what each describes: pages of one template, not
        // copies of one text. (Pairs the other rules flag here, whose words are mostly the same, are not this test's.)
        (string Id, string Plural, string One)[] kinds =
        [
            ("EXE", "executables", "an executable"), ("MODULE", "modules", "a module"), ("SHARED", "shared libraries", "a shared library"),
            ("STATIC", "static libraries", "a static library"), ("PLUGIN", "plugins", "a plugin"), ("TOOL", "tools", "a tool"),
        ];
        List<string> pages = kinds.Select(k =>
            $"HARBOUR_{k.Id}_LINKER_FLAGS\n{new string('-', 22 + k.Id.Length)}\n\nLinker flags to be used to create {k.Plural}.\n\n" +
            $"These flags will be used by the linker when creating {k.One}.\n").ToList();
        Assert.That(NearDupIndex.FindAllPairs(Collection(pages)).Where(v => v.WidelyHeld).Select(v => (v.A, v.B)), Is.Empty);
    }

    /// <summary><paramref name="count"/> release notes of one project: each opens with twenty words of its own, then the
    /// long standard section every note carries (how to report a bug), then the first hundred words of a changes
    /// paragraph taken in turn from five, so note <c>i</c> shares its changes with every note <c>j</c> where i ≡ j mod 5.</summary>
    private static List<string> ReleaseNotes(int count)
    {
        string[] changes = [.. new[] { TestTexts.Sourdough, TestTexts.BeesOne, SpinTexts.Harbour, SpinTexts.Orchard, SpinTexts.FloodReport }
            .Select(t => string.Join(' ', TestTexts.Words(t).Take(100)))];
        return new CorpusGenerator(new CorpusOptions(count, seed: 515, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate()
            .Select((d, i) => string.Join(' ', TestTexts.Words(Encoding.UTF8.GetString(d.Utf8)).Take(20)) + "\n\n" + TestTexts.Lighthouse + "\n\n" + changes[i % changes.Length])
            .ToList();
    }

    [Test]
    public void FindAllPairs_FortyNotesSharingALongStandardSection_PairsOnlyThoseWithTheSameChanges()
    {
        // The section is most of every note's words and its skeleton is the collection's (held by 40: weight 1/39 but
        // for chance): notes that share only the section are no copies; notes that also share their changes are
        // near-duplicates.
        var expected = new List<(string, string, MatchKind)>();
        for (int i = 0; i < 40; i++)
        {
            for (int j = i + 5; j < 40; j += 5)
            {
                expected.Add(($"doc{i:00}", $"doc{j:00}", MatchKind.NearDuplicate));
            }
        }

        Assert.That(
            NearDupIndex.FindAllPairs(Collection(ReleaseNotes(40))).Select(v => (v.A, v.B, v.Kind)).Order(),
            Is.EqualTo(expected.Order()));
    }

    [Test]
    public void Compare_TwoOfFortyNotesSharingOnlyTheStandardSection_SaysTheCollectionCarriesIt()
    {
        List<string> notes = ReleaseNotes(40);
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(notes.Select((t, i) => ($"doc{i:00}", t)));
        // Notes 12 and 19: their own words weigh little enough that the section alone makes one contained in the other.
        PairExplanation x = index.Compare(notes[12], notes[19], "doc12", "doc19");
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.CollectionSection)));
    }

    [Test]
    public void Compare_TheFooterAloneAndOneOfTwelveMessagesWithIt_SaysTheCollectionHoldsWhatTheyShare()
    {
        // The footer is wholly inside the message, a copy's share if all words weighed alike; held by all thirteen, it
        // weighs too little to make an excerpt, and explain says so rather than nothing.
        List<string> texts = Messages(12).Select(m => m + "\n\n" + Footer).Append(Footer).ToList();
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(texts.Select((t, i) => ($"doc{i:00}", t)));
        PairExplanation x = index.Compare(texts[12], texts[3], "doc12", "doc03");
        Assert.That((x.Verdict, x.Overruled, x.Figures.CoverageA), Is.EqualTo(((PairVerdict?)null, Overruling.RecurringText, 1.0)));
    }

    [Test]
    public void Compare_TheFooterAloneAndAMessageWithItWithoutACollection_IsAContainedCopyWithNoRuleSaid()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        PairExplanation x = index.Compare(Footer, Messages(1)[0] + "\n\n" + Footer);
        Assert.That((x.Verdict?.Kind, x.Overruled), Is.EqualTo(((MatchKind?)MatchKind.Contained, Overruling.None)));
    }

    [Test]
    public void FindAllPairs_FiveNotesSharingOneLongSection_AreAllContained()
    {
        // Held by five, the section is the notes' copied passage, not the collection's boilerplate.
        IReadOnlyList<PairVerdict> pairs = NearDupIndex.FindAllPairs(Collection(ReleaseNotes(5)));
        Assert.That((pairs.Count, pairs.All(v => v.Kind == MatchKind.Contained)), Is.EqualTo((10, true)));
    }

    [Test]
    public void IndexQuery_TwelveMessagesSharingOnlyTheListFooter_FindsNoCopyAsAScanDoes()
    {
        List<string> messages = Messages(12).Select(m => m + "\n\n" + Footer).ToList();
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(messages.Take(11).Select((t, i) => ($"doc{i:00}", t)));
        Assert.That(index.Query(messages[11], "new"), Is.Empty);
    }

    [Test]
    public void FindRecurringPassages_TwelveMessagesWithTheFooter_FindsTheFooterHeldByAllTwelve()
    {
        List<AnalyzedDocument> collection = Collection(Messages(12).Select(m => m + "\n\n" + Footer));
        RecurringPassage top = NearDupIndex.FindRecurringPassages(collection)[0];
        Assert.That(
            (top.Documents, top.ExampleIds, Footer.Contains(top.Text, StringComparison.Ordinal), top.Tokens >= 30),
            Is.EqualTo((12, new[] { "doc00", "doc01", "doc02", "doc03", "doc04" }, true, true)));
    }

    /// <summary><paramref name="count"/> made-up words drawn with <paramref name="random"/>, a full stop after every
    /// twelfth.</summary>
    private static string MadeUpText(Random random, int count)
    {
        string[] words = TestTexts.MadeUpWords();
        return string.Join(' ', Enumerable.Range(1, count).Select(i => words[random.Next(words.Length)] + (i % 12 == 0 ? "." : ""))) + ".";
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public void FindRecurringPassages_AQuoteRightAfterTheFooterInThreeMessages_IsReportedApartFromTheFooter(int seed)
    {
        // Twelve messages of made-up words carry the footer; three of them quote one paragraph right after it, so the
        // footer's words and the quote's form one run of recurring words there. The footer is still held by all twelve,
        // the quote by the three, each reported with its own text. A passage's edges are as sharp as the winnowing
        // window: a passage may lose a few words at either end, which no window's pick covers alone.
        var random = new Random(seed);
        string quote = MadeUpText(random, 30);
        List<string> texts = Enumerable.Range(0, 12).Select(i => MadeUpText(random, 45) + "\n\n" + Footer + (i < 3 ? "\n\n" + quote : "")).ToList();
        IReadOnlyList<RecurringPassage> found = NearDupIndex.FindRecurringPassages(Collection(texts));
        string middle = string.Join(' ', quote.Split(' ')[8..22]);
        Assert.That(
            found.Select(p => (p.Documents, Footer.Contains(p.Text, StringComparison.Ordinal), p.Text.Contains(middle, StringComparison.Ordinal) && (Footer + "\n\n" + quote).Contains(p.Text, StringComparison.Ordinal))),
            Is.EqualTo(new[] { (12, true, false), (3, false, true) }));
    }

    [Test]
    public void FindRecurringPassages_PassageHeldByFewerThanTheLeast_IsNotReported()
    {
        List<string> messages = Messages(12);
        messages[0] += "\n\n" + Footer;
        messages[1] += "\n\n" + Footer;
        Assert.That(NearDupIndex.FindRecurringPassages(Collection(messages), minDocuments: 3), Is.Empty);
    }

    [Test]
    public void FindRecurringPassages_InAnIndex_FindsWhatTheCollectionGives()
    {
        List<string> texts = Messages(12).Select(m => m + "\n\n" + Footer).ToList();
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(texts.Select((t, i) => ($"doc{i:00}", t)));
        Assert.That(
            index.FindRecurringPassages().Select(p => (p.Text, p.Documents)),
            Is.EqualTo(NearDupIndex.FindRecurringPassages(Collection(texts)).Select(p => (p.Text, p.Documents))));
    }

    [TestCase(1, 12)]
    [TestCase(3, 2)]
    public void FindRecurringPassages_LeastCountsOutOfRange_AreRejected(int minDocuments, int minWords) =>
        Assert.That(() => NearDupIndex.FindRecurringPassages(Collection(Messages(2)), minDocuments: minDocuments, minWords: minWords), Throws.InstanceOf<ArgumentOutOfRangeException>());

    /// <summary>The weights of two documents' shingle positions when every fingerprint has <paramref name="holders"/>
    /// holders, the pair included.</summary>
    private static double[] Weights(string textA, string textB, int holders)
    {
        AnalyzedDocument a = Analyzer.Analyze("a", textA), b = Analyzer.Analyze("b", textB);
        var recurrence = new CollectionRecurrence((f, counts, _) => counts.Fill(holders), AnalysisOptions.Default, aHeld: true, bHeld: true);
        double[] wa = new double[a.Shingles.Length], wb = new double[b.Shingles.Length];
        recurrence.Weigh(a, b, wa, wb);
        return [.. wa, .. wb];
    }

    [Test]
    public void SkeletonWeights_ASkeletonFortyOthersHoldWithAQuarterOfThePairsOwn_MedianIsTheCollectionsAndTheMeanIsLifted()
    {
        // Of every four shared skeleton fingerprints, three are held by the pair and forty other documents, one by the
        // pair alone: a template's frame with the fill of its slots.
        AnalyzedDocument a = Analyzer.Analyze("a", SpinTexts.Harbour), b = Analyzer.Analyze("b", SpinTexts.Harbour);
        var recurrence = new CollectionRecurrence(
            (f, counts, _) =>
            {
                for (int k = 0; k < counts.Length; k++)
                {
                    counts[k] = k % 4 == 3 ? 2 : 42;
                }
            },
            AnalysisOptions.Default,
            aHeld: true,
            bHeld: true);
        int n = a.SpinFingerprints.Distinct().Count(), own = n / 4;
        Assume.That(n, Is.GreaterThanOrEqualTo(8), "enough fingerprints for a median");
        SkeletonWeights weights = recurrence.SkeletonWeights(a, b, copies: 0);
        Assert.That(weights.Median, Is.EqualTo(1.0 / 41).Within(1e-12));
        Assert.That(weights.Mean, Is.EqualTo((own + (n - own) / 41.0) / n).Within(1e-12));
    }

    [Test]
    public void SkeletonWeights_HoldersThatAreCopiesOfThePairsText_DoNotCount()
    {
        // Every shared fingerprint is held by the pair and forty other documents; thirty of them are copies of the pair's
        // text, so ten others are left: weight 1 / 11. With all forty copies, the skeleton is the pair's own.
        AnalyzedDocument a = Analyzer.Analyze("a", SpinTexts.Harbour), b = Analyzer.Analyze("b", SpinTexts.Harbour);
        var recurrence = new CollectionRecurrence((f, counts, _) => counts.Fill(42), AnalysisOptions.Default, aHeld: true, bHeld: true);
        Assert.Multiple(() =>
        {
            SkeletonWeights tenLeft = recurrence.SkeletonWeights(a, b, copies: 30);
            Assert.That((tenLeft.Mean, tenLeft.Median), Is.EqualTo((1.0 / 11, 1.0 / 11)).Using<(double, double)>((x, y) => System.Math.Abs(x.Item1 - y.Item1) < 1e-12 && System.Math.Abs(x.Item2 - y.Item2) < 1e-12));
            Assert.That(recurrence.SkeletonWeights(a, b, copies: 40), Is.EqualTo(SkeletonWeights.Own));
            Assert.That(recurrence.SkeletonWeights(a, b, copies: 55), Is.EqualTo(SkeletonWeights.Own), "never more than own");
        });
    }

    // Every fingerprint is held by A, B and three other documents: weight 1 / (1 + 3) everywhere.
    [Test]
    public void Weigh_TextNOtherDocumentsHold_WeighsOneOverOnePlusN() =>
        Assert.That(Weights(SpinTexts.Harbour, SpinTexts.Harbour, holders: 5), Is.All.EqualTo(0.25));

    [Test]
    public void Weigh_TextOnlyThePairHolds_WeighsOne() =>
        Assert.That(Weights(SpinTexts.Harbour, SpinTexts.Orchard, holders: 1), Is.All.EqualTo(1.0));

    [Test]
    public void Weigh_EveryPairOfACollectionWithAFooter_EqualsTheWeightsComputedForThePairAlone()
    {
        // Eight messages, five with the footer; holders counted by the collection's candidate index. Each document is
        // weighed in several pairs, both as A and as B, so its kept picks are reused.
        List<string> texts = Messages(8);
        for (int i = 0; i < 5; i++)
        {
            texts[i] += " " + Footer;
        }

        AnalyzedDocument[] documents = [.. texts.Select((t, i) => Analyzer.Analyze($"m{i}", t))];
        foreach (bool bHeld in new[] { true, false })
        {
            CollectionRecurrence recurrence = RecurrenceAmong(documents, bHeld);
            foreach (AnalyzedDocument a in documents)
            {
                foreach (AnalyzedDocument b in documents.Where(d => d != a))
                {
                    double[] kept = new double[a.Shingles.Length + b.Shingles.Length];
                    double[] direct = new double[kept.Length];
                    recurrence.Weigh(a, b, kept.AsSpan(0, a.Shingles.Length), kept.AsSpan(a.Shingles.Length));
                    recurrence.WeighDirect(a, b, direct.AsSpan(0, a.Shingles.Length), direct.AsSpan(a.Shingles.Length));
                    Assert.That(kept, Is.EqualTo(direct), $"{a.Id} / {b.Id}, B held: {bHeld}");
                }
            }
        }
    }

    /// <summary>The recurrence of a collection of <paramref name="documents"/>, its holders counted by their candidate
    /// index; A always one of them, B as <paramref name="bHeld"/> says.</summary>
    private static CollectionRecurrence RecurrenceAmong(AnalyzedDocument[] documents, bool bHeld)
    {
        var index = new CandidateIndex(IndexOptions.Default.CandidateSettings);
        index.AddRange([.. documents.Select(DocumentFingerprints.Of)], bulk: true);
        return new CollectionRecurrence(index.PassageHolders, AnalysisOptions.Default, aHeld: true, bHeld);
    }

    [Test]
    public void WeighFrame_EveryPairOfPagesWithANamedFooter_EqualsTheWeightsComputedForThePairAloneAndNeverExceedsThePlainWeights()
    {
        // Six pages, their footer naming each page; some positions weigh less as a frame (else the test shows nothing).
        AnalyzedDocument[] documents = [.. NamedPages(6).Select((t, i) => Analyzer.Analyze($"p{i}", t))];
        CollectionRecurrence recurrence = RecurrenceAmong(documents, bHeld: true);
        int lowered = 0;
        foreach (AnalyzedDocument a in documents)
        {
            foreach (AnalyzedDocument b in documents.Where(d => d != a))
            {
                int n = a.Shingles.Length + b.Shingles.Length;
                double[] frame = new double[n], direct = new double[n], plain = new double[n];
                recurrence.WeighFrame(a, b, frame.AsSpan(0, a.Shingles.Length), frame.AsSpan(a.Shingles.Length));
                recurrence.WeighDirect(a, b, direct.AsSpan(0, a.Shingles.Length), direct.AsSpan(a.Shingles.Length), frame: true);
                recurrence.Weigh(a, b, plain.AsSpan(0, a.Shingles.Length), plain.AsSpan(a.Shingles.Length));
                Assert.That(frame, Is.EqualTo(direct), $"{a.Id} / {b.Id}");
                Assert.That(Enumerable.Range(0, n).All(i => frame[i] <= plain[i]), Is.True, $"{a.Id} / {b.Id}");
                lowered += Enumerable.Range(0, n).Count(i => frame[i] < plain[i]);
            }
        }

        Assert.That(lowered, Is.GreaterThan(0));
    }

    [Test]
    public void SkeletonWeights_EveryPairOfACollectionWithAFooterAndARepeat_EqualTheSetOracle()
    {
        // Eight messages, five with the footer, and one message twice over (its skeleton fingerprints repeat); holders
        // counted by the collection's candidate index, with and without copies left out.
        List<string> texts = Messages(8);
        for (int i = 0; i < 5; i++)
        {
            texts[i] += " " + Footer;
        }

        texts.Add(texts[6] + "\n\n" + texts[6]);
        AnalyzedDocument[] documents = [.. texts.Select((t, i) => Analyzer.Analyze($"m{i}", t))];
        CollectionRecurrence recurrence = RecurrenceAmong(documents, bHeld: true);
        int shared = 0;
        foreach (AnalyzedDocument a in documents)
        {
            foreach (AnalyzedDocument b in documents.Where(d => d != a))
            {
                foreach (int copies in new[] { 0, 2 })
                {
                    SkeletonWeights pooled = recurrence.SkeletonWeights(a, b, copies), oracle = recurrence.SkeletonWeightsScalar(a, b, copies);
                    Assert.That(pooled, Is.EqualTo(oracle), $"{a.Id} / {b.Id}, copies {copies}");
                    shared += pooled == SkeletonWeights.Own ? 0 : 1;
                }
            }
        }

        Assert.That(shared, Is.GreaterThan(0), "some pairs share skeleton the collection holds");
    }
}

