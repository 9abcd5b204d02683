using System;
using System.CommandLine;
using System.IO;
using NearDup.Analysis;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Redis;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index …</c>: create, fill, query and maintain a persistent index; the verbs live one a file
/// beside this one, which holds what they share (the PATH and INPUT arguments, <c>--cache</c>, the
/// guard that turns an unusable index into exit code 1).</summary>
internal static class IndexCommand
{
    /// <summary>Exit code for an index that cannot be used (corrupt, locked, missing) or verification problems.</summary>
    public const int Failure = Program.Failure;

    /// <summary>Builds the <c>index</c> command and its verbs.</summary>
    /// <param name="stdout">Receives the results.</param>
    /// <param name="stderr">Receives errors, skipped inputs and summaries.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var index = new Command("index", "Create, fill, query and maintain a persistent index of original documents.");
        index.Subcommands.Add(IndexCreateCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexAddCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexQueryCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexRemoveCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexInfoCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexVerifyCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexRepairCommand.Build(stdout, stderr));
        index.Subcommands.Add(IndexCompactCommand.Build(stdout, stderr));
        return index;
    }

    /// <summary>The PATH argument every verb takes first: the index directory, or a Redis location.</summary>
    /// <returns>A new argument (System.CommandLine arguments belong to one command).</returns>
    public static Argument<string> PathArgument() => new("PATH") { Description = "The index directory, or redis://host:port[,host:port…]/namespace for an index on a Redis-protocol server or cluster." };

    /// <summary>The INPUT argument of <c>add</c> and <c>query</c>: one or more paths, or <c>-</c>. A token that looks like an
    /// option (<c>-x</c>, <c>--x</c>) is a usage error naming it, not a path that is then skipped as missing: a mistyped or
    /// unsupported option must not pass silently.</summary>
    /// <param name="description">The verb's description of its inputs.</param>
    /// <returns>A new argument.</returns>
    public static Argument<string[]> InputsArgument(string description)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = description, Arity = ArgumentArity.OneOrMore };
        inputs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value}).");
                }
            }
        });
        return inputs;
    }

    /// <summary>What the INPUT argument of <c>add</c> and <c>query</c> takes, for their help.</summary>
    public const string InputsDescribed =
        "Folders (every file --glob matches below, ids relative to the folder); dataset files, read record by record (--id-field, --text-field): " + Inputs.Datasets.Formats +
        "; - for JSON lines on standard input; or any other file, read as one text whose id is its path.";

    /// <summary><c>--cache N</c>: how many originals, analysed for verification, the opened index keeps (<see cref="NearDupIndex.Open(string, IndexOptions?, int)"/>).</summary>
    /// <returns>A new option.</returns>
    public static Option<int> CacheOption() => new("--cache")
    {
        HelpName = "N",
        Description = "Originals kept analysed in memory to verify query candidates without analysing them again (0 or more; about 40 KB each for a 3 KB text).",
        DefaultValueFactory = _ => NearDupIndex.DefaultCacheCapacity,
    };

    /// <summary>Reads <c>--cache</c>; null, after writing a usage error naming the option, when it is negative.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="cache">The verb's <see cref="CacheOption"/>.</param>
    /// <param name="stderr">Where the usage error goes.</param>
    /// <param name="verb">The verb, for the message.</param>
    /// <returns>The capacity, or null.</returns>
    public static int? CacheCapacity(ParseResult parse, Option<int> cache, TextWriter stderr, string verb)
    {
        int capacity = parse.GetValue(cache);
        if (capacity < 0)
        {
            stderr.WriteLine($"neardup index {verb}: --cache must be 0 or more (got {capacity}).");
            return null;
        }

        return capacity;
    }

    /// <summary>Opens an index for a verb and says on stderr what opening it replayed away (an interrupted write cut off the
    /// end of the log), which would otherwise go unseen.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="path">The verb's PATH argument: a directory, or a Redis location (then <paramref name="redis"/> gives
    /// its credentials, and the index is opened for reading and writing whatever <paramref name="readOnly"/> says: a
    /// server has no lock to avoid).</param>
    /// <param name="redis">The verb's Redis options.</param>
    /// <param name="verb">The verb, for the messages.</param>
    /// <param name="stderr">Receives the messages.</param>
    /// <param name="cacheCapacity">The cache capacity.</param>
    /// <param name="readOnly">Whether to open a directory read-only (<see cref="NearDupIndex.OpenReadOnly(string, int, IProgress{ScanProgress}?)"/>).</param>
    /// <param name="progress">Told the stages of the opening (reading the log, loading the documents, packing), or null.</param>
    /// <returns>The open index.</returns>
    public static NearDupIndex Open(ParseResult parse, Argument<string> path, RedisFlags redis, string verb, TextWriter stderr, int cacheCapacity = NearDupIndex.DefaultCacheCapacity, bool readOnly = false, IProgress<ScanProgress>? progress = null)
    {
        string given = parse.GetValue(path)!;
        int replicas = redis.WaitReplicas(parse, given);

        // Opening a Redis index replays what writers that died left logged, so any verb is an operator's recovery step,
        // and says what it replayed, as a directory's open says what it dropped.
        RedisLocation? location = redis.Location(parse, given);
        NearDupIndex index = location is not null
            ? RedisNearDupIndex.Open(location, null, cacheCapacity, replicas)
            : readOnly ? NearDupIndex.OpenReadOnly(Path.GetFullPath(given), cacheCapacity, progress) : NearDupIndex.Open(Path.GetFullPath(given), null, cacheCapacity, progress);
        foreach (string message in index.Recovery.Messages)
        {
            stderr.WriteLine($"neardup index {verb}: {message}");
        }

        // A compaction of a directory analyses every document again: it is the remedy there, not a verb to warn. A
        // server's compaction analyses nothing.
        if ((verb != "compact" || location is not null) && AnalysisNote(index, given, onServer: location is not null) is { } note)
        {
            stderr.WriteLine($"neardup index {verb}: {note}");
        }

        return index;
    }

    /// <summary>What to tell a user of an index whose documents were not analysed as this build analyses them (see
    /// <see cref="NearDupIndex.IsAnalysisCurrent"/>), or null when they were.</summary>
    /// <param name="index">The open index.</param>
    /// <param name="given">The index as the user named it.</param>
    /// <param name="onServer">Whether it is on a Redis-protocol server (which has no compaction that analyses again).</param>
    /// <returns>The note, or null.</returns>
    public static string? AnalysisNote(NearDupIndex index, string given, bool onServer)
    {
        if (index.IsAnalysisCurrent)
        {
            return null;
        }

        int stored = index.AnalysisVersion;
        string by = stored == 0 ? "by a NearDup build that recorded no analysis version"
            : stored < DocumentAnalyzer.AnalysisVersion ? $"by an older NearDup build (analysis version {stored})"
            : $"by a newer NearDup build (analysis version {stored})";
        string remedy = stored > DocumentAnalyzer.AnalysisVersion
            ? $"Use a build of analysis version {stored} (compacting with this one would analyse them again as version {DocumentAnalyzer.AnalysisVersion})."
            : onServer
                ? "Adding the documents to a new index analyses them again."
                : $"`neardup index compact {given}` analyses them again.";
        return $"{given}: its documents were analysed {by}, not as this build analyses them (version {DocumentAnalyzer.AnalysisVersion}), so a query can miss copies that a scan of the same documents finds. {remedy}";
    }

    /// <summary>Runs a verb's work under the progress display <paramref name="mode"/> asks for. Under live bars what the
    /// work writes to stderr waits until the bars are done, so the two never mix.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="mode">How progress is shown.</param>
    /// <param name="verb">The verb, for plain progress lines (<c>neardup index VERB: …</c>).</param>
    /// <param name="stderr">Where messages and plain progress lines go.</param>
    /// <param name="work">The work, given where to write its messages and the progress sink (null for none).</param>
    /// <returns>What the work returned.</returns>
    public static T WithProgress<T>(ProgressMode mode, string verb, TextWriter stderr, Func<TextWriter, IProgress<ScanProgress>?, T> work)
    {
        StringWriter? held = mode == ProgressMode.Bar ? new StringWriter() : null;
        try
        {
            return StageProgress.Run(mode, $"index {verb}", stderr, progress => work(held ?? stderr, progress));
        }
        finally
        {
            if (held is not null)
            {
                stderr.Write(held.ToString());
            }
        }
    }

    /// <summary>Turns the expected failures of an index command into a message and exit code 1.</summary>
    /// <param name="stderr">Where the message goes.</param>
    /// <param name="verb">The verb, for the message.</param>
    /// <param name="action">The verb's work, returning its exit code.</param>
    /// <returns>The action's exit code, or <see cref="Failure"/>.</returns>
    public static int Guarded(TextWriter stderr, string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or StackExchange.Redis.RedisException or TimeoutException or AnalysisMismatchException)
        {
            stderr.WriteLine($"neardup index {verb}: {e.Message}");
            return Failure;
        }
    }

    /// <summary>The id an index holds a file under, when it holds it: the longest tail of the file's path ('/'-separated)
    /// that is one of its ids (an index filled from a folder names each file by its path inside that folder), or null.
    /// A document of the index is one of the holders of its own text, not another (as in a scan of the folder), so
    /// <c>explain --context INDEX</c> and <c>index query INDEX FILE</c> name a file the index holds by its id.</summary>
    /// <param name="index">The index.</param>
    /// <param name="file">The file's path, as given or full.</param>
    /// <returns>The id, or null when no tail of the path is one.</returns>
    public static string? IndexedId(NearDupIndex index, string file)
    {
        string[] parts = Path.GetFullPath(file).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int first = 0; first < parts.Length; first++)
        {
            string id = string.Join('/', parts, first, parts.Length - first);
            if (NearDupIndex.IsValidId(id, out _) && index.Contains(id))
            {
                return id;
            }
        }

        return null;
    }
}
