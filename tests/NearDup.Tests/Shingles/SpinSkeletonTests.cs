using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Shingles;
using NearDup.Text;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class SpinSkeletonTests
{
    private const ulong W = SpinSkeleton.Wildcard;

    private static ulong H(string normalized) => Tokenizer.HashNormalized(normalized);

    private static (ulong[] Elements, bool[] Informative) Skeleton(string text)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        var elements = new ulong[tokens.Length];
        var informative = new bool[tokens.Length];
        int n = SpinSkeleton.Elements(tokens, FunctionWords.English, elements, informative);
        return (elements[..n], informative[..n]);
    }

    private static ulong[] Grams(string text, int size)
    {
        var (elements, informative) = Skeleton(text);
        var grams = new ulong[elements.Length];
        int n = SpinSkeleton.Grams(elements, informative, size, grams);
        return grams[..n];
    }

    [Test]
    public void Elements_ContentWordRunsCollapseToOneWildcard() =>
        Assert.That(
            Skeleton("The keeper of the light trimmed the old wicks.").Elements,
            Is.EqualTo(new[] { H("the"), W, H("of"), H("the"), W, H("the"), W, H(".") }));

    [Test]
    public void Elements_ContentWordReplacedByAnotherWord_Unchanged() =>
        Assert.That(
            Skeleton("The guardian of the lamp cut the ancient candles.").Elements,
            Is.EqualTo(Skeleton("The keeper of the light trimmed the old wicks.").Elements));

    [Test]
    public void Elements_ContentWordReplacedByTwoWordPhrase_Unchanged() =>
        Assert.That(
            Skeleton("The lighthouse attendant of the light trimmed the old wicks.").Elements,
            Is.EqualTo(Skeleton("The keeper of the light trimmed the old wicks.").Elements));

    [Test]
    public void Elements_ChangedFunctionWord_Changes() =>
        Assert.That(
            Skeleton("The boat sank below the bridge.").Elements,
            Is.Not.EqualTo(Skeleton("The boat sank under the bridge.").Elements));

    [Test]
    public void Elements_NamesAndNumbersKeptAsInformative()
    {
        var (elements, informative) = Skeleton("In 1953 the river flooded Ellersby and Garth Lane.");
        ulong year = Tokenizer.Tokenize("1953")[0].Hash;
        Assert.That(
            elements.Zip(informative),
            Is.EqualTo(new[]
            {
                (H("in"), true), (year, true), (H("the"), true), (W, false), (H("ellersby"), true), (H("and"), true),
                (H("garth"), true), (H("lane"), true), (H("."), false),
            }));
    }

    [Test]
    public void Elements_CapitalisedWordStartingASentence_IsNotAName() =>
        Assert.That(Skeleton("Keepers trimmed wicks. Storms came.").Elements, Is.EqualTo(new[] { W, H("."), W, H(".") }));

    [Test]
    public void Grams_DropsGramsWithFewerThanMinInformativeElements()
    {
        // Windows of 4: informative counts 1, 0, 1, 2, 3: only the last window is kept.
        ulong[] elements = [11, 12, 13, 14, 15, 16, 17, 18];
        bool[] informative = [true, false, false, false, false, true, true, true];
        Assume.That(SpinSkeleton.MinInformative, Is.EqualTo(3));
        var grams = new ulong[elements.Length];
        var last = new ulong[1];
        int n = SpinSkeleton.Grams(elements, informative, 4, grams);
        SpinSkeleton.Grams(elements.AsSpan(4), informative.AsSpan(4), 4, last);
        Assert.That(grams[..n], Is.EqualTo(last));
    }

    [Test]
    public void Grams_OfIdenticalInputs_AreEqual()
    {
        // Two separate copies of the text, so nothing is shared but the content.
        string copy = new string(SpinTexts.Harbour.AsSpan());
        Assert.That(Grams(copy, 6), Is.EqualTo(Grams(SpinTexts.Harbour, 6)).And.Not.Empty);
    }

    [Test]
    public void Grams_SingleWordContentSpin_LeavesGramsUnchanged()
    {
        // Every content word the table lists replaced by one content word; phrases such as "give assistance to" are
        // left out because their function words would (rightly) show in the skeleton.
        var oneWord = SpinTables.Content
            .Where(e => !e.Value.Contains(' ') && !FunctionWords.English.Contains(H(e.Value)))
            .ToDictionary(e => e.Key, e => e.Value);
        string spun = new Spinner(oneWord).Spin(SpinTexts.Harbour, new SpinOptions { Rate = 1, Seed = 1 }).Text;
        Assume.That(spun, Is.Not.EqualTo(SpinTexts.Harbour));
        Assert.That(Grams(spun, 6), Is.EqualTo(Grams(SpinTexts.Harbour, 6)));
    }

    [Test]
    public void Grams_TextShorterThanSize_ReturnsZero() =>
        Assert.That(SpinSkeleton.Grams([1UL, 2UL], [true, true], 3, new ulong[2]), Is.Zero);

    public static IEnumerable<TestCaseData> RandomTokenCases()
    {
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
        {
            foreach (int length in new[] { 0, 1, 2, 9, 100, 1000 })
            {
                yield return new TestCaseData(length, seed).SetName($"Elements_{length}RandomTokens_seed{seed}_EqualElementsScalar");
            }
        }
    }

    // Tokens of every kind, drawn from function words, sentence and other punctuation, numbers, names, other words and
    // the wildcard's own value, in random order: the branch-free Elements against the one with a branch per decision.
    [TestCaseSource(nameof(RandomTokenCases))]
    public void Elements_RandomTokens_EqualElementsScalar(int length, int seed)
    {
        var random = new Random(seed);
        ulong[] functionWords = FunctionWords.English.SortedHashes.ToArray();
        ulong[] punctuation = [.. ". , ? ! ; : \" ( ) -".Split(' ').Select(H)];
        Token[] tokens = Enumerable.Range(0, length).Select(i =>
        {
            var kind = (TokenKind)random.Next(4);
            ulong hash = random.Next(6) switch
            {
                0 or 1 => functionWords[random.Next(functionWords.Length)],
                2 => punctuation[random.Next(punctuation.Length)],
                3 => W,
                _ => (ulong)random.NextInt64(),
            };
            return new Token(i, 1, hash, kind, random.Next(2) == 0);
        }).ToArray();

        (ulong[] Elements, bool[] Informative) Run(bool scalar)
        {
            var elements = new ulong[length];
            var informative = new bool[length];
            int n = scalar
                ? SpinSkeleton.ElementsScalar(tokens, FunctionWords.English, elements, informative)
                : SpinSkeleton.Elements(tokens, FunctionWords.English, elements, informative);
            return (elements[..n], informative[..n]);
        }

        Assert.That(Run(scalar: false), Is.EqualTo(Run(scalar: true)));
    }
}
