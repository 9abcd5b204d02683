using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>One golden index directory: its folder under <c>Golden/</c> and how this build writes it, if it still does.</summary>
/// <param name="Name">The folder, named after the format versions it holds.</param>
/// <param name="PayloadVersion">The document payload version every stored document has.</param>
/// <param name="Write">Writes the directory's files (the history on <see cref="GoldenFiles.Indexes"/>); null once this build no longer writes the format (the folder is then only read).</param>
internal sealed record GoldenIndex(string Name, byte PayloadVersion, Action<string>? Write)
{
    public override string ToString() => Name;
}

/// <summary>One golden single-blob file (options, payload) and how this build writes it, if it still does.</summary>
/// <param name="Name">The file name under <c>Golden/</c>, with the format version in it.</param>
/// <param name="Write">Produces the bytes; null once this build no longer writes the format.</param>
internal sealed record GoldenBlob(string Name, Func<byte[]>? Write)
{
    public override string ToString() => Name;
}

/// <summary>
/// What the files in <c>Golden/</c> hold and how they were written (see <c>Golden/README.md</c>): fixed options, the
/// documents of <see cref="GoldenTexts"/>, and one fixed history of adds, a compaction and a remove.
/// </summary>
internal static class GoldenFiles
{
    /// <summary>Set to 1 to let <see cref="GoldenFileTests.Regenerate_golden_files"/> rewrite the files in the source tree.</summary>
    public const string RegenerateVariable = "NEARDUP_REGENERATE_GOLDEN";

    /// <summary>The document added in the first batch and removed by the last one: in the snapshot, not live.</summary>
    public static readonly (string Id, string Text) Removed = ("bridge-fair", GoldenTexts.BridgeFair);

    /// <summary>The live documents, in the order a store returns them.</summary>
    public static readonly (string Id, string Text)[] LiveDocuments =
    [
        ("canal-lock", GoldenTexts.CanalLock),
        ("night-train", GoldenTexts.NightTrain),
        ("clock-repair", GoldenTexts.ClockRepair),
        ("hill-library", GoldenTexts.HillLibrary),
    ];

    /// <summary>Each query with the verdicts (indexed original, kind) every golden index must give it, strongest first.</summary>
    public static readonly (string Id, string Text, (string A, MatchKind Kind)[] Verdicts)[] Queries =
    [
        ("exact-copy", GoldenTexts.CanalLock, [("canal-lock", MatchKind.Exact)]),
        ("near-copy", GoldenTexts.NearQuery, [("night-train", MatchKind.NearDuplicate)]),
        ("excerpt", GoldenTexts.ExcerptQuery, [("clock-repair", MatchKind.Contained)]),
        ("spun-copy", GoldenTexts.SpunQuery, [("hill-library", MatchKind.Spun)]),
        ("removed-copy", GoldenTexts.BridgeFair, []),
    ];

    /// <summary>
    /// The options every golden file of options version 4 was written with, spelled out rather than taken from the
    /// defaults (equal to them when the files were made), so that a change of default never passes for a change of format.
    /// </summary>
    public static IndexOptions Options { get; } = Golden(foldConfusables: true, hashWholeTokens: true);

    /// <summary>The options of the golden files of options version 3, which predate whole hashing of long words: as
    /// <see cref="Options"/>, without it.</summary>
    public static IndexOptions OptionsVersion3 { get; } = Golden(foldConfusables: true, hashWholeTokens: false);

    /// <summary>The options of the golden files of options versions 1 and 2, which predate the folding of look-alike
    /// letters too: as <see cref="OptionsVersion3"/>, without it.</summary>
    public static IndexOptions OptionsBeforeVersion3 { get; } = Golden(foldConfusables: false, hashWholeTokens: false);

    /// <summary>The options a golden file of this name was written with.</summary>
    /// <param name="name">The file or folder name.</param>
    /// <returns><see cref="Options"/> for options versions 4 and 5, <see cref="OptionsVersion3"/> for 3,
    /// <see cref="OptionsBeforeVersion3"/> before.</returns>
    public static IndexOptions OptionsOf(string name) =>
        OptionsVersion(name) switch
        {
            >= 4 => Options,
            3 => OptionsVersion3,
            _ => OptionsBeforeVersion3,
        };

    /// <summary>The options version a golden file's name says (1 when it names none).</summary>
    /// <param name="name">The file or folder name.</param>
    /// <returns>The version.</returns>
    public static int OptionsVersion(string name)
    {
        for (int v = 9; v >= 2; v--)
        {
            if (name.Contains($"options-v{v}", StringComparison.Ordinal) || name.Contains($"options{v}", StringComparison.Ordinal))
            {
                return v;
            }
        }

        return 1;
    }

    private static IndexOptions Golden(bool foldConfusables, bool hashWholeTokens) => new(
        new AnalysisOptions(
            new MinHashParameters(MinHashFamily.OnePermutation, 128, 0x5EED_0F_4E_44_55_50UL, new ShingleSpec(ShingleUnit.Word, 5)),
            new SimHashParameters(0x5EED_51_4E_44_55_50UL, new ShingleSpec(ShingleUnit.Word, 1)),
            winnowingWindow: 8,
            new MinHashParameters(MinHashFamily.OnePermutation, 128, 0x5EED_0F_4E_44_55_50UL ^ 0x5350_494E, new ShingleSpec(ShingleUnit.Skeleton, 7)),
            spinWinnowingWindow: 4,
            foldConfusables: foldConfusables,
            hashWholeTokens: hashWholeTokens),
        new VerificationOptions(
            nearDuplicateCoverage: 0.8,
            containedCoverage: 0.8,
            minPassageShare: 0.15,
            minPassageShingles: 10,
            passageGap: 0,
            minSpinRate: 0.03,
            minSpinSubstitutions: 3,
            minSpunCoverage: 0.25,
            minSpunAlignedTokens: 40,
            minSpunMatchRate: 0.45,
            minSpunContentMatchRate: 0.15,
            minSpunDensity: 0.35),
        lshThreshold: 0.5,
        minSharedFingerprints: 2,
        maxPostings: 64,
        maxDegreeOfParallelism: 0,
        spinLshThreshold: 0.5,
        minSharedSpinFingerprints: 5);

    /// <summary>The explicit function-word list of <c>options-v2-list.bin</c> and <c>options-v3-list.bin</c>: German articles and conjunctions, the kind of list a caller indexing another language passes.</summary>
    public static FunctionWords ListedFunctionWords { get; } = new(["der", "die", "das", "und", "oder"]);

    /// <summary><see cref="Options"/> with <see cref="ListedFunctionWords"/> instead of the English list.</summary>
    public static IndexOptions OptionsWithListedFunctionWords { get; } = WithListedFunctionWords(Options);

    /// <summary><see cref="OptionsVersion3"/> with <see cref="ListedFunctionWords"/> instead of the English list.</summary>
    public static IndexOptions OptionsWithListedFunctionWordsVersion3 { get; } = WithListedFunctionWords(OptionsVersion3);

    /// <summary><see cref="OptionsBeforeVersion3"/> with <see cref="ListedFunctionWords"/> instead of the English list.</summary>
    public static IndexOptions OptionsWithListedFunctionWordsBeforeVersion3 { get; } = WithListedFunctionWords(OptionsBeforeVersion3);

    private static IndexOptions WithListedFunctionWords(IndexOptions Options) => new(
        new AnalysisOptions(
            Options.Analysis.MinHash,
            Options.Analysis.SimHash,
            Options.Analysis.WinnowingWindow,
            Options.Analysis.SpinSketch,
            Options.Analysis.SpinWinnowingWindow,
            ListedFunctionWords,
            Options.Analysis.FoldConfusables,
            Options.Analysis.HashWholeTokens),
        Options.Verification,
        Options.LshThreshold,
        Options.MinSharedFingerprints,
        Options.MaxPostings,
        maxDegreeOfParallelism: 0,
        Options.SpinLshThreshold,
        Options.MinSharedSpinFingerprints);

    /// <summary>The function words <see cref="OptionsWithLearnedFunctionWords"/> holds as learned ones.</summary>
    public static readonly FunctionWords LearnedFunctionWords = new(["und", "oder", "nicht"]);

    /// <summary><see cref="Options"/> with <see cref="LearnedFunctionWords"/> learned beside the English list.</summary>
    public static IndexOptions OptionsWithLearnedFunctionWords { get; } = Options.WithLearnedFunctionWords(LearnedFunctionWords);

    /// <summary>The single-blob golden files.</summary>
    public static readonly GoldenBlob[] Blobs =
    [
        new("options-v1.bin", null),
        new("options-v2.bin", null),
        new("options-v2-list.bin", null),
        new("options-v3.bin", null),
        new("options-v3-list.bin", null),
        new("options-v4.bin", null),
        new("options-v4-list.bin", null),
        new("options-v5.bin", () => IndexOptionsCodec.Write(Options)),
        new("options-v5-list.bin", () => IndexOptionsCodec.Write(OptionsWithListedFunctionWords)),
        new("options-v6-learned.bin", () => IndexOptionsCodec.Write(OptionsWithLearnedFunctionWords)),
        new("payload-v1.bin", () => DocumentPayload.Encode(GoldenTexts.CanalLock)),
        new("payload-v2.bin", null),
        new("payload-v3-quality5.bin", null),
        new("payload-v3.bin", null),
        new("payload-v4.bin", () => DocumentPayload.Encode(StoredForm.From(new DocumentAnalyzer(Options.Analysis).Analyze("canal-lock", GoldenTexts.CanalLock)))),
    ];

    /// <summary>The golden index directories.</summary>
    /// <remarks>
    /// Every one went through the same history: create (generation 1); one batch adding the first three
    /// <see cref="LiveDocuments"/> and <see cref="Removed"/> (sequence 1); compact (snapshot generation 2 holding those
    /// four, empty log); a batch adding the fourth live document (sequence 2); a batch removing <see cref="Removed"/>
    /// (sequence 3). So the snapshot holds a DOCS section and the log an add record and a remove record.
    /// The folders without an options version in their name hold options blob version 1 and are only read: the
    /// version 1 payload folder was written straight to the store, as builds before payload version 2 did.
    /// </remarks>
    public static readonly GoldenIndex[] Indexes =
    [
        new("index-options5-snapshot2-wal2-payload4-image4", DocumentPayload.Version4, WriteWithTheIndex),
        new("index-options4-snapshot2-wal2-payload4-image4", DocumentPayload.Version4, null),
        new("index-options4-snapshot2-wal2-payload4-image4-leads", DocumentPayload.Version4, null),
        new("index-options4-snapshot2-wal2-payload4-image4-wordpairs-only", DocumentPayload.Version4, null),
        new("index-options4-snapshot2-wal2-payload4-image3", DocumentPayload.Version4, null),
        new("index-options4-snapshot2-wal2-payload3-image4", DocumentPayload.Version3, null),
        new("index-options4-snapshot2-wal2-payload3-image3", DocumentPayload.Version3, null),
        new("index-options4-snapshot2-wal2-payload3-image2", DocumentPayload.Version3, null),
        new("index-options4-snapshot2-wal2-payload3-image1", DocumentPayload.Version3, null),
        new("index-options4-snapshot2-wal2-payload3", DocumentPayload.Version3, null),
        new("index-options4-snapshot2-wal2-payload3-quality5", DocumentPayload.Version3, null),
        new("index-options3-snapshot2-wal2-payload3", DocumentPayload.Version3, null),
        new("index-options3-snapshot1-wal1-payload3", DocumentPayload.Version3, null),
        new("index-options3-snapshot1-wal1-payload2", DocumentPayload.Version2, null),
        new("index-options2-snapshot1-wal1-payload2", DocumentPayload.Version2, null),
        new("index-snapshot1-wal1-payload2", DocumentPayload.Version2, null),
        new("index-snapshot1-wal1-payload1", DocumentPayload.Version1, null),
    ];

    /// <summary>The files of an index directory that are format files (the lock file is empty and not one).</summary>
    public static readonly string[] IndexFileNames = [StoreFormat.SnapshotFileName, StoreFormat.LogFileName];

    /// <summary>The golden folder the tests read: copied next to the test assembly by the project file.</summary>
    public static string OutputDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden");

    /// <summary>The golden folder in the source tree, which only regeneration writes (found above the test binaries,
    /// since a CI build maps the compiled-in source paths to <c>/_/</c>).</summary>
    public static string SourceDirectory() =>
        Path.Combine(SharedData.RequireRepoRoot(), "tests", "NearDup.Tests", "Golden");

    /// <summary>The index identity of the golden folders of snapshot format 2 and later: fixed, so that the files are
    /// the same bytes every time (an index made by <see cref="NearDupIndex.Create"/> gets a random one).</summary>
    public static readonly Guid Identity = new("6e656172-6475-7020-676f-6c64656e2121");

    /// <summary>The first batch of the history: three live documents and the one removed later.</summary>
    private static (string Id, string Text)[] FirstBatch => [.. LiveDocuments.Take(3), Removed];

    /// <summary>Writes the history through <see cref="NearDupIndex"/>, as this build stores documents (payload version 4).</summary>
    private static void WriteWithTheIndex(string directory)
    {
        using (NearDupIndex index = NearDupIndex.Open(DirectoryIndexStore.Create(directory, NearDupIndex.OptionsBlob(Options), Identity), Options, directory))
        {
            index.AddBatch(FirstBatch);
            index.Compact();
            index.Add(LiveDocuments[3].Id, LiveDocuments[3].Text);
            index.Remove([Removed.Id]);
        }

        DeleteLock(directory);
    }

    private static void DeleteLock(string directory) => File.Delete(Path.Combine(directory, StoreFormat.LockFileName));

    /// <summary>Copies a golden index into <paramref name="destination"/>, so that opening it (which takes a lock and may repair the log) never touches the golden files.</summary>
    public static void CopyIndex(GoldenIndex index, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string name in IndexFileNames)
        {
            File.Copy(Path.Combine(OutputDirectory, index.Name, name), Path.Combine(destination, name));
        }
    }

    /// <summary>The names of the files in a directory, sorted, without the lock file.</summary>
    public static List<string> FormatFiles(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).Where(n => n != StoreFormat.LockFileName).Order(StringComparer.Ordinal).ToList()!;
}
