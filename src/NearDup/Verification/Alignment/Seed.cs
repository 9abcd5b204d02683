namespace NearDup.Verification.Alignment;

/// <summary>A seed: A's token <paramref name="I"/> and B's token <paramref name="J"/> are the same word.</summary>
/// <param name="I">Position in A's content tokens.</param>
/// <param name="J">Position in B's content tokens.</param>
/// <param name="Score">What the seed adds to a chain: <see cref="Chainer.SeedScore"/> or <see cref="Chainer.FunctionSeedScore"/>.</param>
/// <remarks>Thread safety: immutable.</remarks>
internal readonly record struct Seed(int I, int J, int Score);
