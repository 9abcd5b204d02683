using System;
using System.CommandLine;
using System.IO;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Text;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index create PATH</c>: an empty index in a new directory, with the analysis options it keeps for life.</summary>
internal static class IndexCreateCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the confirmation.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var shingle = new Option<int>("--shingle-size") { Description = "Words per shingle.", DefaultValueFactory = _ => ShingleSpec.Default.Size };
        var hashes = new Option<int>("--hashes", "-k") { Description = "MinHash values per sketch.", DefaultValueFactory = _ => 128 };
        var family = new Option<string>("--minhash") { Description = "MinHash family: oph or kperm.", DefaultValueFactory = _ => "oph" };
        family.AcceptOnlyFromAmong("oph", "kperm");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sketch hash functions.", DefaultValueFactory = _ => MinHashParameters.DefaultSeed };
        var lsh = new Option<double>("--lsh-threshold") { Description = "Jaccard threshold the LSH banding is tuned for.", DefaultValueFactory = _ => 0.5 };
        var functionWords = FunctionWordsFile.Option();
        var command = new Command("create", "Create an empty index in a new directory.") { path, shingle, hashes, family, seed, lsh, functionWords };
        command.SetAction(parse => IndexCommand.Guarded(stderr, "create", () =>
        {
            if (!FunctionWordsFile.TryRead(parse.GetValue(functionWords), "index create", stderr, out FunctionWords? words))
            {
                return Program.UsageError;
            }

            ScanOptions options;
            try
            {
                var minHash = new MinHashParameters(
                    parse.GetValue(family) == "kperm" ? MinHashFamily.KPermutation : MinHashFamily.OnePermutation,
                    parse.GetValue(hashes), parse.GetValue(seed), new ShingleSpec(ShingleUnit.Word, parse.GetValue(shingle)));
                options = new ScanOptions(new AnalysisOptions(minHash, functionWords: words), lshThreshold: parse.GetValue(lsh));
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"neardup index create: {e.Message}");
                return Program.UsageError;
            }

            string dir = parse.GetValue(path)!.FullName;
            using NearDupIndex created = NearDupIndex.Create(dir, options);
            stdout.WriteLine($"created index at {dir} ({options.Analysis.MinHash})");
            return Program.Success;
        }));
        return command;
    }
}
