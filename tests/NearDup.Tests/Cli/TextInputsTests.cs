using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Cli.Inputs;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><see cref="TextInputs"/>, the reader <c>scan</c>, <c>index</c> and <c>explain</c> share, and
/// <see cref="InputDocuments"/>, which the index reads its inputs through, on files in a fresh temp folder per test.</summary>
public class TextInputsTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-inputs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    private static (bool Read, string? Text, string? Reason) Read(string path)
    {
        bool read = TextInputs.TryReadText(path, out string? text, out string? reason);
        return (read, text, reason);
    }

    private const string EmptyReason = "empty file, or not a regular file (a pipe, a device or a socket)";

    private static readonly InputSelection Selection = new(["*.txt"], [], 1, DatasetFields.Default, TextInputs.DefaultMaxFileBytes);

    private static (string? Id, string? Text, string? Error)[] Documents(string[] inputs, TextReader stdin) =>
        [.. InputDocuments.Read(inputs, Selection, stdin).Select(d => (d.Id, d.Text, d.Error))];

    private static (string? Id, string? Text, string? Error)[] JsonLines(string stdin) => Documents(["-"], new StringReader(stdin));

    // ---- TryReadText ------------------------------------------------------------------------------------------------

    [Test]
    public void TryReadText_ValidFile_ReturnsTheText() =>
        Assert.That(Read(Write("a.txt", "Grüße aus Köln.\n")), Is.EqualTo((true, "Grüße aus Köln.\n", (string?)null)));

    [Test]
    public void TryReadText_LeadingBom_IsDropped() =>
        Assert.That(Read(WriteBytes("bom.txt", [0xEF, 0xBB, 0xBF, .. "words"u8])).Text, Is.EqualTo("words"));

    [Test]
    public void TryReadText_EmptyFile_ReasonIsEmptyFile() =>
        Assert.That(Read(WriteBytes("empty.txt", [])), Is.EqualTo((false, (string?)null, EmptyReason)));

    [Test]
    public void TryReadText_InvalidUtf8_ReasonGivesTheByteOffset() =>
        // 0xFF can start no UTF-8 sequence; it stands after the 16 bytes of "good words then ".
        Assert.That(Read(WriteBytes("bad.txt", [.. "good words then "u8, 0xFF, 0x41])), Is.EqualTo((false, (string?)null, "not valid UTF-8 (invalid byte at offset 16)")));

    [Test]
    public void TryReadText_InvalidUtf8AfterBom_OffsetCountsFromAfterTheBom() =>
        // 0xC3 0x28: a lead byte without its continuation, 14 bytes after the BOM (17 from the start of the file).
        Assert.That(Read(WriteBytes("bombad.txt", [0xEF, 0xBB, 0xBF, .. "bad after bom "u8, 0xC3, 0x28])).Reason, Is.EqualTo("not valid UTF-8 (invalid byte at offset 14)"));

    [Test]
    public void TryReadText_OverlongEncoding_ReasonIsNotValidUtf8() =>
        // C0 80 is an overlong NUL, which strict UTF-8 refuses rather than reading as U+0000.
        Assert.That(Read(WriteBytes("overlong.txt", [0x61, 0x62, 0xC0, 0x80])).Reason, Is.EqualTo("not valid UTF-8 (invalid byte at offset 2)"));

    [Test]
    public void TryReadText_MissingFile_ReasonIsUnreadableNamingIt()
    {
        string missing = PathOf("no-such-file.txt");
        Assert.That(Read(missing).Reason, Does.StartWith("unreadable: ").And.Contain(missing));
    }

    [Test]
    public void TryReadText_Folder_ReasonSaysItIsAFolder() =>
        // A folder cannot be read as a file even by root, so this holds wherever the tests run.
        Assert.That(Read(_dir).Reason, Is.EqualTo("a folder, not a file"));

    // ---- List -------------------------------------------------------------------------------------------------------

    [Test]
    public void List_Subfolder_IdIsRelativePathWithSlash()
    {
        string path = Write(Path.Combine("sea", "harbour.txt"), "x");
        Assert.That(TextInputs.List(_dir, ["*.txt"]).Files, Is.EqualTo(new[] { ("sea/harbour.txt", path) }));
    }

    [Test]
    public void List_FolderWhereNoFileMatches_SaysSoNamingThePatternsAndAnExample()
    {
        Write("data.jsonl", "{}");
        Write(Path.Combine("more", "b.csv"), "x");
        InputListing listing = TextInputs.List(_dir, ["*.txt"]);
        Assert.That(
            (listing.Files.Count, listing.Skipped.Select(s => (s.Path, s.Reason)).ToList()),
            Is.EqualTo((0, new List<(string, string)> { (Path.GetFullPath(_dir), "no file matches --glob '*.txt' (2 files there, e.g. data.jsonl); --glob chooses a folder's files, and scan, dedup and index read a dataset file (JSON Lines, CSV, TSV, Parquet) given itself as the input") })));
    }

    [Test]
    public void List_FolderWhoseMatchingFilesAreAllExcluded_NamesTheExcludePatternToo()
    {
        Write("a.txt", "x");
        Assert.That(
            TextInputs.List(_dir, ["*.txt"], ["a.*"]).Skipped.Single().Reason,
            Does.StartWith("no file matches --glob '*.txt' outside --exclude 'a.*' (1 file there, e.g. a.txt)"));
    }

    [Test]
    public void List_EmptyFolder_SkipsNothing() =>
        Assert.That(TextInputs.List(_dir, ["*.txt"]).Skipped, Is.Empty);

    [Test]
    public void List_Files_SortedOrdinallyById()
    {
        foreach (string name in new[] { "b.txt", "B.txt", "a/z.txt", "a.txt" })
        {
            Write(name, "x");
        }

        Assert.That(TextInputs.List(_dir, ["*.txt"]).Files.Select(f => f.Id), Is.EqualTo(new[] { "B.txt", "a.txt", "a/z.txt", "b.txt" }));
    }

    [Test]
    public void List_FileMatchingTwoPatterns_ListedOnce()
    {
        Write("notes.txt", "x");
        Assert.That(TextInputs.List(_dir, ["*.txt", "notes.*"]).Files.Select(f => f.Id), Is.EqualTo(new[] { "notes.txt" }));
    }

    [Test]
    public void List_Pattern_MatchesCaseSensitively()
    {
        Write("upper.TXT", "x");
        Assert.That(TextInputs.List(_dir, ["*.txt"]).Files, Is.Empty);
    }

    [Test]
    public void List_PatternWithAFolderAndDoubleStar_MatchesPathsUnderTheFolder()
    {
        Write(Path.Combine("sea", "deep", "wreck.txt"), "x");
        Write(Path.Combine("land", "farm.txt"), "x");
        Write("top.txt", "x");
        Assert.That(TextInputs.List(_dir, ["sea/**/*.txt"]).Files.Select(f => f.Id), Is.EqualTo(new[] { "sea/deep/wreck.txt" }));
    }

    [Test]
    public void List_DoubleStarPattern_MatchesFilesAtEveryDepthIncludingTheTop()
    {
        Write(Path.Combine("sea", "deep", "wreck.txt"), "x");
        Write("top.txt", "x");
        Assert.That(TextInputs.List(_dir, ["**/*.txt"]).Files.Select(f => f.Id), Is.EqualTo(new[] { "sea/deep/wreck.txt", "top.txt" }));
    }

    [TestCase("../*.txt")]
    [TestCase("sea/../../*.txt")]
    [TestCase("/etc/passwd")]
    public void List_PatternLeavingTheFolder_IsRefusedNamingIt(string pattern) =>
        Assert.That(
            () => TextInputs.List(_dir, [pattern]),
            Throws.ArgumentException.With.Message.EqualTo($"--glob {pattern}: patterns are matched under the folder, so they cannot be absolute or contain '..'."));

    [Test]
    public void List_SymbolicLinkToItsParentFolder_IsNotFollowedAndIsReported()
    {
        string file = Write("a.txt", "x");
        Directory.CreateDirectory(PathOf("sub"));
        File.CreateSymbolicLink(PathOf(Path.Combine("sub", "loop")), "..");
        InputListing listing = TextInputs.List(_dir, ["*.txt"]);
        Assert.That(listing.Files, Is.EqualTo(new[] { ("a.txt", file) }));
        Assert.That(listing.Skipped.Select(s => (s.Path, s.Reason)), Is.EqualTo(new[] { (PathOf(Path.Combine("sub", "loop")), $"symbolic link to {_dir}, a folder read already: not followed") }));
    }

    [Test]
    public void List_TwoSymbolicLinksToTheParentFolder_EndWithEachFileOnce()
    {
        Write("a.txt", "x");
        Directory.CreateDirectory(PathOf("sub"));
        File.CreateSymbolicLink(PathOf(Path.Combine("sub", "up1")), "..");
        File.CreateSymbolicLink(PathOf(Path.Combine("sub", "up2")), "..");
        InputListing listing = TextInputs.List(_dir, ["*.txt"]);
        Assert.That((listing.Files.Select(f => f.Id), listing.Skipped.Count), Is.EqualTo((new[] { "a.txt" }, 2)));
    }

    [Test]
    public void List_SymbolicLinkToAFolderUnderTheRoot_LeavesItsFilesUnderTheirOwnPath()
    {
        // "a-link" sorts before "sub" and is listed first, yet the files keep the path of their real folder.
        Write(Path.Combine("sub", "x.txt"), "x");
        File.CreateSymbolicLink(PathOf("a-link"), "sub");
        InputListing listing = TextInputs.List(_dir, ["*.txt"]);
        Assert.That((listing.Files.Select(f => f.Id), listing.Skipped.Select(s => s.Path)), Is.EqualTo((new[] { "sub/x.txt" }, new[] { PathOf("a-link") })));
    }

    [Test]
    public void List_SymbolicLinkToAFolderOutside_IsFollowed()
    {
        string outside = Path.Combine(Path.GetTempPath(), "neardup-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        try
        {
            File.WriteAllText(Path.Combine(outside, "far.txt"), "x");
            Directory.CreateSymbolicLink(PathOf("linked"), outside);
            Assert.That(TextInputs.List(_dir, ["*.txt"]).Files.Select(f => f.Id), Is.EqualTo(new[] { "linked/far.txt" }));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Test]
    public void List_SymbolicLinkToAFileOfTheFolder_IsReadOnceUnderTheFilesOwnName()
    {
        string file = Write("a.txt", "x");
        File.CreateSymbolicLink(PathOf("copy.txt"), "a.txt");
        InputListing listing = TextInputs.List(_dir, ["*.txt"]);
        Assert.That(listing.Files, Is.EqualTo(new[] { ("a.txt", file) }));
        Assert.That(listing.Skipped.Select(s => (s.Path, s.Reason)), Is.EqualTo(new[] { (PathOf("copy.txt"), "the same file as a.txt, read once") }));
    }

    [Test]
    public void List_BrokenSymbolicLink_IsReported()
    {
        File.CreateSymbolicLink(PathOf("gone.txt"), "nowhere.txt");
        Assert.That(TextInputs.List(_dir, ["*.txt"]).Skipped.Select(s => s.Reason), Is.EqualTo(new[] { "broken symbolic link (to nowhere.txt)" }));
    }

    [Test]
    public void Read_FolderWithAFileWhoseNameIsNotUtf8_SaysSoAndReadsTheOthers()
    {
        Write("good.txt", "words");
        using (var touch = new System.Diagnostics.Process { StartInfo = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "touch \"$(printf 'bad\\377.txt')\""]) { WorkingDirectory = _dir } })
        {
            touch.Start();
            touch.WaitForExit();
            Assume.That(touch.ExitCode, Is.Zero, "needs sh and touch");
        }

        try
        {
            Assert.That(
                Documents([_dir], TextReader.Null).Select(r => r.Error ?? r.Id),
                Is.EqualTo(new[] { $"{PathOf("bad\uFFFD.txt")}: its name is not valid UTF-8, so it cannot be opened by name", "good.txt" }));
        }
        finally
        {
            // .NET cannot name the file to delete it either.
            using var rm = new System.Diagnostics.Process { StartInfo = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "rm -f ./bad*.txt"]) { WorkingDirectory = _dir } };
            rm.Start();
            rm.WaitForExit();
        }
    }

    [Test]
    public void TryReadText_NamedPipe_IsSkippedWithoutWaitingForAWriter()
    {
        string pipe = PathOf("pipe.txt");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
            Assume.That(mkfifo.ExitCode, Is.Zero, "mkfifo is needed to make a named pipe");
        }

        Assert.That(Read(pipe), Is.EqualTo((false, (string?)null, EmptyReason)));
    }

    [Test]
    public void TryReadText_SymbolicLinkToAnEndlessDevice_IsSkippedWithoutReadingIt()
    {
        Assume.That(File.Exists("/dev/zero"), "needs /dev/zero");
        File.CreateSymbolicLink(PathOf("zero.txt"), "/dev/zero");
        Assert.That(Read(PathOf("zero.txt")), Is.EqualTo((false, (string?)null, EmptyReason)));
    }

    [Test]
    public void TryReadText_FileOverTheLimit_IsSkippedNamingItsSizeAndTheLimit()
    {
        string path = Write("big.txt", new string('a', 2000));
        Assert.That(
            TextInputs.TryReadText(path, out _, out string? reason, maxBytes: 1024) ? null : reason,
            Is.EqualTo("2,000 bytes, over the limit of 1,024 bytes (--max-file-size)"));
    }

    [Test]
    public void Read_FolderWithALoop_ReportsTheLinkAndReadsTheFile()
    {
        Write("a.txt", "words");
        File.CreateSymbolicLink(PathOf("loop"), ".");
        Assert.That(
            Documents([_dir], TextReader.Null),
            Is.EqualTo(new (string?, string?, string?)[] { (null, null, $"{PathOf("loop")}: symbolic link to {_dir}, a folder read already: not followed"), ("a.txt", "words", null) }));
    }

    [Test]
    public void ReadJsonLines_AKeyTwice_IsRejectedWithTheLineNumber() =>
        Assert.That(
            JsonLines("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"id\":\"b\",\"text\":\"x\"}"),
            Is.EqualTo(new (string?, string?, string?)[] { ("a", "x", null), (null, null, "stdin line 2 has the key \"id\" twice") }));

    [Test]
    public void ReadJsonLines_ALineOfInvalidUtf8_IsRejectedWithItsNumberAndTheNextLinesRead()
    {
        byte[] bytes = [.. "{\"id\":\"a\",\"text\":\"x\"}\r\n"u8, .. "{\"id\":\"b"u8, 0xFF, .. "\",\"text\":\"y\"}\n"u8, .. "{\"id\":\"c\",\"text\":\"z\"}"u8];
        using var reader = new StrictLineReader(new MemoryStream(bytes));
        Assert.That(
            Documents(["-"], reader),
            Is.EqualTo(new (string?, string?, string?)[] { ("a", "x", null), (null, null, "stdin line 2 is not valid UTF-8 (invalid byte at offset 8 of the line)"), ("c", "z", null) }));
    }

    [Test]
    public void StrictLineReader_LeadingByteOrderMark_IsDropped()
    {
        using var reader = new StrictLineReader(new MemoryStream([0xEF, 0xBB, 0xBF, .. "first\nsecond"u8]));
        Assert.That((reader.ReadLine(), reader.ReadLine(), reader.ReadLine()), Is.EqualTo(("first", "second", (string?)null)));
    }

    // ---- Read -------------------------------------------------------------------------------------------------------

    [Test]
    public void Read_Folder_YieldsItsFilesWithRelativeIds()
    {
        Write(Path.Combine("sea", "harbour.txt"), "boats");
        Write("lighthouse.txt", "light");
        Assert.That(Documents([_dir], TextReader.Null), Is.EqualTo(new (string?, string?, string?)[] { ("lighthouse.txt", "light", null), ("sea/harbour.txt", "boats", null) }));
    }

    [Test]
    public void Read_File_IdIsThePathAsGiven()
    {
        string path = Write("lighthouse.txt", "light");
        Assert.That(Documents([path], TextReader.Null), Is.EqualTo(new (string?, string?, string?)[] { (path, "light", null) }));
    }

    [Test]
    public void Read_EmptyFileInFolder_ErrorStartsWithItsPath()
    {
        string path = WriteBytes("empty.txt", []);
        Assert.That(Documents([_dir], TextReader.Null), Is.EqualTo(new (string?, string?, string?)[] { (null, null, $"{path}: {EmptyReason}") }));
    }

    [Test]
    public void Read_MissingPath_ErrorSaysNoSuchFileOrFolder()
    {
        string missing = PathOf("nope");
        Assert.That(Documents([missing], TextReader.Null), Is.EqualTo(new (string?, string?, string?)[] { (null, null, $"{missing}: no such file or folder") }));
    }

    [Test]
    public void Read_Dash_ReadsJsonLinesInInputOrder()
    {
        string path = Write("file.txt", "from a file");
        var stdin = new StringReader("{\"id\":\"s\",\"text\":\"from stdin\"}\n");
        Assert.That(Documents(["-", path], stdin).Select(d => d.Id), Is.EqualTo(new[] { "s", path }));
    }

    // ---- ReadJsonLines ----------------------------------------------------------------------------------------------

    [Test]
    public void ReadJsonLines_ObjectWithIdAndText_YieldsThem() =>
        Assert.That(JsonLines("{\"id\":\"d1\",\"text\":\"some words\",\"extra\":1}\n"), Is.EqualTo(new (string?, string?, string?)[] { ("d1", "some words", null) }));

    [Test]
    public void ReadJsonLines_BlankLine_PassedOverButCounted() =>
        Assert.That(JsonLines("\nnot json\n").Single().Error, Does.StartWith("stdin line 2 is not JSON ("));

    [Test]
    public void ReadJsonLines_ALongTextLeftUnquoted_SaysWhereAndCutsTheTokenTheParserQuotes()
    {
        // The parser's message quotes the token it stopped at: here a megabyte of words.
        string line = "{\"id\":\"x\",\"text\":" + string.Concat(Enumerable.Repeat("tokenword", 100_000)) + "}";
        string error = JsonLines(line + "\n").Single().Error!;
        Assert.That(
            (error.StartsWith("stdin line 1 is not JSON (at byte 19: 'tokenwordtokenwordtokenw…' ", StringComparison.Ordinal), error.Length <= 40 + NearDup.Cli.Inputs.Datasets.MaxJsonReasonChars, error.Contains("LineNumber", StringComparison.Ordinal)),
            Is.EqualTo((true, true, false)),
            error);
    }

    [TestCase("{\"id\":\"a\" \"text\":\"x\"}", "stdin line 1 is not JSON (at byte 11: '\"' is invalid after a value. Expected either ',', '}', or ']')")]
    [TestCase("{\"id\":\"a\",\"text\":nothing}", "stdin line 1 is not JSON (at byte 19: 'nothing}' is an invalid JSON literal. Expected the literal 'null')")]
    public void ReadJsonLines_ShortTokens_AreQuotedWholeWithTheParsersReason(string line, string expected) =>
        Assert.That(JsonLines(line + "\n").Single().Error, Is.EqualTo(expected));

    [Test]
    public void ReadJsonLines_EmptyId_ErrorSaysEmptyId() =>
        Assert.That(JsonLines("{\"id\":\"\",\"text\":\"x\"}").Single().Error, Is.EqualTo("stdin line 1 has an empty id"));

    [TestCase("{\"id\":\"d1\"}", "stdin line 1 has no string field \"text\"", TestName = "ReadJsonLines_NoText_ErrorNamesTheField")]
    [TestCase("{\"id\":\"d1\",\"text\":7}", "stdin line 1 has no string field \"text\"", TestName = "ReadJsonLines_NumberText_ErrorNamesTheField")]
    [TestCase("{\"id\":true,\"text\":\"x\"}", "stdin line 1 has no string or number field \"id\"", TestName = "ReadJsonLines_BooleanId_ErrorNamesTheField")]
    [TestCase("[\"d1\",\"x\"]", "stdin line 1 is not a JSON object", TestName = "ReadJsonLines_Array_ErrorSaysItIsNoObject")]
    public void ReadJsonLines_LineWithoutAUsableIdOrText_ErrorNamesWhatIsWrong(string line, string error) =>
        Assert.That(JsonLines(line).Single().Error, Is.EqualTo(error));

    private static string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(1, count).Select(i => line(i) + "\n"));

    [Test]
    public void ReadJsonLines_AHundredLeadingRecordsWithoutTheTextField_RefuseTheInputNamingTheFieldAndTheKeysSeen()
    {
        string input = Lines(150, i => $"{{\"id\":\"r{i}\",\"body\":\"words\"}}");
        Assert.That(
            () => JsonLines(input),
            Throws.TypeOf<IOException>().With.Message.EqualTo("stdin: none of its first 100 records has a string field \"text\" (line 100 has the keys \"id\", \"body\"); --text-field names the field that holds the text."));
    }

    [Test]
    public void ReadJsonLines_FewerLeadingRecordsWithoutTheTextField_AreEachPassedOver() =>
        Assert.That(
            JsonLines(Lines(99, i => $"{{\"id\":\"r{i}\"}}") + "{\"id\":\"ok\",\"text\":\"x\"}\n").Count(r => r.Error is not null),
            Is.EqualTo(99));

    [Test]
    public void ReadJsonLines_RecordsWithoutTheTextFieldAfterOneWithIt_AreEachPassedOver() =>
        Assert.That(
            JsonLines("{\"id\":\"ok\",\"text\":\"x\"}\n" + Lines(150, i => $"{{\"id\":\"r{i}\"}}")).Count(r => r.Error is not null),
            Is.EqualTo(150));

    [Test]
    public void ReadJsonLines_RecordsWhoseTextIsNull_AreEachPassedOverNotTakenForAMistypedField() =>
        Assert.That(JsonLines(Lines(150, i => $"{{\"id\":\"r{i}\",\"text\":null}}")).Count(r => r.Error is not null), Is.EqualTo(150));

    [Test]
    public void ReadJsonLines_NumberId_IsTakenAsWritten() =>
        Assert.That(JsonLines("{\"id\":7,\"text\":\"x\"}"), Is.EqualTo(new (string?, string?, string?)[] { ("7", "x", null) }));

    [Test]
    public void ReadJsonLines_KeyTwiceInANestedField_IsRejectedNamingTheKey() =>
        Assert.That(
            InputDocuments.Read(["-"], Selection with { Fields = new DatasetFields("meta.key", "text") }, new StringReader("{\"meta\":{\"key\":1,\"key\":2},\"text\":\"x\"}")).Single().Error,
            Is.EqualTo("stdin line 1 has the key \"key\" twice"));

    [Test]
    public void ReadJsonLines_LoneSurrogateEscape_ErrorSaysNotValidUnicode() =>
        // Valid JSON, but "\ud800" is half a character: no .NET string can hold it.
        Assert.That(JsonLines("{\"id\":\"d1\",\"text\":\"\\ud800\"}").Single().Error, Does.StartWith("stdin line 1 holds a string that is not valid Unicode"));
}
