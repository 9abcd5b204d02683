using System;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using NearDup.Benchmarks.Corpus;

namespace NearDup.Benchmarks;

/// <summary>Entry point: <c>generate</c> writes a labelled corpus; anything else goes to BenchmarkDotNet's switcher.</summary>
public static class Program
{
    /// <summary>Runs the generator or the benchmarks.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generate")
        {
            return Generate(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "digest")
        {
            return Infrastructure.Diagnostics.Digest(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "stages")
        {
            return Infrastructure.Diagnostics.Stages(args.AsSpan(1));
        }

        switch (args.Length > 0 ? args[0] : "")
        {
            case "candidates": return Infrastructure.Measurements.Candidates(args.AsSpan(1));
            case "features": return Infrastructure.CandidateFeatures.Run(args.AsSpan(1));
            case "simhash-probe": return Infrastructure.SimHashProbe.Run(args.AsSpan(1));
            case "index": return Infrastructure.Measurements.Index(args.AsSpan(1));
            case "store-read": return Infrastructure.Measurements.StoreRead(args.AsSpan(1));
            case "lookup-loop": return Infrastructure.Measurements.LookupLoop(args.AsSpan(1));
            case "open": return Infrastructure.Measurements.Open(args.AsSpan(1));
            case "index-memory": return Infrastructure.Measurements.IndexMemory(args.AsSpan(1));
            case "rebuild-cost": return Infrastructure.Measurements.RebuildCost(args.AsSpan(1));
            case "lsh": return Infrastructure.Measurements.Lsh(args.AsSpan(1));
            case "random-reads": return Infrastructure.RandomReads.Run(args.AsSpan(1));
            case "stalls": return Infrastructure.StallProbe.Run(args.AsSpan(1));
            case "brotli-levels": return Infrastructure.BrotliLevels.Run(args.AsSpan(1));
            case "spin": return Infrastructure.Measurements.Spin(args.AsSpan(1));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private const string Usage = "usage: generate --count N --out DIR [--seed S] [--exact-rate 0.01] [--near-rate 0.02] [--contained-rate 0.02] [--spun-rate 0.01]";

    private static int Generate(ReadOnlySpan<string> args)
    {
        int? count = null;
        string? output = null;
        ulong seed = 42;
        double exact = 0.01, near = 0.02, contained = 0.02, spun = 0.01;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--count": count = int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
                    case "--out": output = value; break;
                    case "--seed": seed = ulong.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--exact-rate": exact = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--near-rate": near = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--contained-rate": contained = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--spun-rate": spun = double.Parse(value, CultureInfo.InvariantCulture); break;
                    default: throw new FormatException($"unknown option {args[i]}.");
                }

                i++;
            }

            if (count is null || output is null)
            {
                throw new FormatException("--count and --out are required.");
            }

            var options = new CorpusOptions(count.Value, seed, exact, near, contained, spun);
            var watch = Stopwatch.StartNew();
            new CorpusGenerator(options).WriteTo(output, n => Console.Error.WriteLine($"{n:N0} documents"));
            Console.Error.WriteLine($"wrote {count.Value:N0} documents to {output} in {watch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            Console.Error.WriteLine($"generate: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
