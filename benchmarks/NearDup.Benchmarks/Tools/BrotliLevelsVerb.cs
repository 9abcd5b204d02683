using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>brotli-levels --dir DOCS [--count 3000]</c>: what compressing one document costs at each Brotli quality, and how
/// large it comes out, for the texts of a generated corpus (the index stores every text at quality 5, window 22; the
/// decoder reads any quality, so the level is a choice of the writer alone).
/// </summary>
internal static class BrotliLevelsVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("Folder of *.txt texts (a generated corpus's docs folder).");
        var count = Verb.Number("--count", "Texts to compress (the first, by name).", 3000, min: 1);
        return Verb.Command(
            "brotli-levels",
            "Time compressing each text at Brotli qualities 5 to 1 and give the sizes, best of 3 rounds. " +
            "No tiered compilation (see the project file); the time is in the native encoder, and the best of the rounds is printed.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(count)),
            dir, count);
    }

    private static int Run(string dir, int count)
    {
        byte[][] texts = Directory.EnumerateFiles(dir, "*.txt").Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllBytes).ToArray();
        if (texts.Length == 0)
        {
            throw new FileNotFoundException($"no *.txt file in {dir}.");
        }

        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(texts.Max(t => t.Length))];
        double averageIn = texts.Average(t => t.Length);
        foreach (int quality in (int[])[5, 4, 3, 2, 1])
        {
            double best = double.MaxValue;
            long bytes = 0;
            for (int round = 0; round < 3; round++)
            {
                bytes = 0;
                long start = Stopwatch.GetTimestamp();
                foreach (byte[] text in texts)
                {
                    if (!BrotliEncoder.TryCompress(text, buffer, out int written, quality, 22))
                    {
                        throw new InvalidOperationException("Brotli did not fit its own maximum size.");
                    }

                    bytes += written;
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / texts.Length);
            }

            Console.WriteLine(string.Create(
                Verb.Inv,
                $"quality {quality}: {best:0.0} µs per document (best of 3), {bytes / (double)texts.Length:0} bytes of {averageIn:0}"));
        }

        return 0;
    }
}
