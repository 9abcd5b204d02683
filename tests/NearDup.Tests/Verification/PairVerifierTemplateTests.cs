using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>Texts written from one template differ in their fields (numbers, names, addresses, one slot filled the same
/// way), not in reworded prose: they are not spun copies of each other, while a spinner's output still is.</summary>
public class PairVerifierTemplateTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    /// <summary>One issue of a made-up club newsletter: the frame is fixed, and every sentence has a field that varies
    /// (a number, a date, a name, an address).</summary>
    private static string Newsletter(int issue, string date, string editor, string handle, string host, int members, int boats, int year) =>
        $"""
        Riverside Rowing Club Weekly, issue {issue}, sent on {date} to the {members} members of the list.

        You are receiving this message because you joined the list at https://{host}/join and you can leave it there.
        This issue was put together by {editor}, who reads every letter sent to {handle}@{host} during the week.
        The club now keeps {boats} boats in the boathouse, and the oldest of them was bought in {year} by the founders.
        The committee meets on {date} in the boathouse, and {editor} will chair the meeting for the first time.
        Photographs from the week are on https://{host}/photos/{issue} where members can leave a comment for the crew.
        The spring regatta of {year} is open to all {members} members, and entries close on {date} at noon.
        Questions about the boats go to {handle}@{host}, and questions about the website go to https://{host}/help.
        Copyright {year} the Riverside Rowing Club, issue {issue}; sent to members only, so please do not forward it.
        """;

    private static readonly string IssueOne = Newsletter(27, "4 March", "Anna Berg", "anna", "club.example", 212, 14, 1987);

    private static readonly string IssueTwo = Newsletter(31, "12 April", "Tomas Lund", "tlund", "rowing.example", 230, 16, 1991);

    [Test]
    public void Verify_TwoIssuesOfOneNewsletter_AreNotSpun() =>
        Assert.That(Verify(IssueOne, IssueTwo)?.Kind, Is.Not.EqualTo(MatchKind.Spun));

    [Test]
    public void Verify_TwoIssuesOfOneNewsletter_SubstitutionsAreFieldsNotRewordings()
    {
        SpinAlignment alignment = Verifier.Aligner.Align(Analyzer.Analyze("a", IssueOne), Analyzer.Analyze("b", IssueTwo));
        Assert.That(alignment.Substitutions.Where(s => !s.IsEditLike).Select(s => s.Class), Has.None.EqualTo(SubstitutionClass.Rewording));
    }

    /// <summary>A reference entry written from one pattern: one slot (the function's name) filled the same way throughout.</summary>
    private static string Reference(string name) =>
        $"""
        This is an interface to the {name} routine of the runtime library. Calling {name} with a message prints the message
        on the error stream and returns control to the caller, who decides what happens next. The {name} routine never
        changes the state of the program by itself; it only reports. If {name} is called without a message, the routine
        uses the text of the last error, and when there is none it prints a short notice that says so. Because {name}
        writes to the error stream, its output is not buffered, and a program that calls {name} many times in a loop
        should collect the messages first. See the manual page of {name} for the full list of options it accepts.
        """;

    /// <summary><see cref="TestTexts.Lighthouse"/> followed by a tally of twenty crates, each weight from
    /// <paramref name="weight"/>: every 5-gram of the tally holds a weight.</summary>
    private static string WithTally(System.Func<int, int> weight) =>
        TestTexts.Lighthouse + "\n\n" + string.Join('\n', Enumerable.Range(1, 20).Select(i => $"crate {i} weighed {weight(i)} kilos"));

    [Test]
    public void Verify_OneTextWithATallyOfOtherNumbers_IsANearDuplicate()
    {
        // The tally's other numbers leave less than 0.8 of each text in shared 5-grams (an excerpt, by the shingles), but
        // the two align whole, a tenth of the words replaced, all of them numbers.
        Assert.That(Verify(WithTally(i => 10 + (3 * i)), WithTally(i => 12 + (5 * i)))?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    /// <summary>A short made-up page about one build property, for one tool or, made into its twin, for another.</summary>
    private static string ToolPage(string compiler, string tool, string files) =>
        $"""
        Additional options for the {compiler} compiler when it is run by the build on the files of a target. The {tool}
        tool is called once for every {files} file that the target lists among its sources, and these options are passed
        to it after the options the build sets itself, so that they win where the two disagree. The options are given as
        a list. When {tool} is not used by the target the property is ignored and nothing is run. The default is empty,
        and a project can set it for all its targets at once through the variable of the same name, which the build
        reads when each target is created.
        """;

    [Test]
    public void Verify_AShortPageMadeIntoItsTwinWithThreeWordsSwapped_IsANearDuplicateNotSpun()
    {
        // Five words of ninety changed, all through the page (spun by rate and spread before the rule), but only three
        // different ones: a spinner replaces many different words.
        PairVerdict? verdict = Verify(ToolPage("resource", "rcc", "qrc"), ToolPage("form", "uic", "ui"));
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Verify_OneSlotFilledTheSameWayManyTimes_IsNotSpun() =>
        Assert.That(Verify(Reference("shout"), Reference("murmur"))?.Kind, Is.Not.EqualTo(MatchKind.Spun));

    [Test]
    public void Verify_OneSlotFilledTheSameWayManyTimes_IsNotACopy() =>
        Assert.That(Verify(Reference("shout"), Reference("murmur")), Is.Null);

    [Test]
    public void Explain_OneSlotFilledTheSameWayManyTimes_SaysTheSlotSetTheVerdictAside() =>
        Assert.That(Verifier.Explain(Analyzer.Analyze("a", Reference("shout")), Analyzer.Analyze("b", Reference("murmur"))).Overruled, Is.EqualTo(Overruling.SlotFill));

    [Test]
    public void Explain_OneSlotFilledWithAVariantOfItsNameManyTimes_SaysTheSlotSetTheVerdictAside()
    {
        // getrowcount → putrowcount is a small spelling edit, not another word, but it fills the routine's slot every time: two
        // entries of one pattern, as getwchar and putwchar are (the rule counted it as a typo before).
        PairExplanation explanation = Verifier.Explain(Analyzer.Analyze("a", Reference("getrowcount")), Analyzer.Analyze("b", Reference("putrowcount")));
        Assert.That((explanation.Verdict, explanation.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.SlotFill)));
    }

    [Test]
    public void Verify_ACopyWithOneWordRespelledAllThrough_IsStillANearDuplicate()
    {
        // Keeper → keepar each time (a respelling keeps the word's first letter): a copy edited, not a template's slot.
        string respelled = TestTexts.Lighthouse.Replace("keeper", "keepar", System.StringComparison.Ordinal).Replace("Keeper", "Keepar", System.StringComparison.Ordinal);
        Assert.That(Verify(TestTexts.Lighthouse, respelled)?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [TestCase("re quired", "required", SubstitutionClass.Hyphenation, true, true)] // a line-end hyphen: layout, not a fill
    [TestCase("re quired", "required", SubstitutionClass.Hyphenation, false, true)]
    [TestCase("hadoop", "trino", SubstitutionClass.Identifier, true, false)] // a name fills a slot when any class counts
    [TestCase("hadoop", "trino", SubstitutionClass.Identifier, false, true)] // and not when only rewordings do
    [TestCase("shout", "murmur", SubstitutionClass.Rewording, false, false)]
    [TestCase("3.24", "3.25", SubstitutionClass.Number, true, true)]
    public void IsNotAFill_LeavesOutLayoutNumbersAndFieldsAsTheRuleAsks(string from, string to, SubstitutionClass kind, bool anyClass, bool left) =>
        Assert.That(PairVerifier.IsNotAFill(new Substitution(from, to, 2, IsEditLike: false, kind), anyClass), Is.EqualTo(left));

    [TestCase("getwchar", "putwchar", 7, true)]
    [TestCase("getwchar", "putwchar", 2, false)] // too few times to be a slot
    [TestCase("mails", "mail", 4, false)] // an inflection keeps the first letters
    [TestCase("20th", "28th", 4, false)] // a date, not a name
    [TestCase("k8s", "m8s", 4, false)] // letters and digits: a code, not a name
    public void IsVariantFill_TellsANamesVariantFromATypoOrANumber(string from, string to, int count, bool fill) =>
        Assert.That(PairVerifier.IsVariantFill(new Substitution(from, to, count, IsEditLike: true)), Is.EqualTo(fill));

    [Test]
    public void Explain_OneSlotFilledTheSameWayManyTimesAndOnceInAnIdentifier_SaysTheSlotSetTheVerdictAside()
    {
        // The slot's word names the routine in a path as well: the substitution is an identifier's fill, and still a
        // slot of words filled again and again.
        static string Named(string name) => Reference(name) + $" The routine is defined in lib/{name}.c of the runtime.";
        PairExplanation explanation = Verifier.Explain(Analyzer.Analyze("a", Named("shout")), Analyzer.Analyze("b", Named("murmur")));
        Assert.That((explanation.Verdict, explanation.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.SlotFill)));
    }

    [Test]
    public void Verify_ALongTextWithOneNewWordPutInThreeTimes_IsStillANearDuplicate()
    {
        // Three swaps to one word are too few to be a template's slot: the rest of the text is copied word for word.
        string[] words = TestTexts.MadeUpWords();
        string[] copy = (string[])words.Clone();
        foreach (int i in new[] { 40, 100, 160 })
        {
            copy[i] = "kelpie";
        }

        Assert.That(Verify(string.Join(' ', words), string.Join(' ', copy))?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    /// <summary>A library reference page whose one slot, a function's name, comes in variants (the name, and the name
    /// with f or l for its float and long double forms), and whose summary line names what the function computes.</summary>
    private static string MathPage(string name, string what) =>
        $"""
        {name}, {name}f, {name}l - {what} function. Synopsis: double {name}(double x); float {name}f(float x); long
        double {name}l(long double x). Link with the maths library. Description: these functions return the {what} of x.
        Return value: on success, {name} returns the {what} of x. If x is a NaN, a NaN is returned. If the result
        overflows, a range error occurs, and the functions return a large value with the sign of the correct result.
        Errors: see the maths error page for how to tell which error occurred when calling {name}f or {name}l.
        Attributes: {name}, {name}f and {name}l are thread safe. Conforming to the standards of the language, which
        define {name} for every floating type. See also the pages of the other functions that compute a value of x.
        """;

    [Test]
    public void FindAllPairs_TwentyFourPagesOfOneTemplateBesideASpunArticle_OnlyTheArticleAndItsCopyArePaired()
    {
        // Each page pair aligns all through with its name and summary reworded; what they keep is the frame all
        // twenty-four carry, while the article and its spun copy keep a skeleton only they hold.
        string[] names = ["acos", "asin", "atan", "cosh", "sinh", "tanh", "expm", "logp", "cbrt", "erfc", "tgam", "ilgb", "fdim", "fmax", "fmin", "hypo", "ldex", "frex", "modf", "nexa", "remq", "rint", "lrin", "trun"];
        string[] whats = ["arc cosine", "arc sine", "arc tangent", "hyperbolic cosine", "hyperbolic sine", "hyperbolic tangent", "exponential less one", "logarithm of one more", "cube root", "complementary error", "gamma", "binary exponent", "positive difference", "larger value", "smaller value", "hypotenuse", "scaled power", "mantissa", "fractional part", "next value", "remainder and quotient", "rounded integer", "rounded long", "truncated integer"];
        var documents = names.Select((n, i) => Analyzer.Analyze(n, MathPage(n, whats[i]))).ToList();
        string spun = new Spinner(SpinTables.Content).Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.4, Seed = 7 }).Text;
        documents.Add(Analyzer.Analyze("harbour", SpinTexts.Harbour));
        documents.Add(Analyzer.Analyze("spun", spun));
        Assert.That(
            NearDupIndex.FindAllPairs(documents).Select(v => (v.A, v.B, v.Kind)),
            Is.EqualTo(new[] { ("harbour", "spun", MatchKind.Spun) }));
    }

    /// <summary>A made-up command reference page: one entry per kind of record, each written from one pattern, the kind
    /// named in other words in every entry (so no one slot word fills most of the page).</summary>
    private static string CommandPage(params (string Command, string Plural, string Those, string One, string Detail)[] entries) =>
        string.Join("\n\n", entries.Select(e =>
            $"{e.Command} [ pattern ] Lists {e.Plural}. If pattern is specified, only {e.Those} whose names match the pattern are listed. "
            + $"If + is appended to the command name, each {e.One} is listed with its {e.Detail}, and the list is sorted by name."));

    private static readonly string HarbourCommands = CommandPage(
        (@"\bs", "boat sheds", "those sheds", "shed", "mooring fee and owner"),
        (@"\cr", "rowing crews", "crews", "crew", "coach and weekly training hours"),
        (@"\rg", "spring regattas", "regattas", "race day", "course length and prizes"),
        (@"\mb", "club members", "members", "member", "joining date and locker number"),
        (@"\oa", "oars in the store", "oars", "oar", "blade shape and length"),
        (@"\tr", "trailers", "the trailers", "trailer", "plate and axle load"));

    private static readonly string GardenCommands = CommandPage(
        (@"\pl", "garden plots", "plots", "plot", "tenant and soil report"),
        (@"\sd", "seed packets", "those packets", "packet", "sowing month and supplier"),
        (@"\tl", "shared tools", "the tools", "tool", "borrower and return date"),
        (@"\hv", "harvest records", "records", "harvest", "weight and picking day"),
        (@"\wt", "water butts", "butts", "butt", "capacity and tap height"),
        (@"\cp", "compost heaps", "heaps", "heap", "age and turning rota"));

    [Test]
    public void Verify_TwoReferencePagesOfEntriesFromOnePattern_AreNotSpun() =>
        // The aligner pairs one page's entries with the other's, their subjects looking like rewordings spread all
        // through; but what the pair keeps is the pattern each page repeats entry after entry.
        Assert.That(Verify(HarbourCommands, GardenCommands)?.Kind, Is.Not.EqualTo(MatchKind.Spun));

    [Test]
    public void Verify_TwoLibraryPagesWhoseSlotNameComesInVariants_IsNotSpun() =>
        Assert.That(Verify(MathPage("acos", "arc cosine"), MathPage("atanh", "inverse hyperbolic tangent"))?.Kind, Is.Not.EqualTo(MatchKind.Spun));

    [Test]
    public void Verify_OneSlotFilledByTwoNamesInTurn_IsNotSpun()
    {
        // The page for "shout" against one whose name slot holds "murmur" in its first half and "whisper" in its
        // second: two distinct replacements, each many times, all of one word of A.
        string original = Reference("shout");
        string[] halves = Reference("murmur").Split(". ");
        string filled = string.Join(". ", halves.Take(halves.Length / 2)) + ". " + string.Join(". ", Reference("whisper").Split(". ").Skip(halves.Length / 2));
        Assert.That(Verify(original, filled)?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }

    private static string Replace(string[] words, int[] at)
    {
        var copy = (string[])words.Clone();
        foreach (int i in at)
        {
            copy[i] = "xy" + copy[i];
        }

        return string.Join(' ', copy);
    }

    [Test]
    public void Verify_TwelveRewordingsSpreadThroughTheText_IsSpun()
    {
        string[] words = TestTexts.MadeUpWords();
        int[] spread = Enumerable.Range(0, 12).Select(k => 8 + (16 * k)).ToArray();
        Assert.That(Verify(string.Join(' ', words), Replace(words, spread))?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_TwelveRewordingsInOneCornerOfTheText_IsNotSpun()
    {
        string[] words = TestTexts.MadeUpWords();
        int[] corner = Enumerable.Range(0, 12).Select(k => 2 + (2 * k)).ToArray();
        Assert.That(Verify(string.Join(' ', words), Replace(words, corner))?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Measure_EveryEighthWordChanged_CoverageCountsOnlyTheTokensUnderSharedShingles()
    {
        // Runs of 7 kept words between changed ones: each run holds 3 shared 5-grams that cover all 7 of its words, and
        // the changed words are under none. 70 of 80 words are shared, though one passage spans the whole text.
        string[] words = TestTexts.MadeUpWords().Take(80).ToArray();
        string changed = Replace(words, Enumerable.Range(0, 10).Select(k => 7 + (8 * k)).ToArray());
        PairFigures f = Verifier.Measure(Analyzer.Analyze("a", string.Join(' ', words)), Analyzer.Analyze("b", changed), out _);
        Assert.That((f.CoverageA, f.CoverageB), Is.EqualTo((70 / 80.0, 70 / 80.0)));
    }
}
