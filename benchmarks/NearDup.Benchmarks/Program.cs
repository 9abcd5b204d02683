using System.CommandLine;
using System.Linq;
using BenchmarkDotNet.Running;
using NearDup.Benchmarks.Tools;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks;

/// <summary>Entry point: a verb of <see cref="Tools"/> (the corpus generator and the stopwatch tools) runs through
/// System.CommandLine; anything else goes to BenchmarkDotNet's switcher.</summary>
public static class Program
{
    /// <summary>Runs a verb or the benchmarks.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        RootCommand tools = Tools();
        if (args.Length > 0 && tools.Subcommands.Any(c => c.Name == args[0]))
        {
            return Verb.Invoke(tools, args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    /// <summary>The verbs; BenchmarkDotNet's own arguments (<c>--filter</c>, <c>--list</c>, …) never start with one.</summary>
    /// <returns>The root command.</returns>
    private static RootCommand Tools() =>
    [
        GenerateVerb.Build(),
        CandidatesVerb.Build(),
        FeaturesVerb.Build(),
        SimHashProbeVerb.Build(),
        IndexVerb.Build(),
        OpenVerb.Build(),
        StoreReadVerb.Build(),
        LookupLoopVerb.Build(),
        IndexMemoryVerb.Build(),
        RebuildCostVerb.Build(),
        LshVerb.Build(),
        SpinVerb.Build(),
        StagesVerb.Build(),
        AnalysisAbVerb.Build(),
        DigestVerb.Build(),
        RandomReadsVerb.Build(),
        StallsVerb.Build(),
        BrotliLevelsVerb.Build(),
        TextCodecsVerb.Build(),
        AddStagesVerb.Build(),
        AnalysisMemoryVerb.Build(),
        ImageVerb.Build(),
        RedisMemoryVerb.Build(),
        RedisLoadVerb.Build(),
    ];
}
