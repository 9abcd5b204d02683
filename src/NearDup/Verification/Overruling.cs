namespace NearDup.Verification;

/// <summary>Why a pair whose shared text makes it a copy by the shingle measures (or, for an edited copy, by the word
/// alignment) is still judged not a copy: the rule of the verifier that set that verdict aside. <c>neardup explain</c>
/// says it, so that "not a copy" beside a high coverage is not a mystery.</summary>
public enum Overruling
{
    /// <summary>No rule set a verdict aside: the pair is a copy, or its shared text never made it one.</summary>
    None = 0,

    /// <summary>Everything the pair shares lies at the end of both documents, after text of their own: a signature, a
    /// footer or a disclaimer both carry.</summary>
    Trailer,

    /// <summary>What a contained pair shares is a section the collection carries: the spin skeleton it shares is held by
    /// many other documents (a standard section, an opt-out notice, a template's frame).</summary>
    CollectionSection,

    /// <summary>The pair is two texts written from one pattern with other values all through: no verbatim run in what
    /// it shares is longer than a few words, and words are replaced all along.</summary>
    FilledFrame,

    /// <summary>The pair differs in one slot filled again and again (one name for another throughout): two texts
    /// written from one template.</summary>
    SlotFill,

    /// <summary>The pair differs in the names or identifiers a slot holds, and what it shares is the frame around it,
    /// which the collection's other pages hold too (one page may have text of its own besides): two pages generated
    /// from one template.</summary>
    TemplateSlotFill,

    /// <summary>Nearly all the pair's words are the same, but nearly all of that is text many documents of the collection
    /// hold, and what each has of its own is other words: two pages generated for different things, one licence for two
    /// packages.</summary>
    CollectionFrame,

    /// <summary>What the pair shares would make it a copy if all text weighed alike, but other documents of the collection
    /// hold it too: weighed by how many hold it, it is too little of either document's own text (a footer a list's
    /// messages carry, an ad a dozen spams carry inside longer text of their own); or it is most of one document's own
    /// text, but the other's trailer (a message that is nothing but a mailer's opt-out text), or the frame of two pages
    /// that differ in names or identifiers (see <see cref="PairVerdict.WidelyHeld"/>).</summary>
    RecurringText,

    /// <summary>The pair's words align as a spin's or an edited copy's do, or its sentences match as a rewrite's, but the
    /// two are in different languages: function words each uses often never appear in the other (a translation into a
    /// related language, which keeps the names, options and cognates in order). A spinner, a rewriter or an editor keeps
    /// the language; a translation is none of those copies.</summary>
    OtherLanguage,
}
