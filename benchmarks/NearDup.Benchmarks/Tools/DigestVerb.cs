using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Sketching;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Text;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>digest [DIR…]</c>: hashes every output of the sketching pipeline over generated, fuzzed and optional on-disk
/// texts (run before and after an optimisation: the digests must match), and checks every vectorised path against its
/// scalar oracle.
/// </summary>
internal static class DigestVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Folders whose files (read recursively) are hashed too.", Arity = ArgumentArity.ZeroOrMore };
        return Verb.Command(
            "digest",
            "Print digests of every pipeline output (tokens, shingles, MinHash, SimHash, and everything a whole analysis derives) over 2,000 generated documents, 20,000 fuzzed strings and any files under DIR, and check the vector paths against their scalar oracles. Not a timing.",
            parse => Run(parse.GetValue(dirs) ?? []),
            dirs);
    }

    private static int Run(string[] dirs)
    {
        var texts = new List<string>();
        texts.AddRange(SketchThroughput.Batch(2000).Select(b => Encoding.UTF8.GetString(b)));
        texts.AddRange(FuzzTexts(20_000, 7));
        foreach (string dir in dirs)
        {
            foreach (string path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                texts.Add(File.ReadAllText(path));
            }
        }

        var shingles = new ShingleSpec(ShingleUnit.Word, 5);
        var oph = new MinHasher(new MinHashParameters(MinHashFamily.OnePermutation, 128, MinHashParameters.DefaultSeed, shingles));
        var kperm = new MinHasher(new MinHashParameters(MinHashFamily.KPermutation, 128, MinHashParameters.DefaultSeed, shingles));
        var kperm100 = new MinHasher(new MinHashParameters(MinHashFamily.KPermutation, 100, 7, shingles));
        var sim = new SimHasher(SimHashParameters.Default);
        var tokenHash = new XxHash3();
        var shingleHash = new XxHash3();
        var sketchHash = new XxHash3();
        var simHash = new XxHash3();
        uint[] a = new uint[128], b = new uint[128];
        foreach (string text in texts)
        {
            Token[] tokens = Tokenizer.Tokenize(text);
            foreach (Token t in tokens)
            {
                tokenHash.Append(MemoryMarshal.AsBytes<int>([t.Start, t.Length, (int)t.Kind, t.IsCapitalized ? 1 : 0]));
                tokenHash.Append(MemoryMarshal.AsBytes<ulong>([t.Hash]));
            }

            ulong[] content = new ulong[tokens.Length];
            int c = Shingler.ContentHashes(tokens, content);
            foreach (int size in (ReadOnlySpan<int>)[1, 3, 5, 9])
            {
                ulong[] sh = new ulong[Shingler.WordShingleCount(c, size)];
                Shingler.WordShingles(content.AsSpan(0, c), size, sh);
                shingleHash.Append(MemoryMarshal.AsBytes(sh.AsSpan()));
                if (size != 5)
                {
                    continue;
                }

                foreach (MinHasher h in (MinHasher[])[oph, kperm, kperm100])
                {
                    int k = h.Parameters.HashCount;
                    h.Compute(sh, a);
                    h.ComputeScalar(sh, b);
                    if (!a.AsSpan(0, k).SequenceEqual(b.AsSpan(0, k)))
                    {
                        Console.Error.WriteLine($"MISMATCH vector vs scalar {h.Parameters.Family} k={k}");
                        return 1;
                    }

                    sketchHash.Append(MemoryMarshal.AsBytes(a.AsSpan(0, k)));
                }
            }

            ulong s1 = sim.Compute(content.AsSpan(0, c));
            ulong s2 = sim.ComputeScalar(content.AsSpan(0, c), default);
            int[] weights = Enumerable.Range(0, c).Select(i => (i * 7) % 5).ToArray();
            ulong s3 = sim.Compute(content.AsSpan(0, c), weights);
            ulong s4 = sim.ComputeScalar(content.AsSpan(0, c), weights);
            if (s1 != s2 || s3 != s4)
            {
                Console.Error.WriteLine("MISMATCH SimHash vector vs scalar");
                return 1;
            }

            simHash.Append(MemoryMarshal.AsBytes<ulong>([s1, s3]));
        }

        Console.WriteLine($"texts    {texts.Count}");
        Console.WriteLine($"tokens   {tokenHash.GetCurrentHashAsUInt64():x16}");
        Console.WriteLine($"shingles {shingleHash.GetCurrentHashAsUInt64():x16}");
        Console.WriteLine($"minhash  {sketchHash.GetCurrentHashAsUInt64():x16}");
        Console.WriteLine($"simhash  {simHash.GetCurrentHashAsUInt64():x16}");
        if (AnalysisDigest(texts) is not { } analysis)
        {
            return 1;
        }

        Console.WriteLine($"analysis {analysis:x16}");
        return 0;
    }

    /// <summary>A digest of everything <see cref="DocumentAnalyzer"/> derives that an index stores or a verdict reads
    /// (exact hash, SimHash, both sketches with their set sizes, both winnowed fingerprint sets, the word pairs), under
    /// the default options. Checks on the way that the index's own analysis (<c>AnalyzeForIndexing</c>, which sorts no
    /// shingle set) derives the same of every text; null, after naming the text, when it does not.</summary>
    private static ulong? AnalysisDigest(List<string> texts)
    {
        var analyzer = new DocumentAnalyzer();
        var digest = new XxHash3();
        for (int i = 0; i < texts.Count; i++)
        {
            AnalyzedDocument d = analyzer.Analyze("digest", texts[i]);
            AnalyzedDocument lean = analyzer.AnalyzeForIndexing("digest", texts[i], out bool hasWords);
            if (StoredDigest(lean) != StoredDigest(d) || hasWords == d.ContentTokens.IsEmpty)
            {
                Console.Error.WriteLine($"MISMATCH analysis for indexing vs Analyze, text {i}");
                return null;
            }

            Append(digest, d);
        }

        return digest.GetCurrentHashAsUInt64();
    }

    /// <summary>The digest <see cref="AnalysisDigest"/> takes of one document alone.</summary>
    private static ulong StoredDigest(AnalyzedDocument d)
    {
        var digest = new XxHash3();
        Append(digest, d);
        return digest.GetCurrentHashAsUInt64();
    }

    /// <summary>Appends what an index stores or a verdict reads of <paramref name="d"/> to <paramref name="digest"/>.</summary>
    private static void Append(XxHash3 digest, AnalyzedDocument d)
    {
        digest.Append(MemoryMarshal.AsBytes<ulong>([d.ExactHash, d.SimHash, (ulong)d.MinHash.SetSize, (ulong)d.SpinSketch.SetSize]));
        digest.Append(MemoryMarshal.AsBytes(d.MinHash.Values));
        digest.Append(MemoryMarshal.AsBytes(d.SpinSketch.Values));
        foreach (IReadOnlyList<ulong> set in (IReadOnlyList<ulong>[])[d.PassageFingerprints, d.SpinFingerprints, d.PairFingerprints])
        {
            digest.Append(MemoryMarshal.AsBytes<ulong>([(ulong)set.Count]));
            digest.Append(MemoryMarshal.AsBytes(set.ToArray().AsSpan()));
        }
    }

    /// <summary>Random texts over an alphabet chosen to hit every tokenizer branch: ASCII words and punctuation, accents
    /// (precomposed and combining), ligatures and full-width forms (NFKC), Greek final sigma, CJK, Thai, surrogate
    /// pairs, lone surrogates, zero-width and other ignorables, typographic quotes and dashes, odd white space.</summary>
    private static IEnumerable<string> FuzzTexts(int count, ulong seed)
    {
        string[] alphabet =
        [
            "a", "b", "e", "k", "z", "A", "Q", "Z", "0", "1", "9", " ", " ", " ", " ", "\n", "\t", ".", ",", "'", "-", "\"", "!", "?", "(", ")", "$", "+", "_", "@",
            "é", "É", "ü", "ß", "ø", "ı", "İ", "e\u0301", "\u0301", "ﬁ", "Ａ", "１", "ｂ", "ς", "Σ", "σ", "Ω", "ж", "Ж",
            "中", "文", "ア", "한", "ก", "\u0E31", "😀", "𝐀", "\U00020000", "\uD800", "\uDC00",
            "\u200B", "\u200D", "\u00AD", "\uFEFF", "\uFE0F", "\u2060",
            "\u2019", "\u2018", "\u201C", "\u201D", "\u2014", "\u2013", "\u00A0", "\u3000", "½", "²", "Ⅻ", "€", "©",
            "the", "quick", "Brown", "don't", "1,000", "3.5", "naïve", "café",
        ];
        var rng = new CorpusRandom(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Clear();
            int len = rng.Next(0, i % 50 == 0 ? 400 : 60);
            for (int j = 0; j < len; j++)
            {
                sb.Append(alphabet[rng.Next(alphabet.Length)]);
            }

            if (i % 97 == 0)
            {
                sb.Append('x', rng.Next(120, 300)); // tokens longer than MaxTokenChars
            }

            yield return sb.ToString();
        }
    }
}
