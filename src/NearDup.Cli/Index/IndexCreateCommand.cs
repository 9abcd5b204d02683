using System.CommandLine;
using System.IO;
using NearDup.Detection;
using NearDup.Redis;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index create PATH</c>: an empty index in a new directory (or a Redis namespace), with the analysis options it keeps for life.</summary>
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
        var redis = new RedisFlags(writes: true);
        var planned = new Option<long>("--planned-documents")
        {
            HelpName = "N",
            Description = "For a redis:// index: documents it is planned to hold, which sizes its posting hashes for life.",
            DefaultValueFactory = _ => RedisNearDupIndex.DefaultPlannedDocuments,
        };
        var command = new Command("create", "Create an empty index in a new directory, or in a namespace of a Redis-protocol server or cluster.") { path, analysis.ShingleSize, analysis.Hashes, analysis.Family, analysis.Seed, analysis.LshThreshold, analysis.FunctionWords, planned };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "create", () =>
        {
            if (!analysis.TryBuild(parse, "index create", stderr, (analysisOptions, lshThreshold) => new IndexOptions(analysisOptions, lshThreshold: lshThreshold), out IndexOptions? options))
            {
                return Program.UsageError;
            }

            string given = parse.GetValue(path)!;
            int replicas = redis.WaitReplicas(parse, given);
            if (redis.Location(parse, given) is { } location)
            {
                long documents = parse.GetValue(planned);
                if (documents < 1)
                {
                    stderr.WriteLine($"neardup index create: --planned-documents must be at least 1 (got {documents}).");
                    return Program.UsageError;
                }

                using NearDupIndex onServer = RedisNearDupIndex.Create(location, options, documents, waitForReplicas: replicas);
                stdout.WriteLine($"created index at {location} ({options.Analysis.MinHash})");
                return Program.Success;
            }

            string dir = Path.GetFullPath(given);
            using NearDupIndex created = NearDupIndex.Create(dir, options);
            stdout.WriteLine($"created index at {dir} ({options.Analysis.MinHash})");
            return Program.Success;
        }));
        return command;
    }
}
