using System;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Analysis;

public class DocumentAnalyzerTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    [Test]
    public void Analyze_InvalidUtf8_ThrowsDecoderFallbackException()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("valid start "), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(" end")];
        Assert.That(() => Analyzer.Analyze("bad", bytes), Throws.TypeOf<DecoderFallbackException>());
    }

    [Test]
    public void Analyze_EmptyId_ThrowsArgumentException() =>
        Assert.That(() => Analyzer.Analyze(string.Empty, "some text"), Throws.ArgumentException);

    [Test]
    public void Analyze_EmptyIdWithBytes_ThrowsArgumentException() =>
        Assert.That(() => Analyzer.Analyze(string.Empty, "x"u8), Throws.ArgumentException);

    [Test]
    public void Analyze_NullId_ThrowsArgumentNullException() =>
        Assert.That(() => Analyzer.Analyze(null!, "some text"), Throws.ArgumentNullException);

    [Test]
    public void Analyze_Utf8WithBom_EqualsWithoutBom()
    {
        byte[] plain = Encoding.UTF8.GetBytes(TestTexts.BeesOne);
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. plain];
        Assert.That(Analyzer.Analyze("b", withBom).ExactHash, Is.EqualTo(Analyzer.Analyze("a", plain).ExactHash));
    }

    [Test]
    public void Analyze_Bytes_EqualsString() =>
        Assert.That(
            Analyzer.Analyze("a", Encoding.UTF8.GetBytes(TestTexts.Lighthouse)).MinHash.Values.ToArray(),
            Is.EqualTo(Analyzer.Analyze("a", TestTexts.Lighthouse).MinHash.Values.ToArray()));

    [Test]
    public void Analyze_ContentTokens_ExcludePunctuation() =>
        Assert.That(Analyzer.Analyze("a", "One, two; three!").ContentTokens.Length, Is.EqualTo(3));

    [Test]
    public void Analyze_Shingles_CountIsWordShingleCount()
    {
        AnalyzedDocument doc = Analyzer.Analyze("a", TestTexts.Sourdough);
        Assert.That(doc.Shingles.Length, Is.EqualTo(doc.ContentTokens.Length - Analyzer.Options.ShingleSize + 1));
    }

    [Test]
    public void Analyze_ExactHash_IgnoresCaseAndWhitespace() =>
        Assert.That(
            Analyzer.Analyze("a", "HELLO   there,\n\nWorld.").ExactHash,
            Is.EqualTo(Analyzer.Analyze("b", "hello there, world.").ExactHash));

    [Test]
    public void Analyze_ExactHash_SeesPunctuation() =>
        Assert.That(
            Analyzer.Analyze("a", "hello there, world.").ExactHash,
            Is.Not.EqualTo(Analyzer.Analyze("b", "hello there world.").ExactHash));

    [Test]
    public void Analyze_ExactHash_OfATextWhoseOnlyNonAsciiLetterIsALookAlike_DiffersFromTheAsciiText()
    {
        // The Cyrillic "а" (U+0430) folds to "a" for the word hashes, but the exact hash counts it unfolded; the only
        // non-ASCII character, it is what makes the text need the per-token check at all.
        AnalyzedDocument ascii = Analyzer.Analyze("a", "the harbour bridge opened at dawn");
        AnalyzedDocument lookAlike = Analyzer.Analyze("b", "the h\u0430rbour bridge opened at dawn");
        Assert.That(lookAlike.MinHash.Values.ToArray(), Is.EqualTo(ascii.MinHash.Values.ToArray()), "the words fold alike");
        Assert.That(lookAlike.ExactHash, Is.Not.EqualTo(ascii.ExactHash));
    }

    [Test]
    public void Analyze_PassageFingerprints_AreDistinct() =>
        Assert.That(Analyzer.Analyze("a", TestTexts.Lighthouse + " " + TestTexts.Lighthouse).PassageFingerprints, Is.Unique);

    [Test]
    public void Analyze_EmptyText_HasNoShingles() =>
        Assert.That(Analyzer.Analyze("a", string.Empty).ShingleSet.Count, Is.Zero);

    [Test]
    public void AnalysisOptions_CharacterShingles_Rejected() =>
        Assert.That(
            () => new AnalysisOptions(new NearDup.Sketches.MinHash.MinHashParameters(
                NearDup.Sketches.MinHash.MinHashFamily.OnePermutation, 128, 1, new NearDup.Shingles.ShingleSpec(NearDup.Shingles.ShingleUnit.Character, 5))),
            Throws.ArgumentException);

    [Test]
    public void AnalysisOptions_WindowZero_Throws() =>
        Assert.That(() => new AnalysisOptions(winnowingWindow: 0), Throws.TypeOf<ArgumentOutOfRangeException>());

    private static readonly string[] VerificationTexts =
    [
        "",
        "one",
        "Four words only here.",
        TestTexts.Lighthouse,
        Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text,
        "Café crème, 東京の灯台守は毎晩ランプの芯を切り、 👩‍👩‍👧‍👦 and a tab\tand CRLF\r\nend.",
    ];

    [TestCaseSource(nameof(VerificationTexts))]
    public void AnalyzeForVerification_GivesTheVerifierExactlyWhatAnalyzeGives(string text)
    {
        AnalyzedDocument full = Analyzer.Analyze("d", text);
        var lean = Analyzer.AnalyzeForVerification("d", text, full.ExactHash, full.SimHash);
        Assert.That((lean.Id, lean.Text, lean.ExactHash, lean.SimHash), Is.EqualTo((full.Id, full.Text, full.ExactHash, full.SimHash)));
        Assert.That(lean.ContentTokens.ToArray(), Is.EqualTo(full.ContentTokens.ToArray()));
        Assert.That(lean.Shingles.ToArray(), Is.EqualTo(full.Shingles.ToArray()));
        Assert.That(lean.ShingleSet.Hashes.ToArray(), Is.EqualTo(full.ShingleSet.Hashes.ToArray()));
    }

    [Test]
    public void AnalyzeTransient_MakesTheSameDocumentAsAnalyze()
    {
        AnalyzedDocument kept = Analyzer.Analyze("d", TestTexts.Lighthouse);
        AnalyzedDocument transient = Analyzer.AnalyzeTransient("d", TestTexts.Lighthouse);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(transient.ContentTokens.ToArray(), Is.EqualTo(kept.ContentTokens.ToArray()));
            Assert.That(transient.Shingles.ToArray(), Is.EqualTo(kept.Shingles.ToArray()));
            Assert.That(transient.ShingleSet.Hashes.ToArray(), Is.EqualTo(kept.ShingleSet.Hashes.ToArray()));
            Assert.That((transient.ExactHash, transient.SimHash), Is.EqualTo((kept.ExactHash, kept.SimHash)));
            Assert.That(transient.MinHash.Values.ToArray(), Is.EqualTo(kept.MinHash.Values.ToArray()));
            Assert.That(transient.SpinSketch.Values.ToArray(), Is.EqualTo(kept.SpinSketch.Values.ToArray()));
            Assert.That(transient.PassageFingerprints, Is.EqualTo(kept.PassageFingerprints));
            Assert.That(transient.SpinFingerprints, Is.EqualTo(kept.SpinFingerprints));
        }
    }

    /// <summary>The verification texts and one that repeats its shingles many times over (the MinHash of the shingles
    /// with their repeats must be the set's, and the set size the distinct count).</summary>
    private static readonly string[] IndexingTexts =
        [.. VerificationTexts, string.Join(" ", Enumerable.Repeat(TestTexts.BeesOne, 7)) + " " + TestTexts.Lighthouse];

    [TestCaseSource(nameof(IndexingTexts))]
    public void AnalyzeForIndexing_StoresWhatAnalyzeGives(string text)
    {
        AnalyzedDocument full = Analyzer.Analyze("d", text);
        AnalyzedDocument lean = Analyzer.AnalyzeForIndexing("d", text, out bool _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((lean.Id, lean.Text, lean.ExactHash, lean.SimHash), Is.EqualTo((full.Id, full.Text, full.ExactHash, full.SimHash)));
            Assert.That(lean.MinHash.Values.ToArray(), Is.EqualTo(full.MinHash.Values.ToArray()));
            Assert.That((lean.MinHash.SetSize, lean.SpinSketch.SetSize), Is.EqualTo((full.MinHash.SetSize, full.SpinSketch.SetSize)));
            Assert.That(lean.SpinSketch.Values.ToArray(), Is.EqualTo(full.SpinSketch.Values.ToArray()));
            Assert.That(lean.PassageFingerprints, Is.EqualTo(full.PassageFingerprints));
            Assert.That(lean.SpinFingerprints, Is.EqualTo(full.SpinFingerprints));
            Assert.That(lean.PairFingerprints, Is.EqualTo(full.PairFingerprints));
        }
    }

    [TestCaseSource(nameof(IndexingTexts))]
    public void AnalyzeForIndexing_SaysWhetherTheTextHasWords(string text)
    {
        Analyzer.AnalyzeForIndexing("d", text, out bool hasWords);
        Assert.That(hasWords, Is.EqualTo(!Analyzer.Analyze("d", text).ContentTokens.IsEmpty));
    }

    [Test]
    public void AnalyzeForIndexing_KeepsNoTokensShinglesOrSet()
    {
        AnalyzedDocument lean = Analyzer.AnalyzeForIndexing("d", TestTexts.Lighthouse, out bool _);
        Assert.That((lean.ContentTokens.Length, lean.Shingles.Length, lean.ShingleSet.Count), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public void Release_OfATransientDocument_EmptiesItsTokensShinglesAndSet()
    {
        AnalyzedDocument transient = Analyzer.AnalyzeTransient("d", TestTexts.Lighthouse);
        transient.Release();
        Assert.That((transient.ContentTokens.Length, transient.Shingles.Length, transient.ShingleSet.Count), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public void Release_OfAnAnalysedDocument_LeavesItAlone()
    {
        AnalyzedDocument kept = Analyzer.Analyze("d", TestTexts.Lighthouse);
        int tokens = kept.ContentTokens.Length;
        kept.Release();
        Assert.That((kept.ContentTokens.Length, kept.ShingleSet.Count > 0), Is.EqualTo((tokens, true)));
    }

    [Test]
    public void AnalyzeTransient_EmptyText_IsAnEmptyDocument()
    {
        AnalyzedDocument transient = Analyzer.AnalyzeTransient("d", string.Empty);
        Assert.That((transient.ContentTokens.Length, transient.Shingles.Length, transient.ShingleSet.Count), Is.EqualTo((0, 0, 0)));
        transient.Release();
    }
}
