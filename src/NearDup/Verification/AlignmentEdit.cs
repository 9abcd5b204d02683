namespace NearDup.Verification;

/// <summary>What an <see cref="AlignmentEdit"/> does.</summary>
public enum EditKind : byte
{
    /// <summary>Words of A replaced by different words of B.</summary>
    Substitution = 0,

    /// <summary>A word of A replaced by a spelling variant of itself (a typo).</summary>
    SpellingEdit = 1,

    /// <summary>Words B adds.</summary>
    Insertion = 2,

    /// <summary>Words of A that B drops.</summary>
    Deletion = 3,
}

/// <summary>One difference inside an aligned passage, as character ranges of both original texts.</summary>
/// <param name="Kind">What the edit does.</param>
/// <param name="AStart">First character of the edited words in A (for an insertion: where they would stand).</param>
/// <param name="AEnd">One past the last character in A (equal to <paramref name="AStart"/> for an insertion).</param>
/// <param name="BStart">First character of the edited words in B (for a deletion: where they would stand).</param>
/// <param name="BEnd">One past the last character in B (equal to <paramref name="BStart"/> for a deletion).</param>
/// <remarks>Thread safety: immutable.</remarks>
public readonly record struct AlignmentEdit(EditKind Kind, int AStart, int AEnd, int BStart, int BEnd);
