using System.Collections.Generic;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>
/// What <see cref="NearDupIndex.AddUnlessCopy(string, string, Candidates.CopyKinds)"/> did with a document: kept it, or
/// turned it away as a copy of the documents in <see cref="Copies"/>.
/// </summary>
/// <remarks>
/// <para>Invariant: <see cref="Kept"/> exactly when <see cref="Copies"/> is empty.</para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class AddUnlessCopyResult
{
    /// <summary>A result holding the copies that turned a document away, or none when it was kept.</summary>
    /// <param name="copies">The verdicts, the indexed copy as A and the document as B.</param>
    internal AddUnlessCopyResult(IReadOnlyList<PairVerdict> copies) => Copies = copies;

    /// <summary>Whether the document was added to the index (and is held now).</summary>
    public bool Kept => Copies.Count == 0;

    /// <summary>The indexed copies that made the document a duplicate, as a query gives them (the indexed copy as
    /// <see cref="PairVerdict.A"/>, the document as <see cref="PairVerdict.B"/>), by kind, then score descending; empty
    /// when it was kept.</summary>
    public IReadOnlyList<PairVerdict> Copies { get; }
}
