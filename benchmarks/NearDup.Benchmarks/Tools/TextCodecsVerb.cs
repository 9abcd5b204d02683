using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using K4os.Compression.LZ4;
using NearDup.Benchmarks.Tools.Shared;
using ZstdSharp;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>text-codecs --dir DOCS [--count 3000] [--rounds 8]</c>: the codecs an index could store its texts with, on the
/// same texts: Brotli (window 22) at the qualities builds wrote, Zstandard (ZstdSharp.Port, the index's codec since
/// payload version 4) at fast levels, and LZ4 (K4os): bytes per text and the time to compress and decompress one,
/// each the fastest of the rounds, the codecs taking turns within each round so that drift in the machine's speed
/// falls on all of them alike.
/// </summary>
internal static class TextCodecsVerb
{
    private delegate int Encode(byte[] text, byte[] output);

    private delegate int Decode(byte[] compressed, byte[] output, int length);

    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("Folder of texts (*.txt, searched below it too): a generated corpus's docs folder or a real collection.");
        var count = Verb.Number("--count", "Texts to compress (the first, by path).", 3000, min: 1);
        var rounds = Verb.Number("--rounds", "Rounds; each codec's fastest is printed.", 8, min: 1);
        return Verb.Command(
            "text-codecs",
            "Compare Brotli, Zstandard and LZ4 on the same texts: bytes, compress and decompress µs per text (fastest of the rounds, codecs interleaved). " +
            "No tiered compilation (see the project file); 0.5 s of warm-up per codec.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(count), parse.GetValue(rounds)),
            dir, count, rounds);
    }

    private static int Run(string dir, int count, int rounds)
    {
        byte[][] texts = Directory.EnumerateFiles(dir, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).Where(t => t.Length > 0).Take(count).ToArray();
        if (texts.Length == 0)
        {
            throw new FileNotFoundException($"no non-empty *.txt file in {dir}.");
        }

        var codecs = new List<(string Name, Encode Encode, Decode Decode)>();
        foreach (int quality in (int[])[3, 1])
        {
            codecs.Add(($"Brotli quality {quality}", (t, o) => BrotliEncoder.TryCompress(t, o, out int w, quality, 22) ? w : throw new InvalidOperationException("Brotli overflow"),
                (c, o, n) => BrotliDecoder.TryDecompress(c, o.AsSpan(0, n), out int w) ? w : -1));
        }

        foreach (int level in (int[])[-1, 1, 2, 3])
        {
            var compressor = new Compressor(level);
            var decompressor = new Decompressor();
            codecs.Add(($"Zstandard level {level}", (t, o) => compressor.Wrap(t, o), (c, o, n) => decompressor.Unwrap(c, o.AsSpan(0, n))));
        }

        foreach (LZ4Level level in (LZ4Level[])[LZ4Level.L00_FAST, LZ4Level.L09_HC])
        {
            codecs.Add(($"LZ4 {level}", (t, o) => LZ4Codec.Encode(t, o, level), (c, o, n) => LZ4Codec.Decode(c, o.AsSpan(0, n))));
        }

        int longest = texts.Max(t => t.Length);
        var output = new byte[2 * longest + 1024];
        var compressed = new byte[codecs.Count][][];
        var bestEncode = new double[codecs.Count];
        var bestDecode = new double[codecs.Count];
        Array.Fill(bestEncode, double.MaxValue);
        Array.Fill(bestDecode, double.MaxValue);
        for (int c = 0; c < codecs.Count; c++)
        {
            compressed[c] = texts.Select(t => output.AsSpan(0, codecs[c].Encode(t, output)).ToArray()).ToArray();
            for (int i = 0; i < texts.Length; i++)
            {
                if (codecs[c].Decode(compressed[c][i], output, texts[i].Length) != texts[i].Length || !output.AsSpan(0, texts[i].Length).SequenceEqual(texts[i]))
                {
                    throw new InvalidOperationException($"{codecs[c].Name} did not give back text {i}.");
                }
            }

            long warm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warm).TotalSeconds < 0.5)
            {
                _ = codecs[c].Encode(texts[0], output);
                _ = codecs[c].Decode(compressed[c][0], output, texts[0].Length);
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < codecs.Count; c++)
            {
                long start = Stopwatch.GetTimestamp();
                foreach (byte[] t in texts)
                {
                    _ = codecs[c].Encode(t, output);
                }

                bestEncode[c] = Math.Min(bestEncode[c], Stopwatch.GetElapsedTime(start).TotalMicroseconds / texts.Length);
                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < texts.Length; i++)
                {
                    _ = codecs[c].Decode(compressed[c][i], output, texts[i].Length);
                }

                bestDecode[c] = Math.Min(bestDecode[c], Stopwatch.GetElapsedTime(start).TotalMicroseconds / texts.Length);
            }
        }

        double averageIn = texts.Average(t => t.Length);
        double brotli = compressed[0].Average(t => t.Length);
        Console.WriteLine(string.Create(Verb.Inv, $"{texts.Length} texts of {dir}, {averageIn:0} bytes on average; fastest of {rounds} rounds, load {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown")}"));
        Console.WriteLine("| codec | bytes per text | vs Brotli q3 | compress µs | MB/s | decompress µs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (int c = 0; c < codecs.Count; c++)
        {
            double bytes = compressed[c].Average(t => t.Length);
            Console.WriteLine(string.Create(
                Verb.Inv,
                $"| {codecs[c].Name} | {bytes:0} ({100 * bytes / averageIn:0.0}%) | {bytes / brotli:0.000} | {bestEncode[c]:0.0} | {averageIn / bestEncode[c]:0} | {bestDecode[c]:0.0} |"));
        }

        return 0;
    }
}
