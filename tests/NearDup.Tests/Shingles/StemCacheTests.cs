using System;
using System.Linq;
using System.Text;
using NearDup.Shingles;
using NearDup.Tests.Support;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class StemCacheTests
{
    [Test]
    public void Stem_OverThousandsOfRepeatedAndEvictedWords_IsTheComputedStem()
    {
        // More distinct words than the table has entries, each used several times, in Latin, Cyrillic, Greek and with
        // accents and capitals: every answer, a hit, a miss or after an eviction, must be the stem computing gives.
        const string Letters = "abcdefghijklmnopqrstuvwxyzéüñçабвгдежзαβγδΑΒΓ";
        var random = new Random(20261206);
        string[] vocabulary = Enumerable.Range(0, 9_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(3, 14)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray()))
            .ToArray();
        var text = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            string word = vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))];
            text.Append(random.Next(4) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(' ');
        }

        string s = text.ToString();
        var cache = new StemCache();
        int words = 0;
        foreach (bool fold in new[] { true, false, true })
        {
            // Tokenised under the same setting, as analysis does: the token hash is of the form that setting gives.
            var tokens = new Token[s.Length];
            int count = Tokenizer.Tokenize(s, tokens, fold, hashWholeTokens: true);
            foreach (Token t in tokens.Take(count).Where(t => t.Kind == TokenKind.Word))
            {
                Assert.That(cache.Stem(s, t, fold), Is.EqualTo(WordPairs.ComputeStem(s, t, fold)), $"'{s.Substring(t.Start, t.Length)}', fold {fold}");
                words++;
            }
        }

        Assert.That(words, Is.EqualTo(120_000));
    }

    [Test]
    public void Stem_OfOneTokenUnderTheOtherLookAlikeSetting_IsComputedAgain()
    {
        // "pаrty" with a Cyrillic а: its stem folds to "party" only when look-alikes fold, so a table of the one setting
        // must not answer for the other (the token is the one setting's; a caller whose token hash stood for another
        // form under the other setting would be answered wrongly from the table).
        const string Text = "p\u0430rty";
        Token token = Tokenizer.Tokenize(Text).Single();
        ulong folded = WordPairs.ComputeStem(Text, token, foldConfusables: true);
        ulong unfolded = WordPairs.ComputeStem(Text, token, foldConfusables: false);
        Assume.That(folded, Is.Not.EqualTo(unfolded));

        var cache = new StemCache();
        Assert.That(cache.Stem(Text, token, foldConfusables: true), Is.EqualTo(folded));
        Assert.That(cache.Stem(Text, token, foldConfusables: false), Is.EqualTo(unfolded));
    }

    [Test]
    public void Stems_OfTokensMadeUnderTheOtherLookAlikeSetting_LeaveTheThreadsAnalysesAlone()
    {
        // Tokenize folds look-alikes, so "pаrty" (Cyrillic а) gets the hash of "party"; stemmed without folding, its stem
        // is another. Had the public call kept that stem under the hash, a later analysis on the thread that does not fold
        // would give "party" the Cyrillic word's stem.
        const string Spoof = "p\u0430rty";
        Token[] tokens = Tokenizer.Tokenize(Spoof);
        var stems = new ulong[tokens.Length];
        var analyzer = new NearDup.Analysis.DocumentAnalyzer(new NearDup.Analysis.AnalysisOptions(foldConfusables: false));
        // "party" beside many other words, so that some of the pairs it makes are among the kept one in twelve.
        string Text = string.Join(" party ", TestTexts.Words(TestTexts.Lighthouse).Take(120).Chunk(3).Select(c => string.Join(' ', c)));
        ulong[] expected = System.Threading.Tasks.Task.Run(() => analyzer.Analyze("fresh", Text).PairFingerprints.ToArray()).Result;

        WordPairs.Stems(Spoof, tokens, FunctionWords.English, foldConfusables: false, stems);
        Assert.That(analyzer.Analyze("after", Text).PairFingerprints.ToArray(), Is.EqualTo(expected));
    }
}
