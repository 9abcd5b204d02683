using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NearDup.Internal;

/// <summary>One home for argument checks at the public edge; throwing lives in separate methods so hot callers stay inlinable.</summary>
internal static class Guard
{
    public static void NotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            ThrowNull(name);
        }
    }

    public static void NotNullOrEmpty([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            ThrowNull(name);
        }

        if (value.Length == 0)
        {
            ThrowEmpty(name);
        }
    }

    public static void InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            ThrowRange(name, value, $"must be between {min} and {max}");
        }
    }

    public static void InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
        {
            ThrowRange(name, value, $"must be between {min} and {max}");
        }
    }

    [DoesNotReturn]
    private static void ThrowNull(string? name) => throw new ArgumentNullException(name);

    [DoesNotReturn]
    private static void ThrowEmpty(string? name) => throw new ArgumentException("Value must not be empty.", name);

    [DoesNotReturn]
    private static void ThrowRange(string? name, object value, string rule) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");
}
