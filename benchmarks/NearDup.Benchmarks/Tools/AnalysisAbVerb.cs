using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using NearDup.Benchmarks.Sketching;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>analysis-ab BEFORE AFTER [--rounds 100] [--documents 64] [--indexing]</c>: whole <c>DocumentAnalyzer.Analyze</c>
/// of two builds of the library in one process, called in turn document by document, so that both see the same load;
/// with <c>--indexing</c>, the AFTER build's analysis for indexing (<c>AnalyzeForIndexing</c>, what <c>AddBatch</c>
/// from text runs) against BEFORE's <c>Analyze</c>.
/// </summary>
/// <remarks>
/// Each folder is a build output holding <c>NearDup.Core.dll</c> (and <c>System.IO.Hashing.dll</c>); each is loaded in
/// its own <see cref="AssemblyLoadContext"/>. Per document the fastest call of each build is kept and the fastest are
/// summed, which shrugs off the time slices another process takes on a shared machine better than the fastest of whole
/// batches (a 4 ms batch is seldom run without a pause when other work is on both cores). The two builds must analyse
/// every document to the same sketches and fingerprints; the verb checks their SimHash, exact hash and fingerprint
/// counts and exits 1 when they differ.
/// </remarks>
internal static class AnalysisAbVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var before = Verb.Path("BEFORE", "Build folder of the first library (holds NearDup.Core.dll).");
        var after = Verb.Path("AFTER", "Build folder of the second library.");
        var rounds = Verb.Number("--rounds", "Calls per document and build; the fastest of each counts.", 100, min: 1);
        var documents = Verb.Number("--documents", "Generated documents (seed 42, the SketchThroughput batch).", 64, min: 1);
        var indexing = Verb.Flag("--indexing", "Time AFTER's AnalyzeForIndexing (what AddBatch from text runs: no content tokens, shingles or set kept) instead of its Analyze.");
        return Verb.Command(
            "analysis-ab",
            "Time DocumentAnalyzer.Analyze of two library builds in one process, document by document in turn, after 2 s of warm-up: the sum over documents of each one's fastest call, in µs and MB/s. No tiered compilation (see the project file).",
            parse => Run(parse.GetValue(before)!, parse.GetValue(after)!, parse.GetValue(rounds), parse.GetValue(documents), parse.GetValue(indexing)),
            before, after, rounds, documents, indexing);
    }

    private static int Run(string before, string after, int rounds, int documents, bool indexing)
    {
        string[] texts = SketchThroughput.Batch(documents).Select(d => Encoding.UTF8.GetString(d)).ToArray();
        long bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        Func<string, object>[] builds = [Load(before, indexing: false), Load(after, indexing)];
        string[] outputs = [.. builds.Select(b => string.Join('|', texts.Select(t => Summary(b(t)))))];
        if (outputs[0] != outputs[1])
        {
            Console.WriteLine("the two builds analyse the documents differently");
            return 1;
        }

        var fastest = new double[2, texts.Length];
        for (int b = 0; b < 2; b++)
        {
            for (int d = 0; d < texts.Length; d++)
            {
                fastest[b, d] = double.MaxValue;
            }
        }

        var warmUp = Stopwatch.StartNew();
        for (int round = 0; round < rounds || warmUp.Elapsed.TotalSeconds < 2; round++)
        {
            for (int d = 0; d < texts.Length; d++)
            {
                for (int b = 0; b < 2; b++)
                {
                    long start = Stopwatch.GetTimestamp();
                    builds[b](texts[d]);
                    fastest[b, d] = Math.Min(fastest[b, d], Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }
        }

        double[] sums = [.. Enumerable.Range(0, 2).Select(b => Enumerable.Range(0, texts.Length).Sum(d => fastest[b, d]))];
        Console.WriteLine(string.Create(Verb.Inv, $"{texts.Length} documents, {bytes:N0} bytes; sum of each document's fastest of {rounds}+ calls"));
        Console.WriteLine(string.Create(Verb.Inv, $"before {sums[0],9:0.0} us  {bytes / sums[0],6:0.0} MB/s  {before}"));
        Console.WriteLine(string.Create(Verb.Inv, $"after  {sums[1],9:0.0} us  {bytes / sums[1],6:0.0} MB/s  {after}"));
        Console.WriteLine(string.Create(Verb.Inv, $"after is {sums[0] / sums[1]:0.00}x as fast"));
        return 0;
    }

    /// <summary>An analyzer of the library in <paramref name="folder"/>, loaded in a context of its own, as a delegate
    /// from text to its analysed document (<c>AnalyzeForIndexing</c> when <paramref name="indexing"/>).</summary>
    private static Func<string, object> Load(string folder, bool indexing)
    {
        string path = Path.GetFullPath(Path.Combine(folder, "NearDup.Core.dll"));
        var context = new FolderContext(Path.GetDirectoryName(path)!);
        Type type = context.LoadFromAssemblyPath(path).GetType("NearDup.Analysis.DocumentAnalyzer", throwOnError: true)!;
        object analyzer = Activator.CreateInstance(type, [null])!;
        if (indexing)
        {
            MethodInfo method = type.GetMethod("AnalyzeForIndexing", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string), typeof(bool).MakeByRefType()])
                ?? throw new ArgumentException($"{path} has no AnalyzeForIndexing (a build before it): --indexing needs AFTER to be one.");
            var lean = method.CreateDelegate<IndexingAnalysis>(analyzer);
            return text => lean("d", text, out _);
        }

        var analyze = type.GetMethod("Analyze", [typeof(string), typeof(string)])!.CreateDelegate<Func<string, string, object>>(analyzer);
        return text => analyze("d", text);
    }

    /// <summary>The shape of <c>DocumentAnalyzer.AnalyzeForIndexing</c>, its document typed as object.</summary>
    private delegate object IndexingAnalysis(string id, string text, out bool hasWords);

    /// <summary>What the two builds must agree on, read by reflection (each document's type is its build's own).</summary>
    private static string Summary(object document)
    {
        string Read(string name) => document.GetType().GetProperty(name)!.GetValue(document) switch
        {
            System.Collections.ICollection c => c.Count.ToString(Verb.Inv),
            object v => Convert.ToString(v, Verb.Inv)!,
            null => "null",
        };

        return string.Join(',', new[] { "ExactHash", "SimHash", "PassageFingerprints", "SpinFingerprints", "PairFingerprints" }.Select(Read));
    }

    /// <summary>Loads the library and its own dependencies from one folder; everything else from the default context.</summary>
    private sealed class FolderContext(string folder) : AssemblyLoadContext(isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            string candidate = Path.Combine(folder, name.Name + ".dll");
            return name.Name is "NearDup.Core" or "System.IO.Hashing" && File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
