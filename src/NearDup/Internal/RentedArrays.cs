using System;
using System.Buffers;

namespace NearDup.Internal;

/// <summary>Arrays from the shared pools held with a count of the entries in use, for the documents that live for one
/// query only (the analysed query and the candidates rebuilt for it and not cached), and grown in place by the
/// verifier's pooled scratch.</summary>
/// <remarks>Arrays longer than <see cref="PoolLimit"/> entries are allocated for the caller and left to the collector when
/// given back: the shared pools keep what is returned to them, and one document of 50 million characters left 2.6 GB in
/// them for the life of the process.</remarks>
internal static class RentedArrays
{
    /// <summary>The longest array taken from and given back to the shared pools.</summary>
    internal const int PoolLimit = 1 << 20;

    /// <summary>A pooled array holding <paramref name="items"/> first (at least as long), or an
    /// empty array when there are none.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">What to copy in.</param>
    /// <returns>The array; give it back with <see cref="Return{T}(ref T[], ref int)"/>.</returns>
    public static T[] Copy<T>(ReadOnlySpan<T> items)
    {
        T[] array = Rent<T>(items.Length);
        items.CopyTo(array);
        return array;
    }

    /// <summary>A pooled array of at least <paramref name="count"/> entries (contents undefined), or an empty array for 0.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="count">Entries needed, 0 or more.</param>
    /// <returns>The array; give it back with <see cref="Return{T}(ref T[], ref int)"/>.</returns>
    public static T[] Rent<T>(int count) =>
        count == 0 ? [] : count <= PoolLimit ? ArrayPool<T>.Shared.Rent(count) : GC.AllocateUninitializedArray<T>(count);

    /// <summary>Replaces a rented array by one twice as long holding the same first <paramref name="count"/> items.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="rented">A pooled array, not empty; replaced by the larger one, and returned to the pool.</param>
    /// <param name="count">How many of its first items to keep.</param>
    public static void Grow<T>(ref T[] rented, int count) => Grow(ref rented, count, 2 * rented.Length);

    /// <summary>Replaces a rented array by one of at least <paramref name="length"/> entries holding the same first
    /// <paramref name="count"/> items.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="rented">An array from <see cref="Rent{T}(int)"/>; replaced by the larger one, and given back.</param>
    /// <param name="count">How many of its first items to keep.</param>
    /// <param name="length">Entries the new array needs.</param>
    public static void Grow<T>(ref T[] rented, int count, int length)
    {
        T[] bigger = Rent<T>(length);
        rented.AsSpan(0, count).CopyTo(bigger);
        Give(rented);
        rented = bigger;
    }

    /// <summary>Gives an array from <see cref="Rent{T}(int)"/> back: to the pool when it came from there.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="array">The array, which the caller no longer reads.</param>
    public static void Give<T>(T[] array)
    {
        if (array.Length > 0 && array.Length <= PoolLimit)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    /// <summary>Gives a pooled array back and leaves the holder empty (an empty array, a count of 0).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="array">The array; replaced by an empty one.</param>
    /// <param name="count">Its count; set to 0.</param>
    public static void Return<T>(ref T[] array, ref int count)
    {
        Give(array);
        array = [];
        count = 0;
    }
}
