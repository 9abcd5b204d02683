using System;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>
/// The facts of a text, as stems: its numbers, codes, identifiers and names. What a rewrite keeps however it words its
/// sentences, and what two texts written from one pattern change.
/// </summary>
/// <remarks>
/// <para>
/// A rewriter, a spinner or a person who rewords a text keeps what it says: the names, numbers, dates, codes and
/// addresses stay, in other sentences. Two texts written to one pattern (reference pages for two commands, two issues of
/// a newsletter, the acknowledgements of two releases, a notice for two products) match sentence by sentence too, but
/// differ in exactly these: their fill. So a pair matched only by its sentences' content words is a rewrite when it
/// shares most of its facts (see <see cref="Shared"/>), which is the issue's "two texts that share a frame and differ in
/// its fill are not copies unless the fill itself is copied".
/// </para>
/// <para>
/// A fact is a content token (see <see cref="WordPairs.TryStem"/>: not a function word, three letters or more, or any
/// number) that is a number, a code mixing letters and digits (<see cref="SubstitutionClassifier.IsCode"/>), part of an
/// identifier (<see cref="SubstitutionClassifier.IsIdentifier(string, in Token)"/>), or a capitalised word that does not
/// start a sentence in a text where capitals mark names (<see cref="SubstitutionClassifier.CapitalsMarkNames"/>; not in
/// German, where every noun is capitalised, nor in a text in capitals). Each is kept as its stem, so that "England" and
/// "England's", "Philistines" and "Philistine" are one fact, as a rewriter's inflections need. No word list: the classes
/// come from digits, case and punctuation, in any language written with them; a text in a script without case keeps its
/// numbers and codes only.
/// </para>
/// <para>Thread safety: static and stateless.</para>
/// </remarks>
internal static class FactStems
{
    /// <summary>The distinct fact stems of a text, ascending.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its content tokens.</param>
    /// <param name="functionWords">The function words, which are never facts.</param>
    /// <returns>The stems.</returns>
    public static ulong[] Of(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords) =>
        Distinct(text, tokens, functionWords, foldConfusables: true, leadsOnly: false);

    /// <summary>The facts a candidate search can lead with, as distinct stems, ascending: the names and numbers of a text
    /// that stand in no identifier and are no code (see <see cref="IsLead"/>).</summary>
    /// <remarks>A fluent rewrite keeps the names and figures of what it tells (Cherokee, Gaines, Nacogdoches; 140, 2024)
    /// while every sentence around them changes; pages generated for one family share their example ids, ARNs and
    /// account numbers by the dozen, which say nothing of a copy. Added to the word pairs (see
    /// <see cref="LeadFingerprint"/>), the names and numbers let the word-pair source propose a rewrite whose sampled
    /// pairs are too few.</remarks>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens (any punctuation among them is skipped).</param>
    /// <param name="functionWords">The function words, which are never facts.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <returns>The stems.</returns>
    public static ulong[] Leads(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords, bool foldConfusables) =>
        Distinct(text, tokens, functionWords, foldConfusables, leadsOnly: true);

    /// <summary>As <see cref="Leads(string, ReadOnlySpan{Token}, FunctionWords, bool)"/>, written into the caller's
    /// span in text order, repeats included, with nothing allocated (what analysis asks, for every document).</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens (any punctuation among them is skipped).</param>
    /// <param name="functionWords">The function words, which are never facts.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <param name="stems">Receives the stems; as long as the tokens at least.</param>
    /// <returns>How many were written.</returns>
    public static int Leads(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords, bool foldConfusables, Span<ulong> stems) =>
        Stems(text, tokens, functionWords, foldConfusables, leadsOnly: true, stems);

    /// <summary>The stems of <see cref="Stems"/>, distinct and ascending.</summary>
    private static ulong[] Distinct(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords, bool foldConfusables, bool leadsOnly)
    {
        ulong[] stems = RentedArrays.Rent<ulong>(Math.Max(1, tokens.Length));
        try
        {
            int count = Stems(text, tokens, functionWords, foldConfusables, leadsOnly, stems);
            return HashSort.SortedDistinct(stems.AsSpan(0, count));
        }
        finally
        {
            RentedArrays.Give(stems);
        }
    }

    /// <summary>The stems of a text's facts (see <see cref="IsFact"/>), or of its leads (see <see cref="IsLead"/>), in
    /// text order, repeats included, classified in one pass.</summary>
    /// <returns>How many were written into <paramref name="into"/> (as long as the tokens at least).</returns>
    private static int Stems(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords, bool foldConfusables, bool leadsOnly, Span<ulong> into)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(functionWords);
        int capitals = -1; // whether capitals mark names (1) or not (0): worked out when a capitalised word first asks
        int count = 0;

        // The run of non-space characters around the current token, and whether it marks an identifier: each run is
        // found and classified once, so that a text without spaces costs its length, not its length per token. Leads
        // are numbers and capitalised words only, so the other words (most of a text) are passed over at once.
        int runStart = 0, runEnd = 0;
        bool runMarks = false;
        foreach (ref readonly Token t in tokens)
        {
            if (t.Kind is not (TokenKind.Word or TokenKind.Number) || (leadsOnly && t.Kind == TokenKind.Word && !t.IsCapitalized))
            {
                continue;
            }

            // A word that starts a sentence is a lead only as a name, which it cannot be there: passed over before its run
            // is found (in English prose, most capitalised words).
            bool startsSentence = t.Kind == TokenKind.Word && t.IsCapitalized && SubstitutionClassifier.StartsSentence(text, t.Start);
            if (leadsOnly && t.Kind == TokenKind.Word && startsSentence)
            {
                continue;
            }

            if (t.Start >= runEnd)
            {
                runStart = t.Start;
                while (runStart > runEnd && !char.IsWhiteSpace(text[runStart - 1]))
                {
                    runStart--;
                }

                runEnd = t.End;
                while (runEnd < text.Length && !char.IsWhiteSpace(text[runEnd]))
                {
                    runEnd++;
                }

                runMarks = SubstitutionClassifier.MarksIdentifier(text.AsSpan(runStart, runEnd - runStart));
            }

            bool name = t.Kind == TokenKind.Word && t.IsCapitalized && !startsSentence && CapitalsMarkNames(text, tokens, ref capitals);
            bool code = t.Kind == TokenKind.Word && SubstitutionClassifier.IsCode(text.AsSpan(t.Start, t.Length));
            bool marked = runMarks || SubstitutionClassifier.ChangesCase(text, t);
            bool keep = leadsOnly
                ? !marked && !code && (t.Kind == TokenKind.Number || name)
                : t.Kind == TokenKind.Number || name || code || (t.Kind == TokenKind.Word && marked);
            if (keep && WordPairs.TryStem(text, t, functionWords, foldConfusables, out ulong stem))
            {
                into[count++] = stem;
            }
        }

        return count;

        // Whether capitals mark names in the text (see SubstitutionClassifier.CapitalsMarkNames), worked out once.
        static bool CapitalsMarkNames(string text, ReadOnlySpan<Token> tokens, ref int known)
        {
            if (known < 0)
            {
                known = SubstitutionClassifier.CapitalsMarkNames(text, tokens) ? 1 : 0;
            }

            return known == 1;
        }
    }

    /// <summary>Whether a token is a lead (see <see cref="Leads(string, ReadOnlySpan{Token}, FunctionWords, bool)"/>): a number or a name, in no identifier and no code. The
    /// oracle of the classification <see cref="Leads(string, ReadOnlySpan{Token}, FunctionWords, bool)"/> makes in one pass.</summary>
    /// <param name="text">The text.</param>
    /// <param name="t">The token.</param>
    /// <param name="capitalsMarkNames">Whether capitals mark names in the text.</param>
    /// <returns>True for a lead.</returns>
    internal static bool IsLead(string text, in Token t, bool capitalsMarkNames) =>
        !SubstitutionClassifier.IsIdentifier(text, t)
        && !SubstitutionClassifier.IsCode(text.AsSpan(t.Start, t.Length))
        && (t.Kind == TokenKind.Number
            || (t.Kind == TokenKind.Word && capitalsMarkNames && t.IsCapitalized && !SubstitutionClassifier.StartsSentence(text, t.Start)));

    /// <summary>A lead's stem as a word-pair fingerprint: mixed apart from the pairs' hashes, so that a stem and a pair
    /// never stand for each other.</summary>
    /// <param name="stem">A stem from <see cref="Leads(string, ReadOnlySpan{Token}, FunctionWords, bool)"/>.</param>
    /// <returns>The fingerprint.</returns>
    public static ulong LeadFingerprint(ulong stem)
    {
        ulong x = stem ^ LeadSalt;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Two leads that follow each other in a text (see
    /// <see cref="Leads(string, ReadOnlySpan{Token}, FunctionWords, bool, Span{ulong})"/>), as one word-pair fingerprint.</summary>
    /// <remarks>A rewrite keeps its names and numbers in their order, and two of them in a row are rarer than either: in
    /// a collection of presidential messages "Congress" and "1898" are each held by more documents than the candidate
    /// search counts (see <see cref="Indexing.Passages.PassageIndex.MaxPostings"/>), the two in a row by few. Mixed apart
    /// from single leads and from the pairs' hashes, and in order (A then B is not B then A).</remarks>
    /// <param name="first">The first lead's stem.</param>
    /// <param name="second">The lead's stem that follows it.</param>
    /// <returns>The fingerprint.</returns>
    public static ulong LeadPairFingerprint(ulong first, ulong second) => LeadFingerprint((first * 0x9E3779B97F4A7C15UL) ^ second ^ LeadPairSalt);

    /// <summary>What two leads in a row are mixed with besides (see <see cref="LeadPairFingerprint"/>): "LEADPAIR".</summary>
    private const ulong LeadPairSalt = 0x4C45_4144_5041_4952;

    /// <summary>What a lead's stem is mixed with (see <see cref="LeadFingerprint"/>): "NDUPLEAD".</summary>
    private const ulong LeadSalt = 0x4E44_5550_4C45_4144;

    /// <summary>Whether a token is a fact: a number, a code, part of an identifier, or a name. The oracle of the
    /// classification <see cref="Of"/> makes in one pass.</summary>
    /// <param name="text">The text.</param>
    /// <param name="t">The token.</param>
    /// <param name="capitalsMarkNames">Whether capitals mark names in the text.</param>
    /// <returns>True for a fact.</returns>
    internal static bool IsFact(string text, in Token t, bool capitalsMarkNames) =>
        t.Kind == TokenKind.Number
        || (t.Kind == TokenKind.Word
            && ((capitalsMarkNames && t.IsCapitalized && !SubstitutionClassifier.StartsSentence(text, t.Start))
                || SubstitutionClassifier.IsCode(text.AsSpan(t.Start, t.Length))
                || SubstitutionClassifier.IsIdentifier(text, t)));

    /// <summary>The share of the facts of the text that has more of them which the other text has too: 1 when neither has
    /// any (nothing to tell), 0 when one has facts and the other none of them.</summary>
    /// <param name="a">One text's fact stems, distinct and ascending (<see cref="Of"/>).</param>
    /// <param name="b">The other's.</param>
    /// <returns>Shared stems over the larger count.</returns>
    public static double Shared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int most = Math.Max(a.Length, b.Length);
        if (most == 0)
        {
            return 1;
        }

        int shared = HashSort.CountShared(a, b);
        return (double)shared / most;
    }
}
