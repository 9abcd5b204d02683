using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using NearDup.Analysis;

namespace NearDup.Cli.Inputs;

/// <summary>What to read of the inputs a command is given, from the options of <see cref="InputOptionSet"/>.</summary>
/// <param name="Patterns">For a folder: the file patterns read (<c>--glob</c>).</param>
/// <param name="Excludes">For a folder: the patterns of files left out (<c>--exclude</c>).</param>
/// <param name="MinWords">Fewest words a document needs (<c>--min-words</c>, at least 1).</param>
/// <param name="Fields">For a dataset: the id and text fields (<c>--id-field</c>, <c>--text-field</c>).</param>
/// <param name="MaxBytes">The largest file read (<c>--max-file-size</c>).</param>
internal sealed record InputSelection(IReadOnlyList<string> Patterns, IReadOnlyList<string> Excludes, int MinWords, DatasetFields Fields, long MaxBytes)
{
    /// <summary>Why a document is passed over for its length, or null when it has words enough.</summary>
    /// <param name="document">The analysed document.</param>
    /// <returns>"no words (…)" or "N words, fewer than --min-words M"; null when it is kept.</returns>
    public string? Shortfall(AnalyzedDocument document) => Shortfall(document.ContentTokens.Length);

    /// <summary>Why a document of <paramref name="words"/> words is passed over for its length, or null when it has words
    /// enough.</summary>
    /// <param name="words">Its number of words (content tokens).</param>
    /// <returns>"no words (…)" or "N words, fewer than --min-words M"; null when it is kept.</returns>
    public string? Shortfall(int words) => words switch
    {
        0 => CorpusReader.NoWords,
        _ when words < MinWords => $"{words} words, fewer than --min-words {MinWords}",
        _ => null,
    };
}

/// <summary>
/// The options that say what a command reads, shared by <c>scan</c>, <c>dedup</c>, <c>index add</c> and
/// <c>index query</c>: <c>--glob</c>, <c>--exclude</c>, <c>--min-words</c>, <c>--id-field</c>, <c>--text-field</c> and
/// <c>--max-file-size</c>; and the one place that checks them.
/// </summary>
/// <remarks>Each command adds the options to itself, in its own order, so its help lists them where it did.</remarks>
internal sealed class InputOptionSet
{
    /// <summary>Makes a new set of the options (System.CommandLine options belong to one command).</summary>
    public InputOptionSet()
    {
        Glob = new Option<string[]>("--glob", "-g")
        {
            HelpName = "PATTERN",
            Description = "For a folder: file name pattern to read (repeatable); one without a '/' matches names at any depth, one with a '/' paths under the folder.",
            DefaultValueFactory = _ => ["*.txt"],
            AllowMultipleArgumentsPerToken = true,
        };
        Exclude = new Option<string[]>("--exclude")
        {
            HelpName = "PATTERN",
            Description = "For a folder: a pattern of files to leave out, written as --glob's (repeatable).",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = true,
        };
        MinWords = new Option<int>("--min-words")
        {
            HelpName = "N",
            Description = "Pass over documents with fewer words than this (not counting punctuation), naming them; 1 passes over only those with none.",
            DefaultValueFactory = _ => 1,
        };
        IdField = new Option<string?>("--id-field", "--id-column")
        {
            HelpName = "FIELD",
            Description = "For a dataset: the field (JSON dotted path, or CSV, TSV or Parquet column) holding each record's id. Default: id when a record has it, else its row number; index add and index query, which read several inputs into one index, qualify the row number with the input's path (data.csv#2).",
        };
        TextField = new Option<string>("--text-field", "--text-column")
        {
            HelpName = "FIELD",
            Description = "For a dataset: the field (JSON dotted path, or CSV, TSV or Parquet column) holding each record's text.",
            DefaultValueFactory = _ => "text",
        };
        MaxFileSize = TextInputs.MaxFileSizeOption();
    }

    /// <summary><c>--glob</c>, <c>-g</c>: which files of a folder are read.</summary>
    public Option<string[]> Glob { get; }

    /// <summary><c>--exclude</c>: files of a folder left out.</summary>
    public Option<string[]> Exclude { get; }

    /// <summary><c>--min-words</c>: fewest words a document needs.</summary>
    public Option<int> MinWords { get; }

    /// <summary><c>--id-field</c>, <c>--id-column</c>: a dataset's id field.</summary>
    public Option<string?> IdField { get; }

    /// <summary><c>--text-field</c>, <c>--text-column</c>: a dataset's text field.</summary>
    public Option<string> TextField { get; }

    /// <summary><c>--max-file-size</c>: the largest file read, in MiB.</summary>
    public Option<long> MaxFileSize { get; }

    /// <summary>Reads the options, or says on stderr which is out of range.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="verb">The command (<c>scan</c>, <c>index add</c>), for messages.</param>
    /// <param name="stderr">Where a problem is reported.</param>
    /// <param name="inputs">The inputs given, or null: an option none of them uses is refused.</param>
    /// <returns>The selection; null, after a one-line message starting <c>neardup VERB:</c>, when a value is out of range
    /// or a <c>--glob</c> or <c>--exclude</c> pattern is refused (the caller exits with <see cref="Program.UsageError"/>,
    /// before it reads or writes anything).</returns>
    public InputSelection? Read(ParseResult parse, string verb, TextWriter stderr, IReadOnlyList<string>? inputs = null)
    {
        int minWords = parse.GetValue(MinWords);
        if (minWords < 1)
        {
            stderr.WriteLine($"neardup {verb}: --min-words must be at least 1; got {minWords}.");
            return null;
        }

        string[] patterns = parse.GetValue(Glob)!, excludes = parse.GetValue(Exclude)!;
        if (FolderWalk.Problem(patterns, excludes) is { } problem)
        {
            // Checked here although a dataset never uses them: a mistyped pattern is refused the same way whatever the
            // inputs, and index add must not find it out after a batch was committed.
            stderr.WriteLine($"neardup {verb}: {problem}");
            return null;
        }

        if (inputs is not null && Unused(parse, inputs) is { } unused)
        {
            stderr.WriteLine($"neardup {verb}: {unused}");
            return null;
        }

        return TextInputs.MaxFileBytes(parse.GetValue(MaxFileSize), verb, stderr) is long maxBytes
            ? new InputSelection(patterns, excludes, minWords, new DatasetFields(parse.GetValue(IdField), parse.GetValue(TextField)!), maxBytes)
            : null;
    }

    /// <summary>An option given that no input uses, said as a refusal, or null: <c>--glob</c> and <c>--exclude</c>
    /// choose files of a folder, <c>--id-field</c> and <c>--text-field</c> fields of a dataset; given where no input is
    /// one, they would be silently ignored.</summary>
    private string? Unused(ParseResult parse, IReadOnlyList<string> inputs)
    {
        bool anyFolder = inputs.Any(Directory.Exists);
        bool anyDataset = inputs.Any(i => i == Datasets.Stdin || (!Directory.Exists(i) && Datasets.FormatOf(i) is not null));
        foreach (Option option in new Option[] { Glob, Exclude })
        {
            if (!anyFolder && parse.GetResult(option) is { Implicit: false })
            {
                return $"{option.Name} chooses files of a folder, and no input is a folder; leave it out.";
            }
        }

        foreach (Option option in new Option[] { IdField, TextField })
        {
            if (!anyDataset && parse.GetResult(option) is { Implicit: false })
            {
                return $"{option.Name} names a field of a dataset, and no input is a dataset; leave it out.";
            }
        }

        return null;
    }
}
