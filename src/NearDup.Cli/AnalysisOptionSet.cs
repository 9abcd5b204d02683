using System;
using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Text;

namespace NearDup.Cli;

/// <summary>
/// The options <c>scan</c> and <c>index create</c> share, which fix how documents are analysed and banded:
/// <c>--shingle-size</c>, <c>--hashes</c>, <c>--minhash</c>, <c>--seed</c>, <c>--lsh-threshold</c> and
/// <c>--function-words</c>; and the one place that turns them into <see cref="IndexOptions"/>.
/// </summary>
/// <remarks>Each command adds the options to itself, in its own order, so its help lists them where it did.</remarks>
internal sealed class AnalysisOptionSet
{
    /// <summary>Makes a new set of the options (System.CommandLine options belong to one command).</summary>
    /// <param name="familyDescription">The help text of <c>--minhash</c>, which the two commands word differently.</param>
    public AnalysisOptionSet(string familyDescription)
    {
        ShingleSize = new Option<int>("--shingle-size") { Description = "Words per shingle.", DefaultValueFactory = _ => ShingleSpec.Default.Size };
        Hashes = new Option<int>("--hashes", "-k") { Description = "MinHash values per sketch.", DefaultValueFactory = _ => 128 };
        Family = new Option<string>("--minhash") { Description = familyDescription, DefaultValueFactory = _ => "oph" };
        Family.AcceptOnlyFromAmong("oph", "kperm");
        Seed = new Option<ulong>("--seed") { Description = "Seed of the sketch hash functions.", DefaultValueFactory = _ => MinHashParameters.DefaultSeed };
        LshThreshold = new Option<double>("--lsh-threshold") { Description = "Jaccard threshold the LSH banding is tuned for.", DefaultValueFactory = _ => 0.5 };
        FunctionWords = FunctionWordsFile.Option();
    }

    /// <summary><c>--shingle-size</c>: words per shingle.</summary>
    public Option<int> ShingleSize { get; }

    /// <summary><c>--hashes</c>, <c>-k</c>: MinHash values per sketch.</summary>
    public Option<int> Hashes { get; }

    /// <summary><c>--minhash</c>: <c>oph</c> or <c>kperm</c>.</summary>
    public Option<string> Family { get; }

    /// <summary><c>--seed</c>: seed of the sketch hash functions.</summary>
    public Option<ulong> Seed { get; }

    /// <summary><c>--lsh-threshold</c>: the Jaccard threshold the banding is tuned for.</summary>
    public Option<double> LshThreshold { get; }

    /// <summary><c>--function-words FILE</c> (<see cref="FunctionWordsFile"/>).</summary>
    public Option<FileInfo?> FunctionWords { get; }

    /// <summary>Reads the function words file, then builds the MinHash parameters and analysis options from the parsed
    /// values and hands them, with the LSH threshold, to <paramref name="create"/>.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="verb">The command (<c>scan</c>, <c>index create</c>), for messages.</param>
    /// <param name="stderr">Where problems are reported.</param>
    /// <param name="create">Makes the command's <see cref="IndexOptions"/> from the analysis options and the LSH threshold;
    /// an <see cref="ArgumentException"/> it throws is reported like those of the parameters.</param>
    /// <param name="options">Receives the options; null when false is returned.</param>
    /// <returns>False, after a message starting <c>neardup VERB:</c>, when the function words file cannot be used or a
    /// value is out of range (the caller exits with <see cref="Program.UsageError"/>).</returns>
    public bool TryBuild(ParseResult parse, string verb, TextWriter stderr, Func<AnalysisOptions, double, IndexOptions> create, [NotNullWhen(true)] out IndexOptions? options)
    {
        options = null;
        if (!FunctionWordsFile.TryRead(parse.GetValue(FunctionWords), verb, stderr, out FunctionWords? words))
        {
            return false;
        }

        try
        {
            var minHash = new MinHashParameters(
                parse.GetValue(Family) == "kperm" ? MinHashFamily.KPermutation : MinHashFamily.OnePermutation,
                parse.GetValue(Hashes),
                parse.GetValue(Seed),
                new ShingleSpec(ShingleUnit.Word, parse.GetValue(ShingleSize)));
            options = create(new AnalysisOptions(minHash, functionWords: words), parse.GetValue(LshThreshold));
            return true;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"neardup {verb}: {OptionMessage(e)}");
            return false;
        }
    }

    /// <summary>The options the library's parameters come from, for messages: the library names its parameters.</summary>
    private static readonly (string Parameter, string Option)[] Options =
    [
        ("size", "--shingle-size"), ("hashCount", "--hashes"), ("lshThreshold", "--lsh-threshold"),
        ("nearDuplicateCoverage", "--near-duplicate"), ("containedCoverage", "--contained"), ("minPassageShare", "--min-passage-share"),
    ];

    /// <summary>A refused value's message in one line, naming the option it came from instead of the library's parameter
    /// ("size must be between 1 and 64; got 0. (Parameter 'size')" → "--shingle-size must be between 1 and 64; got 0.").</summary>
    /// <param name="e">The library's exception.</param>
    /// <returns>The message.</returns>
    internal static string OptionMessage(ArgumentException e)
    {
        string message = e.Message.Split('\n')[0];
        if (e.ParamName is { } parameter)
        {
            message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
            foreach ((string name, string option) in Options)
            {
                if (name == parameter && message.StartsWith(name + " ", StringComparison.Ordinal))
                {
                    return option + message[name.Length..];
                }
            }
        }

        return message.TrimEnd();
    }
}
