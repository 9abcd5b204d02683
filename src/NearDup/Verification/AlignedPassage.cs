namespace NearDup.Verification;

/// <summary>A passage of document A aligned with a passage of document B, as character ranges of the original texts.</summary>
/// <param name="AStart">First character of the passage in A.</param>
/// <param name="AEnd">One past the last character of the passage in A.</param>
/// <param name="BStart">First character of the passage in B.</param>
/// <param name="BEnd">One past the last character of the passage in B.</param>
/// <param name="ATokens">Content tokens of A inside the passage.</param>
/// <param name="BTokens">Content tokens of B inside the passage.</param>
/// <remarks>Thread safety: immutable.</remarks>
public readonly record struct AlignedPassage(int AStart, int AEnd, int BStart, int BEnd, int ATokens, int BTokens);
