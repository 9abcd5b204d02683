using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Indexing.Lsh;
using NearDup.Verification;

namespace NearDup.Benchmarks.Tools.Shared;

/// <summary>The pieces of the engine a verb measures on their own, made from one set of index options exactly as
/// <see cref="NearDupIndex"/> makes them: the analyzer, the verifier and the two LSH bandings.</summary>
/// <param name="Options">The index options.</param>
/// <remarks>Thread safety: immutable.</remarks>
internal sealed record EngineParts(IndexOptions Options)
{
    /// <summary>The analyzer of <see cref="Options"/>.</summary>
    public DocumentAnalyzer Analyzer { get; } = new(Options.Analysis);

    /// <summary>The verifier of <see cref="Options"/>.</summary>
    public PairVerifier Verifier { get; } = Options.CreateVerifier();

    /// <summary>The word LSH banding.</summary>
    public LshParameters Banding => Options.Banding;

    /// <summary>The spin LSH banding.</summary>
    public LshParameters SpinBanding => Options.SpinBanding;

    /// <summary>The parts of the default options.</summary>
    public static EngineParts Default { get; } = new(IndexOptions.Default);
}
