using System;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>Conversions between <see cref="MatchKind"/> and <see cref="CopyKinds"/>.</summary>
public static class CopyKindsExtensions
{
    /// <summary>The <see cref="CopyKinds"/> flag that looks for copies of this kind.</summary>
    /// <param name="kind">A verdict kind.</param>
    /// <returns>Its flag.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    public static CopyKinds ToCopyKinds(this MatchKind kind) =>
        Enum.IsDefined(kind) ? (CopyKinds)(1 << (int)kind) : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of copy.");
}
