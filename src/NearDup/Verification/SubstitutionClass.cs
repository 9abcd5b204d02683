namespace NearDup.Verification;

/// <summary>What kind of difference a <see cref="Substitution"/> is: a word replaced by another word (what a spinner or a
/// rewriter does), or the fill of a field that two texts written from one template vary.</summary>
/// <remarks>Only <see cref="Rewording"/> counts towards a <see cref="MatchKind.Spun"/> verdict: two issues of one
/// newsletter, two licences with other holders or two reference entries differ in numbers, names, addresses and
/// identifiers, which no spinner replaces. Decided from the tokens and their surroundings in the original texts, with no
/// word list, so it holds for any language written with spaces and case.</remarks>
public enum SubstitutionClass : byte
{
    /// <summary>Ordinary words replaced by other ordinary words.</summary>
    Rewording = 0,

    /// <summary>A side holds a number (a count, a date, a time, a version, a price).</summary>
    Number = 1,

    /// <summary>A side is part of an address, a path, an identifier, code or markup: its words stand in a run of
    /// characters such as <c>@ / \ _ = &lt; &gt; #</c>, a dot between letters, or a change of case inside a word; or
    /// both sides are ids whose tokens mix letters and digits (<c>i-030017cfa84b20135</c>, a hash).</summary>
    Identifier = 2,

    /// <summary>Both sides are capitalised in the middle of a sentence, in texts where capitals mark names: a name or a
    /// title. Or both sides stand in an alphabetical list of capitalised items (a release's contributors): the list's
    /// members changed, not its words.</summary>
    Name = 3,

    /// <summary>The two sides are the same letters split differently (a word broken at a line end, a compound written
    /// apart).</summary>
    Hyphenation = 4,

    /// <summary>One side has more than two words more than the other: other text in the same place, as a template's free
    /// field holds, not a word or a phrase said another way.</summary>
    OtherText = 5,

    /// <summary>Both sides are function words only (<c>under</c> → <c>in</c>, <c>as</c> → <c>what is</c>,
    /// <c>doesn't</c> → <c>does not</c>): the grammar of a sentence said another way, which an editor changes as readily
    /// as a spinner does. A spinner's mark is content words replaced; these alone do not make a spin.</summary>
    Grammar = 6,
}
