using System.CommandLine;
using System.IO;
using NearDup.Cli.Inputs;
using NearDup.Detection;
using NearDup.Redis;
using NearDup.Text;

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
        var learnFrom = new Option<string?>("--learn-from")
        {
            HelpName = "DIR",
            Description = "Learn the function words of documents in another language than the function words' from the documents under DIR (every *.txt below it), as scan learns them from what it scans, and keep them in the index: they then count in its documents of that language only.",
        };
        var command = new Command("create", "Create an empty index in a new directory, or in a namespace of a Redis-protocol server or cluster.") { path, analysis.ShingleSize, analysis.Hashes, analysis.Family, analysis.Seed, analysis.LshThreshold, analysis.FunctionWords, learnFrom, planned };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "create", () =>
        {
            if (!analysis.TryBuild(parse, "index create", stderr, (analysisOptions, lshThreshold) => new IndexOptions(analysisOptions, lshThreshold: lshThreshold), out IndexOptions? options))
            {
                return Program.UsageError;
            }

            if (parse.GetValue(learnFrom) is { } sample)
            {
                string folder = Path.GetFullPath(sample);
                if (!Directory.Exists(folder))
                {
                    stderr.WriteLine($"neardup index create: --learn-from {sample}: no such folder.");
                    return Program.UsageError;
                }

                var learner = new FunctionWordLearner(options.Analysis);
                var files = TextInputs.List(folder, ["*.txt"]).Files;
                System.Threading.Tasks.Parallel.ForEach(files, f =>
                {
                    if (TextInputs.TryReadText(f.Path, out string? text, out _))
                    {
                        learner.Observe(text);
                    }
                });
                FunctionWordLearning learning = learner.Learn();
                options = options.WithLearnedFunctionWords(learning.Learned);
                if (learning.Words.Count == 0)
                {
                    stderr.WriteLine($"neardup index create: learned no function words from the {files.Count:N0} files under {folder}: the function words cover them.");
                }
                else
                {
                    FunctionWordsFile.ReportLearned(learning, "index create", stderr);
                }
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
