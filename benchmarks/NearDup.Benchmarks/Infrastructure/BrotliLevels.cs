using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>
/// <c>brotli-levels --dir DOCS [--count 3000]</c>: what compressing one document costs at each Brotli quality, and how
/// large it comes out, for the texts of a generated corpus (the index stores every text at quality 5, window 22; the
/// decoder reads any quality, so the level is a choice of the writer alone).
/// </summary>
internal static class BrotliLevels
{
    /// <summary>Runs the measurement.</summary>
    /// <param name="args">The options.</param>
    /// <returns>The exit code.</returns>
    public static int Run(ReadOnlySpan<string> args)
    {
        string? dir = null;
        int count = 3000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--dir": dir = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        ArgumentNullException.ThrowIfNull(dir, "--dir");
        byte[][] texts = Directory.EnumerateFiles(dir, "*.txt").Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllBytes).ToArray();
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
                CultureInfo.InvariantCulture,
                $"quality {quality}: {best:0.0} µs per document (best of 3), {bytes / (double)texts.Length:0} bytes of {averageIn:0}"));
        }

        return 0;
    }
}
