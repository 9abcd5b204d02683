using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>brotli-levels --dir DOCS [--count 3000] [--windows 22,…]</c>: what compressing one document costs at each Brotli
/// quality and window, and how large it comes out, for the texts of a generated corpus (the decoder reads any quality
/// and window, so both are choices of the writer alone).
/// </summary>
internal static class BrotliLevelsVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("Folder of *.txt texts (a generated corpus's docs folder).");
        var count = Verb.Number("--count", "Texts to compress (the first, by name).", 3000, min: 1);
        var windows = new Option<int[]>("--windows")
        {
            Description = "Brotli window sizes (log2 of bytes, 10 to 24) to try, each with every quality.",
            DefaultValueFactory = _ => [22],
            AllowMultipleArgumentsPerToken = true,
        };
        windows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>().Any(w => w is < 10 or > 24))
            {
                r.AddError("--windows takes sizes from 10 to 24.");
            }
        });
        return Verb.Command(
            "brotli-levels",
            "Time compressing and decompressing each text at Brotli qualities 6 to 1 under each window and give the sizes, best of 3 rounds. " +
            "No tiered compilation (see the project file); the time is in the native encoder, and the best of the rounds is printed.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(count), parse.GetValue(windows)!),
            dir, count, windows);
    }

    private static int Run(string dir, int count, int[] windows)
    {
        byte[][] texts = Directory.EnumerateFiles(dir, "*.txt").Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllBytes).ToArray();
        if (texts.Length == 0)
        {
            throw new FileNotFoundException($"no *.txt file in {dir}.");
        }

        var buffer = new byte[Math.Max(BrotliEncoder.GetMaxCompressedLength(texts.Max(t => t.Length)), texts.Max(t => t.Length))];
        double averageIn = texts.Average(t => t.Length);
        foreach ((int window, int quality) in windows.SelectMany(w => ((int[])[6, 5, 4, 3, 2, 1]).Select(q => (w, q))))
        {
            double best = double.MaxValue, bestDecode = double.MaxValue;
            long bytes = 0;
            var compressed = new byte[texts.Length][];
            for (int round = 0; round < 3; round++)
            {
                bytes = 0;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < texts.Length; i++)
                {
                    if (!BrotliEncoder.TryCompress(texts[i], buffer, out int written, quality, window))
                    {
                        throw new InvalidOperationException("Brotli did not fit its own maximum size.");
                    }

                    bytes += written;
                    compressed[i] ??= buffer.AsSpan(0, written).ToArray();
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / texts.Length);
                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < texts.Length; i++)
                {
                    if (!BrotliDecoder.TryDecompress(compressed[i], buffer, out int written) || written != texts[i].Length)
                    {
                        throw new InvalidOperationException("Brotli did not give back the text it compressed.");
                    }
                }

                bestDecode = Math.Min(bestDecode, Stopwatch.GetElapsedTime(start).TotalMicroseconds / texts.Length);
            }

            Console.WriteLine(string.Create(
                Verb.Inv,
                $"window {window}, quality {quality}: compress {best:0.0} µs, decompress {bestDecode:0.0} µs per document (best of 3), {bytes / (double)texts.Length:0} bytes of {averageIn:0}"));
        }

        return 0;
    }
}
