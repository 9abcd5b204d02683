using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

/// <summary>What the builder counts: words matched when two passages align the same words of A with two repeats of them
/// in B, and the class of a replacement that occurs both in prose and in an identifier.</summary>
public class AlignmentBuilderTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    private static readonly SpinAligner Aligner = new();

    /// <summary>A made-up build tool's page for one language, naming it in prose and, where <paramref name="named"/>,
    /// in a variable's name (<c>TOOL_resource_COMPILER</c>); <paramref name="nameFirst"/> puts a sentence with the
    /// variable before the prose.</summary>
    private static string ToolPage(string language, bool named = true, bool nameFirst = false)
    {
        string variable = named ? $"TOOL_{language}_COMPILER" : "the compiler setting";
        string first = $"The setting {variable} holds the compiler that the tool keeps for every later run of the build.";
        string prose = $"""
            The preferred program for compiling {language} files is read from the environment on the first run only.
            After that first run the tool keeps the {language} compiler it found in its cache of settings, so that every
            later run of the build uses the same program again, whatever the environment says about {language} then.
            The cache can be cleared by hand when another program should be used, and the next run reads it again.
            """;
        return nameFirst ? first + "\n" + prose : prose + "\n" + first;
    }

    private static Substitution LanguageSwap(SpinAlignment alignment) =>
        alignment.Substitutions.Single(s => s.From == "resource" && s.To == "template");

    [Test]
    public void Align_AWordReplacedInProseAndInAnIdentifier_IsAnIdentifierEvenWhenTheProseComesFirst()
    {
        SpinAlignment alignment = Aligner.Align(Analyzer.Analyze("a", ToolPage("resource")), Analyzer.Analyze("b", ToolPage("template")));
        Assert.That((LanguageSwap(alignment).Class, LanguageSwap(alignment).Count, LanguageSwap(alignment).AlsoReworded), Is.EqualTo((SubstitutionClass.Identifier, 4, true)));
    }

    [Test]
    public void Align_AWordReplacedInProseAndInAnIdentifier_CountsNoRewordingWhicheverComesFirst()
    {
        SpinAlignment proseFirst = Aligner.Align(Analyzer.Analyze("a", ToolPage("resource")), Analyzer.Analyze("b", ToolPage("template")));
        SpinAlignment nameFirst = Aligner.Align(Analyzer.Analyze("a", ToolPage("resource", nameFirst: true)), Analyzer.Analyze("b", ToolPage("template", nameFirst: true)));
        Assert.That((proseFirst.RewordedTokensA, proseFirst.RevisedTokensA, nameFirst.RewordedTokensA, LanguageSwap(nameFirst).Class), Is.EqualTo((0, 0, 0, SubstitutionClass.Identifier)));
    }

    [Test]
    public void Align_AWordReplacedInProseOnly_IsARewordingCountedTwiceAtMost()
    {
        SpinAlignment alignment = Aligner.Align(Analyzer.Analyze("a", ToolPage("resource", named: false)), Analyzer.Analyze("b", ToolPage("template", named: false)));
        Assert.That((LanguageSwap(alignment).Class, LanguageSwap(alignment).Count, LanguageSwap(alignment).AlsoReworded, alignment.RewordedTokensA), Is.EqualTo((SubstitutionClass.Rewording, 3, false, 2)));
    }

    [Test]
    public void Build_TwoPassagesAligningAOnceWithBTwice_CountsEachWordOfAMatchedOnce()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse);
        AnalyzedDocument b = Analyzer.Analyze("b", TestTexts.Lighthouse + "\n\n" + TestTexts.Lighthouse);
        int n = a.ContentTokens.Length;
        Assume.That(b.ContentTokens.Length, Is.EqualTo(2 * n));
        var builder = new AlignmentBuilder(a, b, new SpinAligner(), new bool[n]);
        try
        {
            builder.AddPassage(Enumerable.Range(0, n).Select(i => new Seed(i, i, 1)).ToArray());
            builder.AddPassage(Enumerable.Range(0, n).Select(i => new Seed(i, n + i, 1)).ToArray());
            SpinAlignment alignment = builder.Build();
            Assert.That((alignment.MatchedTokens, alignment.AlignedTokensA, alignment.MatchRate), Is.EqualTo((n, n, 1.0)));
        }
        finally
        {
            builder.Release();
        }
    }
    /// <summary>A shop's alphabetical list with one member, and prose naming it three times.</summary>
    private static string Shop(string item) => $"""
        We stock Axe Haft, Bench Seat, Chair Leg, {item} Stand, Rug Mat, Sofa Arm, Table Top in every store we run.
        The {item.ToLowerInvariant()} is soft and the {item.ToLowerInvariant()} is thick, so put the {item.ToLowerInvariant()} down on the floor before you kneel on the old boards of the shed.
        """;

    [Test]
    public void Align_AListMemberReplaced_IsANameThereAndTheSameWordsInProseStayRewordings()
    {
        SpinAlignment alignment = Aligner.Align(Analyzer.Analyze("a", Shop("Pad")), Analyzer.Analyze("b", Shop("Cushion")));
        var swaps = alignment.Substitutions.Where(s => s.From == "pad" && s.To == "cushion").Select(s => (s.Class, s.Count)).OrderBy(x => x.Class);
        Assert.That(swaps, Is.EqualTo(new[] { (SubstitutionClass.Rewording, 3), (SubstitutionClass.Name, 1) }));
    }
    [Test]
    public void Align_ANameSplitDifferentlyInAnAlphabeticalList_IsHyphenation()
    {
        // The item's first word itself split differently: as a member it would differ in its first word.
        string Text(string name) => $"Thanks to Ada Aro, Anna Berg, Bo Dahl, Leo Lund, {name}, Nils Ode, Olle Palm, Per Quist for their help with the harbour survey this year.";
        SpinAlignment alignment = Aligner.Align(Analyzer.Analyze("a", Text("Mac Gregor")), Analyzer.Analyze("b", Text("MacGregor")));
        Assert.That(alignment.Substitutions.Single().Class, Is.EqualTo(SubstitutionClass.Hyphenation));
    }
}
