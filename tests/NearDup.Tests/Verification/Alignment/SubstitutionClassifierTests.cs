using System;
using System.Linq;
using NearDup.Text;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

public class SubstitutionClassifierTests
{
    /// <summary>Classifies the replacement of the words <paramref name="from"/> of <paramref name="a"/> by the words
    /// <paramref name="to"/> of <paramref name="b"/> (each a run of consecutive content tokens, found by their text).</summary>
    private static SubstitutionClass Classify(string a, string from, string b, string to, bool capitalsMarkNames = true, FunctionWords? functionWords = null)
    {
        Token[] ta = Tokenizer.Tokenize(a).Where(t => t.IsContent).ToArray();
        Token[] tb = Tokenizer.Tokenize(b).Where(t => t.IsContent).ToArray();
        return SubstitutionClassifier.Classify(a, Run(a, ta, from), b, Run(b, tb, to), Normalised(a, Run(a, ta, from)), Normalised(b, Run(b, tb, to)), capitalsMarkNames, functionWords);
    }

    private static ReadOnlySpan<Token> Run(string text, Token[] tokens, string words)
    {
        int at = text.IndexOf(words, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"'{words}' is in the text");
        int first = Array.FindIndex(tokens, t => t.Start >= at);
        int last = Array.FindLastIndex(tokens, t => t.End <= at + words.Length);
        return tokens.AsSpan(first, last - first + 1);
    }

    private static string Normalised(string text, ReadOnlySpan<Token> tokens)
    {
        var parts = new string[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            parts[i] = Tokenizer.NormalizedForm(text, tokens[i]);
        }

        return string.Join(' ', parts);
    }

    [Test]
    public void Classify_OrdinaryWords_IsRewording() =>
        Assert.That(Classify("the boats left the quay early", "boats", "the vessels left the quay early", "vessels"), Is.EqualTo(SubstitutionClass.Rewording));

    [Test]
    public void Classify_ANumberOnOneSide_IsNumber() =>
        Assert.That(Classify("issue 27 is out today", "27", "issue thirty is out today", "thirty"), Is.EqualTo(SubstitutionClass.Number));

    [Test]
    public void Classify_WordsOfAnEmailAddress_IsIdentifier() =>
        Assert.That(Classify("write to jonas@post.example today", "jonas", "write to ida@mail.example today", "ida"), Is.EqualTo(SubstitutionClass.Identifier));

    [Test]
    public void Classify_WordsOfAWebAddress_IsIdentifier() =>
        Assert.That(Classify("see http://one.example/ports for it", "one", "see http://two.example/news for it", "two"), Is.EqualTo(SubstitutionClass.Identifier));

    [Test]
    public void Classify_AnInstanceIdCutAtItsHyphen_IsIdentifier() =>
        Assert.That(Classify("Detaching instance i-030017cfa84b20135 now.", "030017cfa84b20135", "Detaching instance i-061c63c5eb45f0416 now.", "061c63c5eb45f0416"), Is.EqualTo(SubstitutionClass.Identifier));

    [Test]
    public void Classify_ARequestIdCutAtItsHyphensForAnother_IsIdentifier() =>
        Assert.That(
            Classify("The request id is 142928e1 a2dc 453a today.", "142928e1 a2dc 453a", "The request id is 5091cb52 547a 47ce today.", "5091cb52 547a 47ce"),
            Is.EqualTo(SubstitutionClass.Identifier));

    [Test]
    public void Classify_AWordBesideACode_IsWhatTheWordsMakeIt() =>
        Assert.That(Classify("Run create x509 first.", "create x509", "Run update saml first.", "update saml"), Is.EqualTo(SubstitutionClass.Rewording));

    [TestCase("a236", true)]
    [TestCase("47ce", true)]
    [TestCase("0a823edbdeexample", true)]
    [TestCase("mp3", true)]
    [TestCase("1st", false)]
    [TestCase("22nd", false)]
    [TestCase("80s", false)]
    [TestCase("2024", false)]
    [TestCase("harbour", false)]
    public void IsCode_LettersAndDigitsMixed_IsACodeUnlessAnOrdinalOrADecade(string token, bool code) =>
        Assert.That(SubstitutionClassifier.IsCode(token), Is.EqualTo(code));

    [Test]
    public void Classify_CamelCaseWord_IsIdentifier() =>
        Assert.That(Classify("call the getValue method first", "getValue", "call the setValue method first", "setValue"), Is.EqualTo(SubstitutionClass.Identifier));

    [Test]
    public void Classify_CapitalisedMidSentenceOnBothSides_IsName() =>
        Assert.That(Classify("the talk by Anna Berg was long", "Anna Berg", "the talk by Tomas Lund was long", "Tomas Lund"), Is.EqualTo(SubstitutionClass.Name));

    [Test]
    public void Classify_CapitalisedMidSentenceWhereCapitalsDoNotMarkNames_IsRewording() =>
        Assert.That(Classify("the talk by Anna Berg was long", "Anna Berg", "the talk by Tomas Lund was long", "Tomas Lund", capitalsMarkNames: false), Is.EqualTo(SubstitutionClass.Rewording));

    // A contributor list in alphabetical order, as two releases' notes carry it: one member dropped and two put in.
    private const string ListA = "Thanks to Ada Aro, Anna Berg, Bo Dahl, Carl Ek, Dora Falk, Erik Gran, Frida Holm, Gustav Ivarsson and others.";
    private const string ListB = "Thanks to Ada Aro, Anna Berg, Bo Dahl, Cecilia Ahl, Clas Borg, Dora Falk, Erik Gran, Frida Holm, Gustav Ivarsson and others.";

    /// <summary>Whether replacing the words <paramref name="from"/> of <paramref name="a"/> by <paramref name="to"/> of
    /// <paramref name="b"/> changes an alphabetical list's members.</summary>
    private static bool Membership(string a, string from, string b, string to)
    {
        Token[] ta = Tokenizer.Tokenize(a).Where(t => t.IsContent).ToArray();
        Token[] tb = Tokenizer.Tokenize(b).Where(t => t.IsContent).ToArray();
        return SubstitutionClassifier.IsListMembership(a, Run(a, ta, from), b, Run(b, tb, to));
    }

    [Test]
    public void IsListMembership_NamesReplacedInAnAlphabeticalList_IsTrue() =>
        Assert.That(Membership(ListA, "Carl Ek", ListB, "Cecilia Ahl, Clas Borg"), Is.True);

    [Test]
    public void IsListMembership_OneNameForAnotherWithAnotherFirstWord_IsTrue() =>
        Assert.That(Membership(ListA, "Carl Ek", ListA.Replace("Carl Ek", "Cora Eng", StringComparison.Ordinal), "Cora Eng"), Is.True);

    [Test]
    public void IsListMembership_ItemsOfASortedListReworded_KeepingTheirFirstWords_IsFalse()
    {
        // A spinner's catalogue: the head nouns replaced, the first words and so the order kept.
        const string a = "We stock Bench Seat, Chair Leg, Garden Fork, Hand Trowel, Rake Head, Sofa Arm in every store.";
        const string b = "We stock Bench Seat, Chair Leg, Garden Pitchfork, Hand Trowel, Rake Head, Sofa Arm in every store.";
        Assert.That(Membership(a, "Fork", b, "Pitchfork"), Is.False);
    }

    [Test]
    public void IsListMembership_ItemsOfASortedListRewordedWithNoBreakSpaces_IsFalse()
    {
        // The catalogue above with no-break spaces inside its items: "Garden" is still the first word of both.
        const string a = "We stock Bench\u00A0Seat, Chair\u00A0Leg, Garden\u00A0Fork, Hand\u00A0Trowel, Rake\u00A0Head, Sofa\u00A0Arm in every store.";
        string b = a.Replace("Fork", "Pitchfork", StringComparison.Ordinal);
        Assert.That(Membership(a, "Fork", b, "Pitchfork"), Is.False);
    }

    [Test]
    public void IsListMembership_NamesReplacedInAListOutOfOrder_IsFalse()
    {
        // The same members with the list's order broken (Dora before Bo): a list a spinner could have made.
        string a = ListA.Replace("Bo Dahl, Carl Ek, Dora Falk", "Dora Falk, Carl Ek, Bo Dahl", StringComparison.Ordinal);
        string b = ListB.Replace("Bo Dahl, Cecilia Ahl, Clas Borg, Dora Falk", "Dora Falk, Cecilia Ahl, Clas Borg, Bo Dahl", StringComparison.Ordinal);
        Assert.That(Membership(a, "Carl Ek", b, "Cecilia Ahl, Clas Borg"), Is.False);
    }

    [Test]
    public void IsListMembership_OnlyOneSideInAnAlphabeticalList_IsFalse()
    {
        string b = ListB.Replace("Bo Dahl, Cecilia Ahl, Clas Borg, Dora Falk", "Dora Falk, Cecilia Ahl, Clas Borg, Bo Dahl", StringComparison.Ordinal);
        Assert.That(Membership(ListA, "Carl Ek", b, "Cecilia Ahl, Clas Borg"), Is.False);
    }

    [Test]
    public void IsListMembership_ANumberInTheItem_IsFalse() =>
        Assert.That(Membership(ListA.Replace("Carl Ek", "Carl Ek 2", StringComparison.Ordinal), "Carl Ek 2", ListB, "Cecilia Ahl, Clas Borg"), Is.False);

    [Test]
    public void IsListMembership_MoreItemsTouchedThanRead_IsFalse()
    {
        // Five items of A replaced by one of B.
        const string a = "Ada Aro, Anna Berg, Bo Dahl, Ca Da, Cb Db, Cc Dc, Cd Dd, Ce De, Dora Falk, Erik Gran, Frida Holm, end.";
        const string b = "Ada Aro, Anna Berg, Bo Dahl, Cz Dz, Dora Falk, Erik Gran, Frida Holm, end.";
        Assert.That(Membership(a, "Ca Da, Cb Db, Cc Dc, Cd Dd, Ce De", b, "Cz Dz"), Is.False);
    }

    [Test]
    public void IsListMembership_TheThirdItemOfAList_HasNoTwoNeighboursBetweenCommasBefore() =>
        Assert.That(Membership(ListA, "Bo Dahl", ListB.Replace("Bo Dahl", "Bert Dahl", StringComparison.Ordinal), "Bert Dahl"), Is.False);

    [Test]
    public void IsListMembership_TheFourthItemOfAList_HasTwo() =>
        Assert.That(Membership(ListA, "Carl Ek", ListA.Replace("Carl Ek", "Cyd Ek", StringComparison.Ordinal), "Cyd"), Is.True);

    [Test]
    public void InAlphabeticalList_LowerCaseItem_IsNoList() =>
        Assert.That(InList("we took, say, apples, bread, cheese, dates, eggs, figs, grapes home", "dates"), Is.EqualTo(0));

    [Test]
    public void InAlphabeticalList_ProseWithCommasAndCapitals_IsNoList() =>
        Assert.That(InList("Later, When the boats came in, Anna counted them, Bo wrote the list, Carl slept, and the quay, wet as it was, emptied.", "Bo wrote the list"), Is.EqualTo(0));

    [Test]
    public void InAlphabeticalList_TwoItemsTouched_CountsTwo() =>
        Assert.That(InList(ListB, "Cecilia Ahl, Clas Borg"), Is.EqualTo(2));

    private static int InList(string text, string words)
    {
        Token[] tokens = Tokenizer.Tokenize(text).Where(t => t.IsContent).ToArray();
        return SubstitutionClassifier.InAlphabeticalList(text, Run(text, tokens, words), new (int, int)[SubstitutionClassifier.MaxTouchedItems]);
    }

    [Test]
    public void Classify_CapitalOnlyBecauseASentenceStarts_IsRewording() =>
        Assert.That(Classify("It rained. Boats stayed in.", "Boats", "It rained. Vessels stayed in.", "Vessels"), Is.EqualTo(SubstitutionClass.Rewording));

    [Test]
    public void Classify_SameLettersSplitDifferently_IsHyphenation() =>
        Assert.That(Classify("a short exam ple of it", "exam ple", "a short example of it", "example"), Is.EqualTo(SubstitutionClass.Hyphenation));

    [Test]
    public void Classify_AWordSaidAsAPhraseOfThree_IsRewording() =>
        Assert.That(Classify("for centuries the quay stood", "centuries", "for hundreds of years the quay stood", "hundreds of years"), Is.EqualTo(SubstitutionClass.Rewording));

    [Test]
    public void Classify_AWordReplacedByFiveOthers_IsOtherText() =>
        Assert.That(Classify("under the new rules we send", "new", "under the proposed federal rules for commercial mail we send", "proposed federal rules for commercial mail"), Is.EqualTo(SubstitutionClass.OtherText));

    [Test]
    public void Classify_APrepositionForAnother_IsGrammar() =>
        Assert.That(Classify("move the name under report four", "under", "move the name in report four", "in", functionWords: FunctionWords.English), Is.EqualTo(SubstitutionClass.Grammar));

    [Test]
    public void Classify_AContractionWrittenOut_IsGrammar() =>
        Assert.That(Classify("see how it doesn't work", "doesn't", "see how it does not work", "does not", functionWords: FunctionWords.English), Is.EqualTo(SubstitutionClass.Grammar));

    [Test]
    public void Classify_AFunctionWordForAContentWord_IsRewording() =>
        Assert.That(Classify("save the list including the names", "including", "save the list with the names", "with", functionWords: FunctionWords.English), Is.EqualTo(SubstitutionClass.Rewording));

    [Test]
    public void Classify_FunctionWordsWhenNoneAreKnown_IsRewording() =>
        Assert.That(Classify("move the name under report four", "under", "move the name in report four", "in"), Is.EqualTo(SubstitutionClass.Rewording));

    [Test]
    public void CapitalsMarkNames_EnglishProseWithAFewNames_IsTrue()
    {
        const string text = "The ferry from Oslo left late because the crew waited for the mail, and the passengers read in the lounge.";
        Assert.That(SubstitutionClassifier.CapitalsMarkNames(text, Tokenizer.Tokenize(text).Where(t => t.IsContent).ToArray()), Is.True);
    }

    [Test]
    public void CapitalsMarkNames_TextThatCapitalisesEveryNoun_IsFalse()
    {
        const string text = "Die Fähre aus Oslo fuhr spät ab, weil die Mannschaft auf die Post wartete und die Fahrgäste in der Halle lasen.";
        Assert.That(SubstitutionClassifier.CapitalsMarkNames(text, Tokenizer.Tokenize(text).Where(t => t.IsContent).ToArray()), Is.False);
    }

    [Test]
    public void StartsSentence_AnswersAsItsScalarOracleAtEveryPositionOfSeededTexts()
    {
        // Every character class the scalar code tells apart, ASCII and not, and ordinary letters between them.
        const string Alphabet = "aB1 \t\n\r\v\f\u001c\u0085\u00a0\u2028\u3000\"'(«“‘¿¡.!?:…。！？,;-)»”]xé";
        var random = new Random(20261206);
        int starts = 0;
        for (int round = 0; round < 2_000; round++)
        {
            char[] chars = new char[random.Next(1, 12)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = Alphabet[random.Next(Alphabet.Length)];
            }

            string text = new(chars);
            for (int start = 0; start <= text.Length; start++)
            {
                bool expected = SubstitutionClassifier.StartsSentenceScalar(text, start);
                starts += expected ? 1 : 0;
                Assert.That(SubstitutionClassifier.StartsSentence(text, start), Is.EqualTo(expected), $"'{text}' at {start}");
            }
        }

        Assert.That(starts, Is.GreaterThan(1_000), "the texts hold sentence starts and other positions alike");
    }

    [TestCase("Rain fell. Then it", 11, true)]
    [TestCase("Rain fell \u00ab Then", 12, false)]
    [TestCase("Rain fell.\u00a0\"Then", 12, true)]
    [TestCase("Rain fell, then", 11, false)]
    [TestCase("line one\r\nNext", 10, true)]
    [TestCase("  Then", 2, true)]
    public void StartsSentence_KnownPlaces(string text, int start, bool expected) =>
        Assert.That(SubstitutionClassifier.StartsSentence(text, start), Is.EqualTo(expected));
}
