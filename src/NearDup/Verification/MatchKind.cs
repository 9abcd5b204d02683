namespace NearDup.Verification;

/// <summary>What relation a verified pair of documents has.</summary>
public enum MatchKind : byte
{
    /// <summary>The normalised texts are equal (case, white space, Unicode forms and invisible characters aside).</summary>
    Exact = 0,

    /// <summary>Both documents are mostly covered by passages they share: a copy with few edits.</summary>
    NearDuplicate = 1,

    /// <summary>One document, or a substantial passage of one, stands inside the other.</summary>
    Contained = 2,

    /// <summary>The same text in the same order with many words replaced by synonyms.</summary>
    Spun = 3,
}

/// <summary>The names NearDup writes for <see cref="MatchKind"/> values.</summary>
public static class MatchKindNames
{
    /// <summary>The lower-case name used in output: <c>exact</c>, <c>near-duplicate</c>, <c>contained</c>, <c>spun</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its output name.</returns>
    public static string ToName(this MatchKind kind) => kind switch
    {
        MatchKind.Exact => "exact",
        MatchKind.NearDuplicate => "near-duplicate",
        MatchKind.Contained => "contained",
        MatchKind.Spun => "spun",
        _ => kind.ToString(),
    };
}
