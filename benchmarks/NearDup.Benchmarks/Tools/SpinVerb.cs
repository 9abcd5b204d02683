using System;
using System.CommandLine;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Benchmarks.Spin;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary><c>spin [ROUNDS]</c>: every <see cref="SpinCost"/> method, fastest of ROUNDS after 1.5 s of warm-up.</summary>
internal static class SpinVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var rounds = Verb.NumberArgument("ROUNDS", "Timed runs per method; the fastest is printed.", 200, min: 1);
        return Verb.Command(
            "spin",
            "Run every SpinCost method and print the fastest of ROUNDS runs, and which corpus documents the pairs are. No tiered compilation (see the project file); 1.5 s of unmeasured runs per method first warm the caches.",
            parse => Run(parse.GetValue(rounds)),
            rounds);
    }

    private static int Run(int rounds)
    {
        var bench = new SpinCost();
        bench.Setup();
        foreach (var (id, _, note) in SpinCost.Pairs())
        {
            Console.WriteLine($"pair document {id}: {note}");
        }

        (string Name, int PerInvoke, Func<object?> Run)[] methods =
        [
            ("word path (per doc)", 16, () => bench.WordPath()),
            ("spin path (per doc)", 16, () => bench.SpinPath()),
            ("spin elements (per doc)", 16, () => bench.SpinElements()),
            ("Analyze (per doc)", 16, () => bench.Analyze()),
            ("Verify unrelated", 1, bench.VerifyUnrelated),
            ("Verify spun", 1, bench.VerifySpun),
            ("Verify near-duplicate", 1, bench.VerifyNear),
            ("Measure spun", 1, () => bench.MeasureSpun()),
            ("Align spun", 1, bench.AlignSpun),
            ("Align unrelated", 1, bench.AlignUnrelated),
        ];
        Console.WriteLine($"verdicts: spun {bench.VerifySpun()?.Kind.ToString() ?? "none"}, unrelated {bench.VerifyUnrelated()?.Kind.ToString() ?? "none"}, near {bench.VerifyNear()?.Kind.ToString() ?? "none"}");
        foreach (var (name, per, run) in methods)
        {
            double best = FastestRun.Microseconds(() => run(), rounds);
            Console.WriteLine($"{name,-26} {best / per,9:0.00} us");
        }

        return 0;
    }
}
