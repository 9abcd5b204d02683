using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

public class FunctionWordLearnerTests
{
    private static readonly string[] Invented = [.. InventedLanguage.FunctionWordSpellings.Order(StringComparer.Ordinal)];

    private static List<string> InventedDocuments(int count, int seed, string? extra = null)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => InventedLanguage.Document(random, extra: extra))];
    }

    private static List<string> EnglishDocuments(int count, int seed, string? extra = null)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => InventedLanguage.EnglishDocument(random, extra: extra))];
    }

    private static string[] Learned(IEnumerable<string> texts) => [.. FunctionWordLearner.Learn(texts).Words.Order(StringComparer.Ordinal)];

    [Test]
    public void Learn_DocumentsOfAnInventedLanguage_LearnsExactlyItsFunctionWords() =>
        Assert.That(Learned(InventedDocuments(30, 1)), Is.EqualTo(Invented));

    [Test]
    public void Learn_DocumentsOfAnInventedLanguage_LearnedSetHoldsTheWordsHashes() =>
        Assert.That(FunctionWordLearner.Learn(InventedDocuments(30, 1)).Learned.SetEquals(InventedLanguage.FunctionWordList), Is.True);

    [Test]
    public void Learn_InventedLanguageBesideEnglishDocuments_LearnsItsFunctionWordsAndCountsItsDocumentsAlone()
    {
        FunctionWordLearning learning = FunctionWordLearner.Learn(EnglishDocuments(40, 2).Concat(InventedDocuments(10, 3)));
        Assert.That((learning.Words.Order(StringComparer.Ordinal), learning.Documents, learning.Teaching), Is.EqualTo((Invented, 50, 10)));
    }

    [Test]
    public void Learn_EnglishDocuments_LearnsNothing()
    {
        FunctionWordLearning learning = FunctionWordLearner.Learn(EnglishDocuments(30, 4));
        Assert.That((learning.Words.Count, learning.Learned.Count, learning.Teaching), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public void Learn_FewerDocumentsThanMinFrequentDocuments_LearnsNothing() =>
        Assert.That(Learned(InventedDocuments(FunctionWordLearner.MinFrequentDocuments - 1, 5)), Is.Empty);

    [Test]
    public void Learn_DocumentsDominatedByOneWord_TeachNothing()
    {
        // A table written as text: "reserved" a third of the running words.
        var random = new Random(6);
        var tables = Enumerable.Range(0, 20).Select(_ => string.Join(' ', InventedLanguage.Document(random).Split(' ').Select((w, i) => i % 3 == 0 ? "reserved" : w)));
        Assert.That(FunctionWordLearner.Learn(tables).Teaching, Is.Zero);
    }

    [Test]
    public void Learn_WordsJoinedByMarkup_TeachNothing()
    {
        // Attributes and values, not running text: no run of six words with only white space between them.
        var random = new Random(7);
        var markup = Enumerable.Range(0, 20).Select(_ => string.Join(' ', InventedLanguage.Document(random).Split(' ').Chunk(2).Select(p => string.Join("=", p))));
        Assert.That(FunctionWordLearner.Learn(markup).Teaching, Is.Zero);
    }

    [Test]
    public void Learn_AWordTheEnglishDocumentsUseToo_IsNotLearned() =>
        // "gcloud" is frequent throughout the invented documents, but English running text uses it as well: a subject's
        // word, not the other language's function word.
        Assert.That(Learned(InventedDocuments(20, 8, extra: "gcloud").Concat(EnglishDocuments(40, 9, extra: "gcloud"))), Is.EqualTo(Invented));

    [Test]
    public void Learn_AWordOnlyTheOtherLanguageUses_IsLearned() =>
        // The control of the test above: without English documents using it, "gcloud" is learned like the rest.
        Assert.That(Learned(InventedDocuments(20, 8, extra: "gcloud").Concat(EnglishDocuments(40, 9))), Is.EqualTo(Invented.Append("gcloud").Order(StringComparer.Ordinal)));

    [Test]
    public void Learn_AWordInOneSectionOfEachDocument_IsNotLearned()
    {
        // A term standing in the first quarter of each document only, however often: frequent, but not throughout.
        var random = new Random(10);
        var documents = Enumerable.Range(0, 20).Select(_ => "zorbax zorbax zorbax zorbax zorbax ek zorbax ul zorbax vo " + InventedLanguage.Document(random, words: 300));
        Assert.That(Learned(documents), Is.EqualTo(Invented));
    }

    [Test]
    public void Learn_ObservedOnManyThreadsOrInReverse_LearnsTheSameWordsInTheSameOrder()
    {
        List<string> texts = [.. InventedDocuments(25, 11), .. EnglishDocuments(25, 12)];
        var parallel = new FunctionWordLearner();
        Parallel.ForEach(texts, t => parallel.Observe(t));
        IReadOnlyList<string> inOrder = FunctionWordLearner.Learn(texts).Words;
        IReadOnlyList<string> reversed = FunctionWordLearner.Learn(Enumerable.Reverse(texts)).Words;
        Assert.That((parallel.Learn().Words, reversed), Is.EqualTo((inOrder, inOrder)));
    }

    [Test]
    public void Learn_KnownWordsOfTheOptions_AreNotLearnedAgain()
    {
        var options = new AnalysisOptions(functionWords: new FunctionWords(["ek", "ul"]));
        Assert.That(FunctionWordLearner.Learn(InventedDocuments(30, 13), options).Words.Order(StringComparer.Ordinal).ToArray(), Is.EqualTo(Invented.Except(["ek", "ul"]).ToArray()));
    }

    [Test]
    public void Observe_TokensOfALongerText_ThrowsArgumentExceptionNamingTokens() =>
        Assert.That(() => new FunctionWordLearner().Observe("ek ul", Tokenizer.Tokenize("ek ul vo sen")), Throws.ArgumentException.With.Property("ParamName").EqualTo("tokens"));

    [Test]
    public void Learn_NullText_ThrowsArgumentNullExceptionNamingTexts() =>
        Assert.That(() => FunctionWordLearner.Learn(["ek ul", null!]), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("texts"));

    [Test]
    public void IsUncovered_InventedLanguageText_IsTrue() =>
        Assert.That(Uncovered(InventedLanguage.Document(new Random(14))), Is.True);

    [Test]
    public void IsUncovered_EnglishText_IsFalse() =>
        Assert.That(Uncovered("The mill was built in the year of the flood, and it stood by the river for a hundred years."), Is.False);

    [Test]
    public void IsUncovered_DataWithoutRunningText_IsFalse() =>
        // Nothing tells its language: no run of six words with only white space between them.
        Assert.That(Uncovered("id=ek; name=ul; role=vo; zone=sen; size=ir; kind=og; mode=pa"), Is.False);

    [Test]
    public void IsUncovered_ContentTokensOnly_AnswersAsAllTokens()
    {
        // Seeded texts of English and invented words, numbers, punctuation, symbols and gaps of every width, so that runs
        // are made and broken every way; the answers must agree, and both must occur.
        string[] words = ["the", "of", "and", "in", "is", .. InventedLanguage.FunctionWordSpellings, "kalomi", "tureni", "vosa"];
        string[] between = [" ", " ", " ", "  ", "   ", "\n   ", ", ", ". ", " 12 ", " = ", "<", " — ", "\t"];
        var random = new Random(15);
        var answers = new HashSet<bool>();
        for (int n = 0; n < 2000; n++)
        {
            var text = new StringBuilder();
            for (int w = random.Next(1, 40); w > 0; w--)
            {
                text.Append(words[random.Next(words.Length)]).Append(between[random.Next(between.Length)]);
            }

            string t = text.ToString();
            Token[] all = Tokenizer.Tokenize(t);
            Token[] content = [.. all.Where(x => x.IsContent)];
            bool fromAll = FunctionWordLearner.IsUncovered(t, all, FunctionWords.English);
            Assert.That(FunctionWordLearner.IsUncovered(t, content, FunctionWords.English), Is.EqualTo(fromAll), t);
            answers.Add(fromAll);
        }

        Assert.That(answers, Is.EquivalentTo(new[] { false, true }));
    }

    [Test]
    public void Observe_TokensGiven_LearnsAsObservingTheText()
    {
        List<string> texts = InventedDocuments(20, 16);
        var fromTokens = new FunctionWordLearner();
        foreach (string t in texts)
        {
            fromTokens.Observe(t, [.. Tokenizer.Tokenize(t).Where(x => x.IsContent)]);
        }

        Assert.That(fromTokens.Learn().Words, Is.EqualTo(FunctionWordLearner.Learn(texts).Words));
    }

    [TestCase(" ", true)]
    [TestCase("  ", true)]
    [TestCase("   ", false)]
    [TestCase("\n        ", true)]
    [TestCase("\r\n", true)]
    [TestCase("", false)]
    [TestCase(" = ", false)]
    [TestCase("<", false)]
    public void IsWordGap_Gap_IsRunningTextsWhenWhiteSpaceOnly(string gap, bool expected) =>
        Assert.That(FunctionWordLearner.IsWordGap(gap), Is.EqualTo(expected));

    private static bool Uncovered(string text) => FunctionWordLearner.IsUncovered(text, Tokenizer.Tokenize(text), FunctionWords.English);
}
