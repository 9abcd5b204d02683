using System;
using NearDup.Internal;

namespace NearDup.Shingles;

/// <summary>What shingles a document is cut into: the unit and how many units each shingle spans.</summary>
/// <remarks>
/// Word 5-grams (the default) are the classic choice for near-duplicate web text (Broder 1997 used word 10-grams,
/// most later work 4 to 6). Thread safety: immutable.
/// </remarks>
public sealed class ShingleSpec : IEquatable<ShingleSpec>
{
    /// <summary>The default: word 5-grams.</summary>
    public static ShingleSpec Default { get; } = new(ShingleUnit.Word, 5);

    /// <summary>Creates a shingle specification.</summary>
    /// <param name="unit">Words or characters.</param>
    /// <param name="size">Units per shingle, 1 to 64.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is outside 1..64 or <paramref name="unit"/> is undefined.</exception>
    public ShingleSpec(ShingleUnit unit, int size)
    {
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown shingle unit.");
        }

        Guard.InRange(size, 1, 64);
        Unit = unit;
        Size = size;
    }

    /// <summary>The unit shingles are made of.</summary>
    public ShingleUnit Unit { get; }

    /// <summary>Units per shingle.</summary>
    public int Size { get; }

    /// <inheritdoc/>
    public bool Equals(ShingleSpec? other) => other is not null && other.Unit == Unit && other.Size == Size;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ShingleSpec);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Unit << 8) | Size;

    /// <summary>A short label such as <c>word-5</c> or <c>char-7</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() => $"{Unit switch { ShingleUnit.Word => "word", ShingleUnit.Character => "char", _ => "skeleton" }}-{Size}";
}
