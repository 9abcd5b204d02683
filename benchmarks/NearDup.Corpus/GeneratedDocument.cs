using System.Collections.Generic;

namespace NearDup.Benchmarks.Corpus;

/// <summary>A labelled pair: <paramref name="A"/> is the original, <paramref name="B"/> the copy.</summary>
/// <param name="A">Original's id.</param>
/// <param name="B">Copy's id.</param>
/// <param name="Kind">exact, near-duplicate, contained or spun.</param>
/// <param name="Note">key=value notes (variant, rate, frac).</param>
/// <param name="Optional">True for pairs that are copies of each other only through a shared original (siblings), which the scorer neither rewards nor penalises.</param>
internal sealed record CorpusLabel(string A, string B, string Kind, string Note, bool Optional);

/// <summary>One generated document and the labels it introduces (pairs where it is the copy).</summary>
/// <param name="Id">File name, such as <c>000123.txt</c>.</param>
/// <param name="Utf8">The document's bytes.</param>
/// <param name="Labels">Pairs with this document as B.</param>
internal sealed record GeneratedDocument(string Id, byte[] Utf8, IReadOnlyList<CorpusLabel> Labels);
