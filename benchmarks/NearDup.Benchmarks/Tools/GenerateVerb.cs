using System;
using System.CommandLine;
using System.Diagnostics;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary><c>generate --count N --out DIR [--seed S] [--exact-rate 0.01] [--near-rate 0.02] [--contained-rate 0.02]
/// [--spun-rate 0.01]</c>: writes a seeded, labelled corpus (see benchmarks/README.md, "The corpus generator").</summary>
internal static class GenerateVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var count = Verb.Number<int>("--count", "Documents to write, originals and copies.", null, min: 1);
        var output = new Option<string>("--out") { Description = "Folder to write: docs/NNNNNN.txt, labels.tsv, optional.tsv.", Required = true };
        var seed = Verb.Number<ulong>("--seed", "Seed of the generator; the same options give byte-identical output.", 42, min: 0);
        var exact = Rate("--exact-rate", "exact copies", 0.01);
        var near = Rate("--near-rate", "near-duplicates", 0.02);
        var contained = Rate("--contained-rate", "contained excerpts", 0.02);
        var spun = Rate("--spun-rate", "spun copies", 0.01);
        return Verb.Command(
            "generate",
            "Write a seeded, labelled corpus of generated news-style originals and planted copies. Not a measurement (the time it prints is the run's wall time).",
            parse =>
            {
                var options = new CorpusOptions(parse.GetValue(count), parse.GetValue(seed), parse.GetValue(exact), parse.GetValue(near), parse.GetValue(contained), parse.GetValue(spun));
                return Generate(options, parse.GetValue(output)!);
            },
            count, output, seed, exact, near, contained, spun);
    }

    private static Option<double> Rate(string name, string what, double defaultValue) =>
        Verb.Number<double>(name, $"Share of all documents that are {what} (0 to 1).", defaultValue, min: 0, max: 1);

    private static int Generate(CorpusOptions options, string output)
    {
        var watch = Stopwatch.StartNew();
        new CorpusGenerator(options).WriteTo(output, n => Console.Error.WriteLine($"{n:N0} documents"));
        Console.Error.WriteLine($"wrote {options.Count:N0} documents to {output} in {watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
