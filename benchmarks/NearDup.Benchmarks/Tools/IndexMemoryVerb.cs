using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>index-memory --dir DIR</c>: the managed heap of each part a <see cref="NearDupIndex"/> keeps per document,
/// measured by building each part alone from the stored candidate data of an existing index (payload version 2).
/// </summary>
internal static class IndexMemoryVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("The index folder.");
        return Verb.Command(
            "index-memory",
            "Measure the managed heap per document of each part of an index, each built alone from the stored data of an existing index. Memory only, no timing.",
            parse => Run(parse.GetValue(dir)!),
            dir);
    }

    private static int Run(string dir)
    {
        (IndexOptions options, var forms) = StoredForms(dir);
        int n = forms.Count;
        double passages = forms.Average(f => f.Form.PassageFingerprints.Length), spins = forms.Average(f => f.Form.SpinFingerprints.Length);
        Console.WriteLine($"{n:N0} documents; per document {passages:0} passage and {spins:0} spin fingerprints, {forms.Average(f => f.Form.CompressedText.Length):N0} B of compressed text, {forms.Average(f => f.Form.TextBytes):N0} B of UTF-8");
        var scanner = new EngineParts(options);
        var parts = new List<object>();
        void Part(string name, Func<object> build)
        {
            long before = Memory().Managed;
            parts.Add(build());
            long after = Memory().Managed;
            Console.WriteLine($"  {name,-44} {(after - before) / (double)n,8:N0} B/doc");
        }

        Part("ids (strings) + compressed texts (byte[])", () => forms.Select(f => (new string(f.Id.AsSpan()), f.Form.CompressedText.ToArray())).ToList());
        Part("word MinHash LSH " + scanner.Banding, () =>
        {
            var lsh = new MinHashLshIndex(options.Analysis.MinHash, scanner.Banding);
            for (int i = 0; i < n; i++)
            {
                lsh.Add(i, forms[i].Form.MinHash);
            }

            return lsh;
        });
        Part("spin MinHash LSH " + scanner.SpinBanding, () =>
        {
            var lsh = new MinHashLshIndex(options.Analysis.SpinSketch, scanner.SpinBanding);
            for (int i = 0; i < n; i++)
            {
                lsh.Add(i, forms[i].Form.SpinSketch);
            }

            return lsh;
        });
        Part("passage postings", () =>
        {
            var index = new PassageIndex(options.MaxPostings);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.PassageFingerprints);
            }

            return index;
        });
        Part("spin passage postings", () =>
        {
            var index = new PassageIndex(options.MaxPostings);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.SpinFingerprints);
            }

            return index;
        });
        Part("SimHash index", () =>
        {
            var index = new NearDup.Indexing.Hamming.SimHashIndex(NearDup.Candidates.CandidateSettings.SimHashDistance);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.SimHash);
            }

            return index;
        });
        long start = Memory().Managed;
        var whole = new ResidentTable(options, "memory");
        foreach (var (id, form) in forms)
        {
            whole.Add(id, form);
        }

        Console.WriteLine($"  {"whole table (ids, records, exact map…)",-44} {(Memory().Managed - start) / (double)n,8:N0} B/doc");
        GC.KeepAlive(parts);
        GC.KeepAlive(whole);
        return 0;
    }
}
