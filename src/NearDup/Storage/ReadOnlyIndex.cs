using System;

namespace NearDup.Storage;

/// <summary>The one error every write to an index opened to query only gives, whichever backend holds it.</summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static class ReadOnlyIndex
{
    /// <summary>The error a write to a read-only index throws.</summary>
    /// <param name="source">The index's name in messages (its directory, or its Redis location).</param>
    /// <returns>The exception to throw.</returns>
    public static InvalidOperationException Error(string source) =>
        new($"The index at {source} was opened read-only; open it for writing to change it.");
}
