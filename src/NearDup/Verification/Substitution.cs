namespace NearDup.Verification;

/// <summary>A word or phrase of document A replaced by a word or phrase of document B inside an aligned passage.</summary>
/// <param name="From">The normalised words of A, space-separated (for example <c>people dead</c>).</param>
/// <param name="To">The normalised words of B that stand in their place (for example <c>population lifeless</c>).</param>
/// <param name="Count">How many times this replacement occurs in the pair.</param>
/// <param name="IsEditLike">True when the two sides differ only by a small spelling edit (a typo), not by a different word.</param>
/// <param name="Class">Whether the replacement is a rewording or the fill of a template field (a number, a name, an
/// identifier, a word split differently); only rewordings count towards a spun verdict.</param>
/// <remarks>Thread safety: immutable.</remarks>
public readonly record struct Substitution(string From, string To, int Count, bool IsEditLike, SubstitutionClass Class = SubstitutionClass.Rewording)
{
    /// <summary>The replacement as <c>from → to</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{From} → {To}";

    /// <summary>Whether the replacement first read as ordinary words and a later occurrence stood in an identifier or
    /// read as a name, which gave it its <see cref="Class"/>: a command's verb in its prose, then in its name
    /// (<c>create</c> → <c>delete</c>), a language in a sentence, then in a variable's name. Not a rewording, but still a
    /// slot of words for the rules that find a template's slot filled again and again.</summary>
    /// <remarks>Set in that order only. A replacement that first stands in a name and then reads as words (a command
    /// page's track, <c>alpha</c> → <c>beta</c>, in its title and then its prose) stays a name's slot: marking it too
    /// unflagged 247 man-page near-duplicates, most of them one command's page in two release tracks, which are
    /// copies.</remarks>
    internal bool AlsoReworded { get; init; }
}
