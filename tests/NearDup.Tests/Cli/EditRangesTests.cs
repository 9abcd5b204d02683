using System.Collections.Generic;
using System.Linq;
using NearDup.Cli;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>One side's edits, sorted once, found by binary search for each passage and row of a long pair.</summary>
public class EditRangesTests
{
    // A's ranges: [30, 34) substitution, [10, 20) spelling edit, [5, 5) empty (a word put into B), [12, 40) added.
    private static readonly AlignmentEdit[] Edits =
    [
        new(EditKind.Substitution, 30, 34, 60, 66),
        new(EditKind.SpellingEdit, 10, 20, 15, 25),
        new(EditKind.Insertion, 5, 5, 1, 9),
        new(EditKind.Deletion, 12, 40, 50, 50),
    ];

    [Test]
    public void Of_SideA_KeepsTheRangesHoldingTextSortedByStart()
    {
        EditRanges a = EditRanges.Of(Edits, sideA: true);
        Assert.That(Enumerable.Range(0, a.Count).Select(k => a[k]), Is.EqualTo(new[]
        {
            (10, 20, EditKind.SpellingEdit), (12, 40, EditKind.Deletion), (30, 34, EditKind.Substitution),
        }));
    }

    [Test]
    public void Of_RangesStartingTogether_KeepTheAlignmentsOrder()
    {
        // Two passages overlapping on A: the second edit (longer) comes first in the alignment.
        EditRanges a = EditRanges.Of([new(EditKind.Substitution, 20, 30, 0, 4), new(EditKind.Substitution, 20, 25, 40, 44), new(EditKind.Deletion, 20, 22, 80, 80)], sideA: true);
        Assert.That(Enumerable.Range(0, a.Count).Select(k => a[k].End), Is.EqualTo(new[] { 30, 25, 22 }));
    }

    [Test]
    public void Of_SideB_TakesTheBRanges()
    {
        EditRanges b = EditRanges.Of(Edits, sideA: false);
        Assert.That(Enumerable.Range(0, b.Count).Select(k => (b[k].Start, b[k].End)), Is.EqualTo(new[] { (1, 9), (15, 25), (60, 66) }));
    }

    [TestCase(0, 0)]
    [TestCase(10, 0)]
    [TestCase(11, 1)]
    [TestCase(30, 2)]
    [TestCase(31, 3)]
    public void FirstStartingAtOrAfter_IsTheLowerBoundOfTheStarts(int position, int expected) =>
        Assert.That(EditRanges.Of(Edits, sideA: true).FirstStartingAtOrAfter(position), Is.EqualTo(expected));

    [Test]
    public void IsWithinOnTheOtherSide_TheEditsOtherRangeInsideOrNot()
    {
        EditRanges a = EditRanges.Of(Edits, sideA: true); // B ranges in A's order: [15, 25), [50, 50), [60, 66)
        Assert.That(new[] { a.IsWithinOnTheOtherSide(0, (15, 25)), a.IsWithinOnTheOtherSide(0, (16, 40)), a.IsWithinOnTheOtherSide(1, (50, 50)), a.IsWithinOnTheOtherSide(2, (0, 65)) }, Is.EqualTo(new[] { true, false, true, false }));
    }

    [Test]
    public void Side_MarksOnlyTheEditsWhollyInsideTheStretch()
    {
        // "the old harbour road ran north" with "old" [4, 7) replaced and "road ran" [16, 24) added; the stretch
        // [4, 20) holds the first whole and the second only in part, which is left unmarked.
        const string text = "the old harbour road ran north";
        EditRanges edits = EditRanges.Of([new(EditKind.Substitution, 4, 7, 0, 3), new(EditKind.Deletion, 16, 24, 3, 3)], sideA: true);
        Assert.That(PassageMarkup.Side(text, 4, 20, edits, (0, 3)), Is.EqualTo(new[]
        {
            new Segment("old", SegmentStyle.Replaced), new Segment(" harbour road", SegmentStyle.Same),
        }));
    }
    [Test]
    public void Side_TwoPassagesOverlappingOnA_EachMarksOnlyItsOwnEdit()
    {
        // A's "old harbour" [4, 15) is aligned twice, with B's [0, 20) and with B's [100, 120); the first passage replaced
        // "old" [4, 7), the second "harbour" [8, 15).
        const string text = "the old harbour road";
        EditRanges edits = EditRanges.Of([new(EditKind.Substitution, 4, 7, 0, 5), new(EditKind.Substitution, 8, 15, 106, 112)], sideA: true);
        var first = PassageMarkup.Side(text, 4, 15, edits, (0, 20));
        var second = PassageMarkup.Side(text, 4, 15, edits, (100, 120));
        Assert.That(new[] { first, second }, Is.EqualTo(new[]
        {
            new List<Segment> { new("old", SegmentStyle.Replaced), new(" harbour", SegmentStyle.Same) },
            new List<Segment> { new("old ", SegmentStyle.Same), new("harbour", SegmentStyle.Replaced) },
        }));
    }
}
