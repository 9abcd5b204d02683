using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>
/// Two random texts that share every function word but no content word must never be flagged: whatever the aligner
/// chains out of "of the" and "in a" alone is chance, not spinning.
/// </summary>
public class SpinFalsePositiveProperties
{
    private const int Tokens = 400;
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    /// <summary>Common English function words, most frequent first (the order weights the shared distribution).</summary>
    private static readonly string[] Function =
    [
        "the", "of", "and", "to", "a", "in", "that", "is", "was", "it", "for", "on", "with", "as", "by", "at", "from",
        "this", "but", "or", "which", "be", "are", "not", "have", "had", "their", "they", "were", "an", "one", "all",
        "there", "been", "would", "when", "more", "into", "some", "than", "its", "so", "over", "only", "such", "after",
    ];

    private static IEnumerable<TestCaseData> Seeds() =>
        Enumerable.Range(1, 100).Select(seed => new TestCaseData(seed).SetArgDisplayNames($"seed {seed}"));

    /// <summary>Two disjoint vocabularies of random letter strings, none of them a function word.</summary>
    private static (string[] A, string[] B) Vocabularies(Random random)
    {
        var words = new HashSet<string>();
        while (words.Count < 400)
        {
            var chars = new char[random.Next(4, 10)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + random.Next(26));
            }

            string w = new(chars);
            if (!FunctionWords.English.Contains(Tokenizer.HashNormalized(w)))
            {
                words.Add(w);
            }
        }

        string[] all = [.. words];
        return (all[..200], all[200..]);
    }

    /// <summary>Sentences of 8 to 20 words ending in a period, some with a comma, until <see cref="Tokens"/> words.</summary>
    private static string Text(Random random, Func<Random, IEnumerable<string?>> sentence, string[] content)
    {
        var sb = new StringBuilder();
        int words = 0;
        while (words < Tokens)
        {
            var parts = sentence(random).Select(f => f ?? content[random.Next(content.Length)]).ToList();
            parts[0] = char.ToUpperInvariant(parts[0][0]) + parts[0][1..];
            if (parts.Count > 6 && random.Next(3) == 0)
            {
                parts[parts.Count / 2] += ",";
            }

            sb.Append(string.Join(' ', parts)).Append(random.Next(6) == 0 ? ".\n\n" : ". ");
            words += parts.Count;
        }

        return sb.ToString();
    }

    /// <summary>Independent words: a function word (uniform over the list) with probability 0.45, else a content slot.</summary>
    private static IEnumerable<string?> UniformSentence(Random random)
    {
        int n = random.Next(8, 21);
        for (int i = 0; i < n; i++)
        {
            yield return random.NextDouble() < 0.45 ? Function[random.Next(Function.Length)] : null;
        }
    }

    /// <summary>
    /// A first-order Markov chain over function words and content slots, drawn once per seed and shared by both texts:
    /// each word is followed by one of a few favoured successors, so the two texts have the same distribution over
    /// function-word sequences ("of the", "in a", "that it was") while each is sampled on its own.
    /// </summary>
    private static Func<Random, IEnumerable<string?>> Chain(Random random)
    {
        const int ContentSlot = -1;
        var successors = new Dictionary<int, int[]>();
        for (int state = ContentSlot; state < Function.Length; state++)
        {
            // Four favoured function words; the content slot is added at sampling time with probability 0.55.
            successors[state] = Enumerable.Range(0, 4).Select(_ =>
            {
                double u = random.NextDouble();
                return (int)(u * u * Function.Length); // favours the frequent end of the list
            }).ToArray();
        }

        IEnumerable<string?> Sentence(Random r)
        {
            int n = r.Next(8, 21), state = ContentSlot;
            for (int i = 0; i < n; i++)
            {
                state = r.NextDouble() < 0.55 ? ContentSlot : successors[state][r.Next(4)];
                yield return state == ContentSlot ? null : Function[state];
            }
        }

        return Sentence;
    }

    private static (string A, string B) UniformPair(int seed)
    {
        var random = new Random(seed);
        var (va, vb) = Vocabularies(random);
        return (Text(random, UniformSentence, va), Text(random, UniformSentence, vb));
    }

    private static (string A, string B) SharedShapePair(int seed)
    {
        var random = new Random(seed);
        var (va, vb) = Vocabularies(random);
        Func<Random, IEnumerable<string?>> sentence = Chain(random);
        return (Text(random, sentence, va), Text(random, sentence, vb));
    }

    private static string Describe(PairVerdict? v) => v is null ? "null" :
        $"{v.Kind}: aligned {v.Alignment?.AlignedTokensA}, coverage {v.Alignment?.CoverageA:0.00}/{v.Alignment?.CoverageB:0.00}, match {v.Alignment?.MatchRate:0.00}";

    [TestCaseSource(nameof(Seeds))]
    public void Verify_DisjointContentUniformFunctionWords_NeverFlagged(int seed)
    {
        var (a, b) = UniformPair(seed);
        PairVerdict? v = Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));
        Assert.That(v, Is.Null, Describe(v));
    }

    [TestCaseSource(nameof(Seeds))]
    public void Verify_DisjointContentSameFunctionWordSequenceDistribution_NeverFlagged(int seed)
    {
        var (a, b) = SharedShapePair(seed);
        PairVerdict? v = Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));
        Assert.That(v, Is.Null, Describe(v));
    }

    [Test]
    public void Generator_TextsHaveAbout400WordsAndShareNoContentWord()
    {
        var (a, b) = SharedShapePair(1);
        static HashSet<string> ContentWords(string t) => t.Split([' ', '\n', '.', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant()).Where(w => !FunctionWords.English.Contains(Tokenizer.HashNormalized(w))).ToHashSet();
        Assert.That(
            (Analyzer.Analyze("a", a).ContentTokens.Length / 100, ContentWords(a).Overlaps(ContentWords(b))),
            Is.EqualTo((4, false)));
    }
}
