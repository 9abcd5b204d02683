using System;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Text;

/// <summary>Look-alike letters of other scripts fold to the Latin letters they imitate before tokens are hashed.</summary>
public class ConfusablesTests
{
    /// <summary>Latin letters and the Cyrillic and Greek look-alikes a spam spinner swaps in for them.</summary>
    private static readonly (char Latin, char LookAlike)[] Swaps =
    [
        ('a', '\u0430'), ('c', '\u0441'), ('e', '\u0435'), ('i', '\u0456'), ('o', '\u043E'), ('p', '\u0440'), ('x', '\u0445'),
        ('y', '\u0443'), ('A', '\u0391'), ('B', '\u0392'), ('E', '\u0395'), ('H', '\u0397'), ('K', '\u039A'), ('M', '\u039C'),
        ('O', '\u039F'), ('T', '\u03A4'),
    ];

    /// <summary>The text with each swappable letter replaced by its look-alike with probability <paramref name="rate"/>.</summary>
    private static string SwapLetters(string text, double rate, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int k = Array.FindIndex(Swaps, s => s.Latin == c);
            sb.Append(k >= 0 && random.NextDouble() < rate ? Swaps[k].LookAlike : c);
        }

        return sb.ToString();
    }

    private static ulong Hash(string word, bool fold = true)
    {
        var tokens = new Token[word.Length];
        int n = Tokenizer.Tokenize(word, tokens, fold, hashWholeTokens: true);
        Assert.That(n, Is.EqualTo(1), $"'{word}' is one token");
        return tokens[0].Hash;
    }

    [Test]
    public void Available_OnAMachineWithIcu_IsTrue() =>
        Assert.That(Confusables.Available, Is.True);

    [Test]
    public void Tokenize_WordWithCyrillicLookAlikes_HashesAsTheLatinWord() =>
        Assert.That(Hash("S\u0440\u0435\u0441\u0456\u0430l"), Is.EqualTo(Hash("Special")));

    [Test]
    public void Tokenize_WordWithGreekCapitalLookAlikes_HashesAsTheLatinWord() =>
        Assert.That(Hash("\u0391\u0392\u039F"), Is.EqualTo(Hash("ABO")));

    [Test]
    public void Tokenize_WithoutFolding_KeepsTheLookAlikesApart() =>
        Assert.That(Hash("S\u0440\u0435\u0441\u0456\u0430l", fold: false), Is.Not.EqualTo(Hash("Special", fold: false)));

    [Test]
    public void Tokenize_AccentedLatinLetter_IsNotFolded() =>
        Assert.That(Hash("café"), Is.EqualTo(Tokenizer.HashNormalized("café")));

    [Test]
    public void Tokenize_ChineseCharacter_IsNotFolded() =>
        Assert.That(Hash("中"), Is.EqualTo(Tokenizer.HashNormalized("中")));

    [TestCase(0.1, 1)]
    [TestCase(0.25, 2)]
    [TestCase(0.4, 3)]
    public void FindAllPairs_CopyWithLettersSwappedForLookAlikes_IsANearDuplicate(double rate, int seed)
    {
        string swapped = SwapLetters(SpinTexts.Harbour, rate, seed);
        Assume.That(swapped, Is.Not.EqualTo(SpinTexts.Harbour));
        var analyzer = new DocumentAnalyzer();
        AnalyzedDocument[] docs = [analyzer.Analyze("original", SpinTexts.Harbour), analyzer.Analyze("copy", swapped), analyzer.Analyze("other", SpinTexts.Orchard)];
        Assert.That(NearDupIndex.FindAllPairs(docs).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("original", "copy", MatchKind.NearDuplicate) }));
    }

    [Test]
    public void Query_CopyWithLettersSwappedForLookAlikes_FindsTheOriginalWithPassagesInTheCopysOwnCharacters()
    {
        string swapped = SwapLetters(SpinTexts.Harbour, 0.3, 7);
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("original", SpinTexts.Harbour);
        PairVerdict verdict = index.Query(swapped, "copy").Single();
        AlignedPassage longest = verdict.Passages[0];
        Assert.That(
            (verdict.Kind, swapped[longest.BStart..longest.BEnd].Any(c => c > 127)),
            Is.EqualTo((MatchKind.NearDuplicate, true)));
    }

    [Test]
    public void FindAllPairs_LookAlikeCopyUnderOptionsThatDoNotFold_IsOnlySeenAsReworded()
    {
        var options = new IndexOptions(new AnalysisOptions(foldConfusables: false));
        var analyzer = new DocumentAnalyzer(options.Analysis);
        AnalyzedDocument[] docs = [analyzer.Analyze("original", SpinTexts.Harbour), analyzer.Analyze("copy", SwapLetters(SpinTexts.Harbour, 0.4, 3))];
        // Without the fold, the swapped words are other words: only the word pairs (whose stems are a word's first
        // letters, often untouched) still propose the pair, and the verifier sees rewordings, not a near-duplicate.
        Assert.That(NearDupIndex.FindAllPairs(docs, options).Select(v => v.Kind), Is.EqualTo(new[] { MatchKind.Spun }));
    }
}
