using System.CommandLine;
using System.IO;
using NearDup.Detection;

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
        var analysis = new AnalysisOptionSet("MinHash family: oph or kperm.");
        var command = new Command("create", "Create an empty index in a new directory.") { path, analysis.ShingleSize, analysis.Hashes, analysis.Family, analysis.Seed, analysis.LshThreshold, analysis.FunctionWords };
        command.SetAction(parse => IndexCommand.Guarded(stderr, "create", () =>
        {
            if (!analysis.TryBuild(parse, "index create", stderr, (analysisOptions, lshThreshold) => new IndexOptions(analysisOptions, lshThreshold: lshThreshold), out IndexOptions? options))
            {
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
