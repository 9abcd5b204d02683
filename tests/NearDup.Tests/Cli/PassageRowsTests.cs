using System.Collections.Generic;
using System.Linq;
using NearDup.Cli;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>A long passage is cut into rows that start level on both sides, from the words its alignment pairs.</summary>
public class PassageRowsTests
{
    // Three sentences of about 250 characters: a passage of them is cut at its sentence ends.
    private static readonly string Text = string.Join(' ', Enumerable.Range(0, 3).Select(s =>
        string.Join(' ', Enumerable.Range(0, 40).Select(w => $"w{s}x{w}")) + "."));

    private static List<PassageRow> Rows(AlignmentEdit[] edits)
    {
        Token[] tokens = [.. Tokenizer.Tokenize(Text).Where(t => t.IsContent)];
        var passage = new AlignedPassage(0, Text.Length, 0, Text.Length, tokens.Length, tokens.Length);
        return PassageRows.Split(Text, tokens, Text, tokens, passage, EditRanges.Of(edits, sideA: true), EditRanges.Of(edits, sideA: false), (0, Text.Length), (0, Text.Length));
    }

    [Test]
    public void Split_APassageOfThreeLongSentences_IsCutAtTheirEnds() =>
        Assert.That(Rows([]), Has.Count.EqualTo(3));

    [Test]
    public void Split_AnotherPassagesEditInsideItOnOneSideOnly_DoesNotUnpairItsWords()
    {
        // An edit of A's fifth word whose B side lies far outside this passage: another passage's, which overlaps this
        // one on A. Counted as this passage's, it would leave A one paired word short of B, and the passage one row.
        int start = Text.IndexOf("w0x5", System.StringComparison.Ordinal);
        AlignmentEdit foreign = new(EditKind.Substitution, start, start + 4, Text.Length + 100, Text.Length + 104);
        Assert.That(Rows([foreign]), Has.Count.EqualTo(3));
    }
}
