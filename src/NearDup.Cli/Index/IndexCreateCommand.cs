using System.CommandLine;
using System.IO;
using System.Linq;
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

            string given = parse.GetValue(path)!;
            if (parse.GetValue(learnFrom) is { } sample)
            {
                // The cheap checks first: learning reads the whole sample.
                string folder = Path.GetFullPath(sample);
                if (!Directory.Exists(folder))
                {
                    stderr.WriteLine($"neardup index create: --learn-from {sample}: no such folder.");
                    return Program.UsageError;
                }

                if (redis.Location(parse, given) is null && File.Exists(Path.Combine(Path.GetFullPath(given), "snapshot.ndup")))
                {
                    stderr.WriteLine($"neardup index create: {Path.GetFullPath(given)} already holds a NearDup index.");
                    return Program.Failure;
                }

                InputListing listing = TextInputs.List(folder, ["*.txt"]);
                if (listing.Files.Count == 0)
                {
                    stderr.WriteLine($"neardup index create: --learn-from {folder}: no *.txt file to learn from; nothing created.");
                    return Program.UsageError;
                }

                var learner = new FunctionWordLearner(options.Analysis);
                var skipped = new System.Collections.Concurrent.ConcurrentBag<string>();
                System.Threading.Tasks.Parallel.ForEach(listing.Files, f =>
                {
                    if (TextInputs.TryReadText(f.Path, out string? text, out string? reason))
                    {
                        learner.Observe(text);
                    }
                    else
                    {
                        skipped.Add($"{VerdictWriter.Printable(f.Path)}: {reason}");
                    }
                });
                foreach (string skip in listing.Skipped.Select(s => $"{VerdictWriter.Printable(s.Path)}: {s.Reason}").Concat(skipped.Order(System.StringComparer.Ordinal)))
                {
                    stderr.WriteLine($"neardup index create: skipped {skip}");
                }

                FunctionWordLearning learning = learner.Learn();
                if (learning.Words.Count == 0)
                {
                    // An index learns only now: one made without what was asked for could not learn it later.
                    stderr.WriteLine(learning.Teaching < FunctionWordLearner.MinFrequentDocuments
                        ? $"neardup index create: --learn-from {folder}: {learning.Teaching:N0} of its {learning.Documents:N0} documents can teach (in another language than the function words, with {FunctionWordLearner.MinDocumentWords} words of running text or more), and at least {FunctionWordLearner.MinFrequentDocuments} are needed; nothing created."
                        : $"neardup index create: --learn-from {folder}: its {learning.Teaching:N0} documents in another language than the function words share no word used often throughout them; nothing created.");
                    return Program.Failure;
                }

                options = options.WithLearnedFunctionWords(learning.Learned);
                FunctionWordsFile.ReportLearned(learning, "index create", stderr, englishKnown: options.Analysis.FunctionWords.SetEquals(FunctionWords.English));
            }

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
