using System.Collections.Generic;
using System.Globalization;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>What <c>neardup explain</c> says about a pair, in words, for the terminal and the HTML report alike, so the
/// two never tell different stories.</summary>
internal static class ExplainFacts
{
    /// <summary>The verdict: the kind and score, or "not a copy".</summary>
    public static string Verdict(PairExplanation x) =>
        x.Verdict is null ? "not a copy" : $"{x.Verdict.Kind.ToName()} (score {F(x.Verdict.Score)})";

    /// <summary>For a contained pair, which document lies inside which ("B is inside A"); null for other kinds.</summary>
    public static string? Inside(PairExplanation x) =>
        x.Verdict is { Kind: MatchKind.Contained } v ? (v.AInsideB ? "A is inside B" : "B is inside A") : null;

    /// <summary>The one-line summary: the scan's details for a copy (what is shared, which side is inside, the top
    /// rewordings); for a pair that is no copy, its figures.</summary>
    public static string Summary(PairExplanation x) => x.Verdict is { } v
        ? VerdictWriter.Details(v)
        : VerdictWriter.Common(x.Figures) + string.Create(CultureInfo.InvariantCulture, $", aligned a {x.Alignment.CoverageA:0.00} b {x.Alignment.CoverageB:0.00}");

    /// <summary>What the collection given with <c>--context</c> does to the verdict, or that none was given.</summary>
    /// <param name="context">The collection described (<c>the index at …</c>), or null.</param>
    public static string Collection(string? context) => context is null
        ? "Collection: none given (--context): text many documents share, such as a footer, a signature or a template's frame, cannot be told from copied text."
        : $"Collection: {context}; text its other documents hold too counts less.";

    /// <summary>How many other documents of the collection hold a passage, in words: "the pair only" for none,
    /// "1 other", "N others".</summary>
    /// <param name="others">The count (<see cref="PairExplanation.PassageHolders"/>).</param>
    public static string HeldBy(int others) => others switch
    {
        0 => "the pair only",
        1 => "1 other",
        _ => $"{others.ToString("N0", CultureInfo.InvariantCulture)} others",
    };

    /// <summary>When the candidate search would not propose the pair, what that means; null when it would.</summary>
    public static string? NotProposed(PairExplanation x) => x.Proposed
        ? null
        : x.ProposedByWordPairsOnly
            ? "Not flagged: only the word pairs propose this pair, and a pair they alone propose is reported only when it is spun or a reworded excerpt; the verdict above is the verifier's alone."
            : x.Verdict is null
                ? "No candidate source proposes this pair: a scan or an index query would not compare the two."
                : "Not flagged: no candidate source proposes this pair, so a scan or an index query would not compare the two; the verdict above is the verifier's alone.";

    /// <summary>Why a pair whose shared text makes it a copy by the shingle measures is not one: the rule that set the
    /// verdict aside, in words; null when none did.</summary>
    public static string? Overruled(PairExplanation x) => x.Overruled switch
    {
        Overruling.Trailer => "Not a copy, though they share text: all of it lies at the end of both, after text of their own (a signature, a footer, a disclaimer both carry).",
        Overruling.CollectionSection => "Not a copy, though one holds much of the other: what they share is a section the collection carries (many other documents hold the same skeleton), not text copied from one into the other.",
        Overruling.FilledFrame => "Not a copy, though they share text: they are written from one pattern with other values all through (no verbatim run longer than a few words, words replaced all along).",
        Overruling.SlotFill => "Not a copy, though they share text: they differ in one slot filled again and again, two texts written from one template.",
        Overruling.TemplateSlotFill => "Not a copy, though they share text: they differ in the names or identifiers of one slot, and what they share is the frame around it, which the collection's other pages hold too (pages generated from one template).",
        Overruling.CollectionFrame => "Not a copy, though nearly all their words are the same: nearly all of that is text many other documents hold too, and what each has of its own is other words (two pages generated for different things, one licence for two packages).",
        Overruling.RecurringText => "Not a copy, though they share text: other documents of the collection hold it too (see \"held by\"), and weighed by how many hold it, it is too little of either document's own text (a footer, an opt-out notice, an ad inside longer texts of their own); or, where it is most of one document's own text, it is the other's trailer (a message that is only a footer) or the frame of pages that differ in names or identifiers.",
        Overruling.OtherLanguage => $"Not a copy, though its words align as a spin's or an edited copy's do, or its sentences match as a rewrite's: the two are in different languages{LanguageWords(x)}. A spinner, a rewriter or an editor keeps the language; a translation is none of those copies.",
        _ => null,
    };

    /// <summary>Which words tell the pair's languages apart, as a parenthesis: " (A uses la, el, y often, which B never
    /// does; B uses do, uma often, which A never does)".</summary>
    private static string LanguageWords(PairExplanation x)
    {
        var said = new List<string>();
        if (x.LanguageWords.OfA.Count > 0)
        {
            said.Add($"A uses {string.Join(", ", x.LanguageWords.OfA)} often, which B never does");
        }

        if (x.LanguageWords.OfB.Count > 0)
        {
            said.Add($"B uses {string.Join(", ", x.LanguageWords.OfB)} often, which A never does");
        }

        return said.Count == 0 ? string.Empty : $" ({string.Join("; ", said)})";
    }

    /// <summary>Machine name of <see cref="PairExplanation.Overruled"/> for <c>explain --format json</c>; null when no rule
    /// set a verdict aside.</summary>
    public static string? OverruledName(PairExplanation x) => x.Overruled switch
    {
        Overruling.Trailer => "trailer",
        Overruling.CollectionSection => "collection-section",
        Overruling.FilledFrame => "filled-frame",
        Overruling.SlotFill => "slot-fill",
        Overruling.TemplateSlotFill => "template-slot-fill",
        Overruling.CollectionFrame => "collection-frame",
        Overruling.RecurringText => "recurring-text",
        Overruling.OtherLanguage => "other-language",
        _ => null,
    };

    /// <summary>The figures table: each figure's name and value.</summary>
    /// <param name="x">The explanation.</param>
    /// <param name="withContext">Whether a collection was given (the distinctive coverages then mean something).</param>
    public static List<(string Figure, string Value)> Figures(PairExplanation x, bool withContext)
    {
        SpinAlignment al = x.Alignment;
        PairFigures f = x.Figures;
        var rows = new List<(string, string)>
        {
            ("word 5-gram Jaccard", F(f.Jaccard)),
            ("shingle coverage of A / B", $"{F(f.CoverageA)} / {F(f.CoverageB)}"),
        };
        if (withContext)
        {
            rows.Add(("distinctive coverage of A / B", $"{F(f.DistinctiveCoverageA)} / {F(f.DistinctiveCoverageB)}"));
        }

        rows.Add(("aligned share of A / B", $"{F(al.CoverageA)} / {F(al.CoverageB)}"));
        rows.Add(("words kept / replaced in passages", $"{F(al.MatchRate)} / {F(al.SubstitutionRate)}"));
        rows.Add(("words reworded / spread of rewordings", $"{F(al.RewordingRate)} / {F(al.RewordingSpread)}"));
        rows.Add(("spelling edits, insertions, deletions", $"{al.EditedTokensA}, {al.InsertedTokens}, {al.DeletedTokens}"));
        rows.Add(("SimHash distance", f.SimHashDistance.ToString(CultureInfo.InvariantCulture)));
        return rows;
    }

    /// <summary>What kind of change a substitution is: <c>spelling</c>, or its class (<c>rewording</c>, <c>number</c>, …).</summary>
    public static string KindOf(Substitution s) => s.IsEditLike ? "spelling" : VerdictWriter.ClassName(s.Class);

    /// <summary>Whether a substitution fills a field (a spelling edit, a number, a name…) rather than rewording text.</summary>
    public static bool IsField(Substitution s) => s.IsEditLike || s.Class != SubstitutionClass.Rewording;

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
