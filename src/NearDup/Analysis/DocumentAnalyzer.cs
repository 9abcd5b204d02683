using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Sketches;
using NearDup.Text;
using NearDup.Verification.Alignment;

namespace NearDup.Analysis;

/// <summary>Turns texts into <see cref="AnalyzedDocument"/>s: tokens → shingles → sketches and fingerprints.</summary>
/// <remarks>Thread safety: immutable after construction; <see cref="Analyze(string, string)"/> is safe to call concurrently.</remarks>
public sealed class DocumentAnalyzer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A pick list that grew past this many fingerprints (a very long text) is not kept for the thread's next document.
    private const int MaxRetainedPicks = 16_384;
    private readonly MinHasher _minHasher;
    private readonly SimHasher _simHasher;
    private readonly MinHasher _spinHasher;

    /// <summary>The version of what an analysis derives from a text under given options (its tokens, shingles,
    /// sketches and fingerprints): raised by every change that alters what a stored document carries.</summary>
    /// <remarks>A persistent index records the version its documents were analysed with, and a build adds to an index
    /// only under its own version (or to one that records none), so every document of an index that records a version
    /// was analysed as that version. An index whose documents another build analysed still opens and answers, but its
    /// stored fingerprints are not the ones a query is analysed into, so a candidate source the other analysis lacked
    /// finds nothing there (<see cref="Detection.NearDupIndex.IsAnalysisCurrent"/> says so); a compaction analyses every
    /// document again. A compaction of an index of this version copies each stored document's analysis instead, so a
    /// change of the analysis that leaves this constant as it was would survive compactions: the compaction checks about
    /// one copy in 64 against the analysis of its text and analyses everything when one differs, and the golden files'
    /// writing test fails when the analysis changes, naming this constant. Version 0 stands for an index written before
    /// versions were recorded.</remarks>
    public const int AnalysisVersion = 1;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Analysis options; null for <see cref="AnalysisOptions.Default"/>.</param>
    public DocumentAnalyzer(AnalysisOptions? options = null)
    {
        Options = options ?? AnalysisOptions.Default;
        _minHasher = new MinHasher(Options.MinHash);
        _simHasher = new SimHasher(Options.SimHash);
        _spinHasher = new MinHasher(Options.SpinSketch);
    }

    /// <summary>The options.</summary>
    public AnalysisOptions Options { get; }

    /// <summary>Decodes strict UTF-8 (a leading BOM is dropped) and analyses the text.</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <param name="utf8">The document's bytes.</param>
    /// <returns>The analysed document.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="DecoderFallbackException">The bytes are not valid UTF-8; the message gives the byte offset.</exception>
    public AnalyzedDocument Analyze(string id, ReadOnlySpan<byte> utf8)
    {
        Guard.NotNullOrEmpty(id);
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        return Analyze(id, StrictUtf8.GetString(utf8));
    }

    /// <summary>Analyses a text.</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <param name="text">The text.</param>
    /// <returns>The analysed document.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public AnalyzedDocument Analyze(string id, string text)
    {
        Guard.NotNullOrEmpty(id);
        Guard.NotNull(text);
        return Analyze(id, text, transient: false);
    }

    /// <summary>As <see cref="Analyze(string, string)"/>, for a document that lives for one query only: its tokens,
    /// shingles and shingle set are in arrays from the shared pools, which the caller gives back with
    /// <see cref="AnalyzedDocument.Release"/> once the query is answered (they were a third of what a query allocated).</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <param name="text">The text.</param>
    /// <returns>The analysed document, to be released by the caller.</returns>
    internal AnalyzedDocument AnalyzeTransient(string id, string text)
    {
        Guard.NotNullOrEmpty(id);
        Guard.NotNull(text);
        return Analyze(id, text, transient: true);
    }

    /// <summary>As <see cref="Analyze(string, string)"/>, for a document that is only to be indexed (added or rebuilt
    /// from its stored text): the same text, hashes, sketches and fingerprints, without what only verification reads.
    /// Its <see cref="AnalyzedDocument.ContentTokens"/>, <see cref="AnalyzedDocument.Shingles"/> and
    /// <see cref="AnalyzedDocument.ShingleSet"/> are empty.</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <param name="text">The text.</param>
    /// <param name="hasWords">Whether the text has a content token (<c>NearDupIndex.HasWords</c> of the whole analysis).</param>
    /// <returns>The analysed document, without its content arrays.</returns>
    /// <remarks>
    /// An index stores nothing of a document but its text, hashes, sketches and fingerprints. The content tokens,
    /// shingles and shingle set were about three quarters of what an analysis allocated, and in a batch of a thousand
    /// documents they all lived until the batch was stored, so every collection meanwhile copied them. Here the content
    /// tokens are not copied out at all (the shingles and SimHash read only their hashes), the shingles sit in a pooled
    /// array, and the distinct set is not sorted: the MinHash of the shingles with their repeats is the MinHash of the
    /// set (a minimum does not change when a value repeats), and its set size is counted in a probe table
    /// (<see cref="MinHasher.Sketch(ReadOnlySpan{ulong})"/>). The tests and the <c>digest</c> verb check every output
    /// against <see cref="Analyze(string, string)"/>.
    /// </remarks>
    internal AnalyzedDocument AnalyzeForIndexing(string id, string text, out bool hasWords)
    {
        AnalyzedDocument document = AnalyzeForIndexing(id, text, out int words);
        hasWords = words > 0;
        return document;
    }

    /// <summary>As <see cref="AnalyzeForIndexing(string, string, out bool)"/>, giving the number of words.</summary>
    /// <param name="id">Document id.</param>
    /// <param name="text">The text.</param>
    /// <param name="words">How many content tokens the text has (the length of <see cref="AnalyzedDocument.ContentTokens"/>
    /// of the whole analysis).</param>
    /// <returns>The analysed document, without its content arrays.</returns>
    internal AnalyzedDocument AnalyzeForIndexing(string id, string text, out int words)
    {
        Guard.NotNullOrEmpty(id);
        Guard.NotNull(text);
        int count = Tokenizer.TokenizePooled(text, Options.FoldConfusables, Options.HashWholeTokens, out Token[] rented);
        ulong[] hashes = RentedArrays.Rent<ulong>(Math.Max(1, count));
        ulong[] shingles = [];
        try
        {
            ReadOnlySpan<Token> tokens = rented.AsSpan(0, count);
            ulong exact = ExactHash(text, tokens, hashes, Options.FoldConfusables, Options.HashWholeTokens);
            int contentCount = ContentHashes(tokens, hashes);
            words = contentCount;
            int shingleCount = Shingler.WordShingleCount(contentCount, Options.ShingleSize);
            shingles = RentedArrays.Rent<ulong>(shingleCount);
            Shingler.WordShingles(hashes.AsSpan(0, contentCount), Options.ShingleSize, shingles.AsSpan(0, shingleCount));
            MinHashSketch sketch = _minHasher.Sketch(shingles.AsSpan(0, shingleCount));
            return Derive(id, text, tokens, hashes, contentCount, shingles.AsSpan(0, shingleCount), ContentArrays.None, sketch, exact);
        }
        finally
        {
            RentedArrays.Return(ref rented, ref count);
            RentedArrays.Give(hashes);
            RentedArrays.Give(shingles);
        }
    }

    private AnalyzedDocument Analyze(string id, string text, bool transient)
    {
        int count = Tokenizer.TokenizePooled(text, Options.FoldConfusables, Options.HashWholeTokens, out Token[] rented);
        ulong[] hashes = RentedArrays.Rent<ulong>(Math.Max(1, count));
        try
        {
            ReadOnlySpan<Token> tokens = rented.AsSpan(0, count);
            ulong exact = ExactHash(text, tokens, hashes, Options.FoldConfusables, Options.HashWholeTokens);
            ContentArrays content = ContentShingles(tokens, hashes, transient);
            return Derive(id, text, tokens, hashes, content.Tokens.Length, content.Shingles, content, _minHasher.Sketch(content.Set), exact);
        }
        finally
        {
            RentedArrays.Return(ref rented, ref count);
            RentedArrays.Give(hashes);
        }
    }

    /// <summary>
    /// Rebuilds only what the verifier reads of a document whose hashes are known (an indexed document that became a
    /// candidate): tokens, shingles and the shingle set, the same as <see cref="Analyze(string, string)"/> makes them,
    /// without the sketches and fingerprints, which cost about three quarters of an analysis.
    /// </summary>
    /// <param name="id">Document id.</param>
    /// <param name="text">The text.</param>
    /// <param name="exactHash">Its exact hash, as analysis computed it.</param>
    /// <param name="simHash">Its SimHash, as analysis computed it.</param>
    /// <param name="transient">Whether the document lives for one query only: then its arrays come from the shared pools
    /// and the caller gives them back with <see cref="VerifiableText.Release"/>.</param>
    /// <returns>The verifiable document.</returns>
    internal VerifiableText AnalyzeForVerification(string id, string text, ulong exactHash, ulong simHash, bool transient = false)
    {
        int count = Tokenizer.TokenizePooled(text, Options.FoldConfusables, Options.HashWholeTokens, out Token[] rented);
        ulong[] hashes = RentedArrays.Rent<ulong>(Math.Max(1, count));
        try
        {
            return new VerifiableText(id, text, ContentShingles(rented.AsSpan(0, count), hashes, transient), exactHash, simHash);
        }
        finally
        {
            RentedArrays.Return(ref rented, ref count);
            RentedArrays.Give(hashes);
        }
    }

    /// <summary>What every analysis derives after the word shingles and their MinHash: SimHash, the winnowed passages, the
    /// spin sketch and fingerprints and the word pairs, and the document they make. The content token hashes come first
    /// in <c>hashes</c> (<c>contentCount</c> of them); the buffer, as long as the tokens, is then scratch for the skeleton
    /// grams and the stems.</summary>
    private AnalyzedDocument Derive(string id, string text, ReadOnlySpan<Token> tokens, Span<ulong> hashes, int contentCount, ReadOnlySpan<ulong> shingles, ContentArrays content, MinHashSketch sketch, ulong exact)
    {
        ulong simHash = SimHashOf(hashes[..contentCount]);
        ulong[] fingerprints = Winnow(shingles, Options.WinnowingWindow);

        // The content hashes are read no more: their buffer (as long as the tokens) takes the skeleton grams, then the stems.
        // Both ask of every word whether it is a function word: looked up once.
        bool[] functionWord = RentedArrays.Rent<bool>(Math.Max(1, tokens.Length));
        try
        {
            FunctionWords words = Options.FunctionWordsOf(text, tokens);
            words.Mark(tokens, functionWord);
            var (spinSketch, spinFingerprints) = SpinFingerprint(tokens, functionWord, hashes);
            ulong[] pairs = PairFingerprints(text, tokens, functionWord, words, Options, hashes);
            return new AnalyzedDocument(Options, id, text, content, sketch, simHash, exact, fingerprints, spinSketch, spinFingerprints, pairs);
        }
        finally
        {
            RentedArrays.Give(functionWord);
        }
    }

    /// <summary>Writes the hashes of the content tokens into <paramref name="hashes"/>, in order, and returns how many.</summary>
    private static int ContentHashes(ReadOnlySpan<Token> tokens, Span<ulong> hashes)
    {
        int c = 0;
        foreach (ref readonly Token t in tokens)
        {
            if (t.IsContent)
            {
                hashes[c++] = t.Hash;
            }
        }

        return c;
    }

    /// <summary>The content tokens, the word shingles over them and their set, in new arrays of exactly their size or,
    /// when <paramref name="rent"/>, in arrays from the shared pools; leaves the content token hashes in <paramref name="hashes"/>.</summary>
    private ContentArrays ContentShingles(ReadOnlySpan<Token> tokens, Span<ulong> hashes, bool rent)
    {
        int contentCount = 0;
        foreach (ref readonly Token t in tokens)
        {
            contentCount += t.IsContent ? 1 : 0;
        }

        Token[] content = rent ? RentedArrays.Rent<Token>(contentCount) : new Token[contentCount];
        int c = 0;
        foreach (ref readonly Token t in tokens)
        {
            if (t.IsContent)
            {
                hashes[c] = t.Hash;
                content[c++] = t;
            }
        }

        int shingleCount = Shingler.WordShingleCount(contentCount, Options.ShingleSize);
        ulong[] shingles = rent ? RentedArrays.Rent<ulong>(shingleCount) : new ulong[shingleCount];
        Shingler.WordShingles(hashes[..contentCount], Options.ShingleSize, shingles.AsSpan(0, shingleCount));
        return new ContentArrays(content, contentCount, shingles, shingleCount, rent);
    }

    /// <summary>The spin sketch and winnowed skeleton fingerprints of the tokens (their function words marked), the grams
    /// written into <paramref name="grams"/> (scratch as long as the tokens).</summary>
    private (MinHashSketch Sketch, ulong[] Fingerprints) SpinFingerprint(ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> functionWord, Span<ulong> grams)
    {
        ReadOnlySpan<ulong> gramSpan = grams[..SpinSkeleton.GramsMarked(tokens, functionWord, Options.SpinSketch.Shingles.Size, grams)];
        MinHashSketch sketch = _spinHasher.Sketch(gramSpan);
        return (sketch, Winnow(gramSpan, Options.SpinWinnowingWindow));
    }

    /// <summary>The winnowed spin-skeleton fingerprints of a text, the same as analysis under <paramref name="options"/>
    /// gives it (<see cref="AnalyzedDocument.SpinFingerprints"/>), without the rest of the analysis: for a document
    /// rebuilt for verification only.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">The analysis options it was analysed under.</param>
    /// <returns>The fingerprints.</returns>
    internal static ulong[] SkeletonFingerprints(string text, AnalysisOptions options)
    {
        int count = Tokenizer.TokenizePooled(text, options.FoldConfusables, options.HashWholeTokens, out Token[] tokens);
        ulong[] grams = RentedArrays.Rent<ulong>(Math.Max(1, count));
        try
        {
            int g = SkeletonGrams(tokens.AsSpan(0, count), options.FunctionWordsOf(text, tokens.AsSpan(0, count)), options, grams);
            return Winnow(grams.AsSpan(0, g), options.SpinWinnowingWindow);
        }
        finally
        {
            RentedArrays.Return(ref tokens, ref count);
            RentedArrays.Give(grams);
        }
    }

    /// <summary>The word-pair fingerprints of a text, the same as analysis under <paramref name="options"/> gives it
    /// (<see cref="AnalyzedDocument.PairFingerprints"/>), without the rest of the analysis: for a document stored by a
    /// build that did not keep them.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">The analysis options it was analysed under.</param>
    /// <returns>The fingerprints, distinct and ascending.</returns>
    internal static ulong[] PairFingerprints(string text, AnalysisOptions options)
    {
        int count = Tokenizer.TokenizePooled(text, options.FoldConfusables, options.HashWholeTokens, out Token[] tokens);
        ulong[] stems = RentedArrays.Rent<ulong>(Math.Max(1, count));
        try
        {
            return PairFingerprints(text, tokens.AsSpan(0, count), null, options.FunctionWordsOf(text, tokens.AsSpan(0, count)), options, stems);
        }
        finally
        {
            RentedArrays.Return(ref tokens, ref count);
            RentedArrays.Give(stems);
        }
    }

    /// <summary>The distinct kept word pairs (<see cref="WordPairs"/>) of a tokenised text, its leads (its names and
    /// numbers, see <see cref="FactStems.Leads(string, ReadOnlySpan{Token}, FunctionWords, bool, Span{ulong})"/>) and each
    /// two leads in a row (<see cref="FactStems.LeadPairFingerprint"/>), ascending, the stems written into <paramref name="stems"/> (scratch
    /// as long as the tokens); <paramref name="functionWord"/> marks the function words (<paramref name="words"/>, the
    /// document's: <see cref="AnalysisOptions.FunctionWordsOf"/>) when the caller looked them up already.</summary>
    private static ulong[] PairFingerprints(string text, ReadOnlySpan<Token> tokens, bool[]? functionWord, FunctionWords words, AnalysisOptions options, Span<ulong> stems)
    {
        int n = functionWord is null
            ? WordPairs.Stems(text, tokens, words, options.FoldConfusables, stems)
            : WordPairs.StemsMarked(text, tokens, functionWord, options.FoldConfusables, useCache: true, stems); // tokenised under that setting here
        // The pairs a block of stems at a time: a text's candidates are nine a stem, of which one in twelve is kept, so the
        // buffer holds the kept pairs and one block's candidates, not nine hashes for every stem of a long text.
        ulong[] pairs = RentedArrays.Rent<ulong>(WordPairs.MaxPairs(Math.Min(n, WordPairs.Block)));
        try
        {
            int pairCount = 0;
            for (int start = 0; start < n; start += WordPairs.Block)
            {
                int firsts = Math.Min(WordPairs.Block, n - start);
                Reserve(ref pairs, pairCount, WordPairs.MaxPairs(firsts));
                ReadOnlySpan<ulong> block = stems.Slice(start, Math.Min(n - start, firsts + WordPairs.Window - 1));
                pairCount += WordPairs.Pairs(block, firsts, pairs.AsSpan(pairCount));
            }

            // The word stems are read no more: their scratch takes the leads (repeats go with the pairs' sorting).
            int leads = FactStems.Leads(text, tokens, words, options.FoldConfusables, stems);
            Reserve(ref pairs, pairCount, 2 * leads);
            int count = pairCount;
            for (int i = 0; i < leads; i++)
            {
                pairs[count++] = FactStems.LeadFingerprint(stems[i]);
            }

            // And each two leads in a row, which a rewrite keeps in order and few documents share.
            for (int i = 1; i < leads; i++)
            {
                if (stems[i] != stems[i - 1])
                {
                    pairs[count++] = FactStems.LeadPairFingerprint(stems[i - 1], stems[i]);
                }
            }

            // The kept pairs lie below the sampling bound and the leads anywhere: sorted apart, each with its buckets over
            // its own range (sorted together, the leads crowded the last bucket, and a document's pairs took twice as long
            // to sort), then merged.
            int distinctPairs = WordPairs.SortDistinct(pairs.AsSpan(0, pairCount));
            int distinctLeads = HashSort.SortDistinct(pairs.AsSpan(pairCount, count - pairCount));
            return HashSort.UnionDistinct(pairs.AsSpan(0, distinctPairs), pairs.AsSpan(pairCount, distinctLeads));
        }
        finally
        {
            RentedArrays.Give(pairs);
        }
    }

    /// <summary>Grows a rented buffer, keeping its first <paramref name="count"/> items, so that <paramref name="more"/>
    /// fit after them (to twice its length at least, so that a long text grows it a few times only).</summary>
    private static void Reserve(ref ulong[] buffer, int count, int more)
    {
        if (buffer.Length - count < more)
        {
            RentedArrays.Grow(ref buffer, count, (int)Math.Min(Array.MaxLength, Math.Max(2L * buffer.Length, (long)count + more)));
        }
    }

    /// <summary>Writes the hashes of the informative spin-skeleton n-grams of <paramref name="tokens"/> into
    /// <paramref name="grams"/> (as long as the tokens) and returns how many.</summary>
    private static int SkeletonGrams(ReadOnlySpan<Token> tokens, FunctionWords words, AnalysisOptions options, Span<ulong> grams) =>
        SpinSkeleton.Grams(tokens, words, options.SpinSketch.Shingles.Size, grams);

    /// <summary>The winnowed fingerprints of <paramref name="hashes"/>, selected into the thread's reused list and
    /// copied out at their exact size (a list per call, grown and then copied, allocated twice what it kept).</summary>
    private static ulong[] Winnow(ReadOnlySpan<ulong> hashes, int window)
    {
        List<ulong> picks = ThreadScratch<List<ulong>>.Take();
        picks.Clear();
        Winnowing.Select(hashes, window, picks);
        ulong[] fingerprints = [.. picks];
        ThreadScratch<List<ulong>>.Return(picks, keep: picks.Capacity <= MaxRetainedPicks);
        return fingerprints;
    }

    private ulong SimHashOf(ReadOnlySpan<ulong> contentHashes)
    {
        int size = Options.SimHash.Features.Size;
        if (size == 1)
        {
            return _simHasher.Compute(contentHashes);
        }

        int count = Shingler.WordShingleCount(contentHashes.Length, size);
        ulong[] features = RentedArrays.Rent<ulong>(Math.Max(1, count));
        try
        {
            Shingler.WordShingles(contentHashes, size, features.AsSpan(0, count));
            return _simHasher.Compute(features.AsSpan(0, count));
        }
        finally
        {
            RentedArrays.Give(features);
        }
    }

    /// <summary>XxHash3 of every token hash (punctuation included) in little-endian order: equal exactly when the
    /// normalised texts are. A token whose look-alike letters were folded counts unfolded here, so that a copy whose only
    /// change is look-alike letters is a near-duplicate (all its words match), not an exact copy.</summary>
    private static ulong ExactHash(string text, ReadOnlySpan<Token> tokens, Span<ulong> scratch, bool folded, bool wholeTokens)
    {
        // Every look-alike the table folds is above U+007F, so no token of an all-ASCII text folds: one vectorised check
        // of the text instead of one per token (the per-token checks were two thirds of this method).
        bool mayFold = folded && !Ascii.IsValid(text);
        for (int i = 0; i < tokens.Length; i++)
        {
            ulong hash = mayFold && Confusables.Folds(text.AsSpan(tokens[i].Start, tokens[i].Length))
                ? Tokenizer.HashNormalized(Tokenizer.NormalizedForm(text, tokens[i], wholeTokens))
                : tokens[i].Hash;
            scratch[i] = BitConverter.IsLittleEndian ? hash : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(hash);
        }

        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(scratch[..tokens.Length]), tokens.Length);
    }
}
