using System;
using NearDup.Analysis;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Storage.Codecs;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Writes and reads the options of a persistent index (the store's options blob).</summary>
/// <remarks>
/// <para>
/// Layout, little-endian: u16 codec version (5, or 6 with learned function words); MinHash parameters (family u8, k u16, seed u64, shingle unit u8, size
/// u8) for the word sketch and for the spin sketch; SimHash seed u64, feature unit u8, size u8; winnowing windows u16 ×2;
/// LSH thresholds f64 ×2; min shared fingerprints u16 ×2; max postings u32; verification thresholds f64 ×3, i32 ×2,
/// f64, i32, f64, i32, f64 ×3; function words: tag u8, 0 = the built-in English list (<see cref="FunctionWords.English"/>,
/// nothing follows) or 1 = an explicit list, followed by its count u32 and that many token hashes u64, strictly
/// ascending. A list equal to the English one as a set is written as tag 0; then normalisation flags u8, bit 0 set when
/// look-alike letters fold (<see cref="AnalysisOptions.FoldConfusables"/>), bit 1 set when words longer than 128
/// characters hash whole (<see cref="AnalysisOptions.HashWholeTokens"/>), the other bits zero; then u16 the analysis
/// version the index's documents were analysed with (<see cref="DocumentAnalyzer.AnalysisVersion"/>, written as this
/// build's, and again by a compaction, which writes every document as this build analyses it); in version 6 only, the
/// function words learned from a collection (<see cref="AnalysisOptions.LearnedFunctionWords"/>): count u32 (at least
/// 1) and that many token hashes u64, strictly ascending. Options without learned words are written as version 5, so
/// that builds before version 6 still open such an index. The store checksums the blob.
/// </para>
/// <para>
/// Version 4 (still read, no longer written) ends after the normalisation flags: such an index records no analysis
/// version, and reads as version 0 (analysed by a build before versions were recorded).
/// </para>
/// <para>
/// Version 3 (still read, no longer written) is the same with bit 1 always clear: such an index hashes the first 128
/// characters of a long word and its length.
/// </para>
/// <para>
/// Version 2 (still read, no longer written) ends after the function words: such an index folds no look-alike letters.
/// </para>
/// <para>
/// Version 1 (still read, no longer written) has the same fields up to the function words, which are one language byte
/// instead, always 0 = English: version 1 did not record a custom list, so an index made with one reopens as English.
/// </para>
/// </remarks>
internal static class IndexOptionsCodec
{
    private const ushort Version = 6;

    /// <summary>The version written for options without learned function words (the layout of version 6 without its
    /// last field).</summary>
    private const ushort VersionWithoutLearned = 5;

    /// <summary>The analysis version an options blob before codec version 5 stands for: not recorded.</summary>
    public const int UnrecordedAnalysisVersion = 0;

    /// <summary>Normalisation flag of version 3: look-alike letters fold.</summary>
    private const byte FoldConfusablesFlag = 1;

    /// <summary>Normalisation flag of version 4: words longer than 128 characters hash whole.</summary>
    private const byte WholeTokensFlag = 2;

    /// <summary>Function-word tag of version 2 (and language byte of version 1): the built-in English list.</summary>
    private const byte EnglishTag = 0;

    /// <summary>Function-word tag of version 2: an explicit list of token hashes follows.</summary>
    private const byte ListTag = 1;

    /// <summary>MinHash parameters: family u8, k u16, seed u64, shingle unit u8, shingle size u8.</summary>
    private const int MinHashBytes = 1 + 2 + 8 + 1 + 1;

    /// <summary>Every field before the function words, which are the only part of variable length.</summary>
    private const int FixedBytes =
        2                        // codec version
        + (2 * MinHashBytes)     // word and spin sketches
        + (8 + 1 + 1)            // SimHash seed, feature unit and size
        + (2 * 2)                // winnowing windows
        + (2 * 8)                // LSH thresholds
        + (2 * 2)                // min shared fingerprints
        + 4                      // max postings
        + (8 * 8) + (4 * 4);     // verification: eight f64 thresholds, four i32 counts

    public static byte[] Write(IndexOptions o)
    {
        FunctionWords words = o.Analysis.FunctionWords;
        FunctionWords? learned = o.Analysis.LearnedFunctionWords;
        bool english = words.SetEquals(FunctionWords.English);
        byte[] blob = new byte[FixedBytes + (english ? 1 : 1 + 4 + (8 * words.Count)) + 1 + 2 + (learned is null ? 0 : 4 + (8 * learned.Count))];
        var w = new SpanWriter(blob);
        w.U16(learned is null ? VersionWithoutLearned : Version);
        WriteMinHash(ref w, o.Analysis.MinHash);
        WriteMinHash(ref w, o.Analysis.SpinSketch);
        w.U64(o.Analysis.SimHash.Seed);
        w.U8((byte)o.Analysis.SimHash.Features.Unit);
        w.U8((byte)o.Analysis.SimHash.Features.Size);
        w.U16((ushort)o.Analysis.WinnowingWindow);
        w.U16((ushort)o.Analysis.SpinWinnowingWindow);
        w.F64(o.LshThreshold);
        w.F64(o.SpinLshThreshold);
        w.U16((ushort)o.MinSharedFingerprints);
        w.U16((ushort)o.MinSharedSpinFingerprints);
        w.U32((uint)o.MaxPostings);
        VerificationOptions v = o.Verification;
        w.F64(v.NearDuplicateCoverage);
        w.F64(v.ContainedCoverage);
        w.F64(v.MinPassageShare);
        w.U32((uint)v.MinPassageShingles);
        w.U32((uint)v.PassageGap);
        w.F64(v.MinSpinRate);
        w.U32((uint)v.MinSpinSubstitutions);
        w.F64(v.MinSpunCoverage);
        w.U32((uint)v.MinSpunAlignedTokens);
        w.F64(v.MinSpunMatchRate);
        w.F64(v.MinSpunContentMatchRate);
        w.F64(v.MinSpunDensity);

        // A list equal to English as a set is written as the tag alone, so such an index reads back as English.
        if (english)
        {
            w.U8(EnglishTag);
        }
        else
        {
            w.U8(ListTag);
            w.CountedU64s(words.SortedHashes);
        }

        w.U8((byte)((o.Analysis.FoldConfusables ? FoldConfusablesFlag : 0) | (o.Analysis.HashWholeTokens ? WholeTokensFlag : 0)));
        w.U16(DocumentAnalyzer.AnalysisVersion);
        if (learned is not null)
        {
            w.CountedU64s(learned.SortedHashes);
        }

        w.End();
        return blob;
    }

    public static IndexOptions Read(ReadOnlySpan<byte> blob, string source) => Read(blob, source, out _);

    /// <summary>Reads an options blob of any version this build knows.</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="source">The index's name in errors.</param>
    /// <param name="analysisVersion">The analysis version the index's documents were analysed with;
    /// <see cref="UnrecordedAnalysisVersion"/> for a blob before codec version 5.</param>
    /// <returns>The options.</returns>
    /// <exception cref="Storage.NearDupFormatException">The blob is damaged, of a newer version, or holds an invalid value.</exception>
    public static IndexOptions Read(ReadOnlySpan<byte> blob, string source, out int analysisVersion)
    {
        var r = new SpanReader(blob, source, "options");
        ushort version = r.U16("format version");
        r = r.WithSubject($"options format {version}");
        if (version > Version)
        {
            throw r.Error($"is newer than this build (reads ≤ {Version})");
        }

        try
        {
            // Read into locals in file order, then construct with named arguments: a constructor whose parameters
            // are reordered then still gets each value, which positional arguments read in file order would not.
            MinHashParameters minHash = ReadMinHash(ref r, "MinHash parameters");
            MinHashParameters spin = ReadMinHash(ref r, "spin sketch parameters");
            ulong simSeed = r.U64("SimHash seed");
            var simFeatures = new ShingleSpec((ShingleUnit)r.U8("SimHash feature unit"), r.U8("SimHash feature size"));
            int window = r.U16("winnowing window");
            int spinWindow = r.U16("spin winnowing window");
            double lsh = r.F64("LSH threshold");
            double spinLsh = r.F64("spin LSH threshold");
            int minShared = r.U16("min shared fingerprints");
            int minSpinShared = r.U16("min shared spin fingerprints");
            int maxPostings = (int)r.U32("max postings");
            double nearDuplicateCoverage = r.F64("near-duplicate coverage");
            double containedCoverage = r.F64("contained coverage");
            double minPassageShare = r.F64("min passage share");
            int minPassageShingles = (int)r.U32("min passage shingles");
            int passageGap = (int)r.U32("passage gap");
            double minSpinRate = r.F64("min spin rate");
            int minSpinSubstitutions = (int)r.U32("min spin substitutions");
            double minSpunCoverage = r.F64("min spun coverage");
            int minSpunAlignedTokens = (int)r.U32("min spun aligned tokens");
            double minSpunMatchRate = r.F64("min spun match rate");
            double minSpunContentMatchRate = r.F64("min spun content match rate");
            double minSpunDensity = r.F64("min spun density");
            FunctionWords functionWords = version < 2 ? ReadLanguage(ref r) : ReadFunctionWordList(ref r);
            byte normalisation = version >= 3 ? ReadNormalisation(ref r, version) : (byte)0;
            analysisVersion = version >= 5 ? r.U16("analysis version") : UnrecordedAnalysisVersion;
            FunctionWords? learned = version >= 6 ? ReadLearned(ref r) : null;
            r.End();

            var verification = new VerificationOptions(
                nearDuplicateCoverage: nearDuplicateCoverage,
                containedCoverage: containedCoverage,
                minPassageShare: minPassageShare,
                minPassageShingles: minPassageShingles,
                passageGap: passageGap,
                minSpinRate: minSpinRate,
                minSpinSubstitutions: minSpinSubstitutions,
                minSpunCoverage: minSpunCoverage,
                minSpunAlignedTokens: minSpunAlignedTokens,
                minSpunMatchRate: minSpunMatchRate,
                minSpunContentMatchRate: minSpunContentMatchRate,
                minSpunDensity: minSpunDensity);
            var analysis = new AnalysisOptions(
                minHash: minHash,
                simHash: new SimHashParameters(simSeed, simFeatures),
                winnowingWindow: window,
                spinSketch: spin,
                spinWinnowingWindow: spinWindow,
                functionWords: functionWords,
                foldConfusables: (normalisation & FoldConfusablesFlag) != 0,
                hashWholeTokens: (normalisation & WholeTokensFlag) != 0);
            if (learned is not null)
            {
                analysis = analysis.WithLearnedFunctionWords(learned);
            }

            return new IndexOptions(
                analysis: analysis,
                verification: verification,
                lshThreshold: lsh,
                minSharedFingerprints: minShared,
                maxPostings: maxPostings,
                maxDegreeOfParallelism: 0,
                spinLshThreshold: spinLsh,
                minSharedSpinFingerprints: minSpinShared);
        }
        catch (ArgumentException e)
        {
            throw r.Error($"holds an invalid value: {e.Message}", e);
        }
    }

    private static void WriteMinHash(ref SpanWriter w, MinHashParameters p)
    {
        w.U8((byte)p.Family);
        w.U16((ushort)p.HashCount);
        w.U64(p.Seed);
        w.U8((byte)p.Shingles.Unit);
        w.U8((byte)p.Shingles.Size);
    }

    private static MinHashParameters ReadMinHash(ref SpanReader r, string what)
    {
        var family = (MinHashFamily)r.U8(what);
        int k = r.U16(what);
        ulong seed = r.U64(what);
        var shingles = new ShingleSpec((ShingleUnit)r.U8(what), r.U8(what));
        return new MinHashParameters(family, k, seed, shingles);
    }

    /// <summary>The normalisation flags of version 3 and later; a bit the version does not define is an error, not a flag
    /// to ignore.</summary>
    private static byte ReadNormalisation(ref SpanReader r, ushort version)
    {
        long at = r.Offset;
        byte flags = r.U8("normalisation flags");
        byte known = version >= 4 ? (byte)(FoldConfusablesFlag | WholeTokensFlag) : FoldConfusablesFlag;
        if ((flags & ~known) != 0)
        {
            throw r.Error($"has normalisation flags {flags} at offset {at}, which this build does not know");
        }

        return flags;
    }

    /// <summary>Version 1's function words: a language byte, which only ever named English.</summary>
    private static FunctionWords ReadLanguage(ref SpanReader r)
    {
        byte language = r.U8("function-word language");
        if (language != EnglishTag)
        {
            throw r.Error($"names function-word language {language}, which this build does not know");
        }

        return FunctionWords.English;
    }

    /// <summary>Version 6's learned function words: their count (at least 1) and ascending token hashes.</summary>
    private static FunctionWords ReadLearned(ref SpanReader r)
    {
        long at = r.Offset;
        ulong[] hashes = r.CountedU64s("learned function words");
        if (hashes.Length == 0)
        {
            throw r.Error($"records an empty list of learned function words at offset {at} (version 6 is written only with some)");
        }

        try
        {
            return FunctionWords.FromSortedHashes(hashes);
        }
        catch (ArgumentException e)
        {
            throw r.Error($"holds learned function words at offset {at} that are not strictly ascending: {e.Message}", e);
        }
    }

    /// <summary>Version 2's function words: a tag, then for an explicit list its count and ascending token hashes.</summary>
    private static FunctionWords ReadFunctionWordList(ref SpanReader r)
    {
        long tagAt = r.Offset;
        byte tag = r.U8("function-word tag");
        if (tag == EnglishTag)
        {
            return FunctionWords.English;
        }

        if (tag != ListTag)
        {
            throw r.Error($"has function-word tag {tag} at offset {tagAt}, which this build does not know (0 = English, 1 = a list)");
        }

        // Not sorted or repeated: the ArgumentException becomes "holds an invalid value" with the position.
        return FunctionWords.FromSortedHashes(r.CountedU64s("function-word hashes"));
    }
}
