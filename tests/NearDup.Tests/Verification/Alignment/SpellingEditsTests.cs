using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

public class SpellingEditsTests
{
    [Test]
    public void IsSpellingEdit_OneSubstitution_ReturnsTrue()
    {
        Assert.That(SpellingEdits.IsSpellingEdit("house", "horse"), Is.True);
    }

    [Test]
    public void IsSpellingEdit_OneInsertion_ReturnsTrue()
    {
        Assert.That(SpellingEdits.IsSpellingEdit("color", "colour"), Is.True);
    }

    [Test]
    public void IsSpellingEdit_OneTransposition_ReturnsTrue()
    {
        // Two edits for plain Levenshtein; one swap of adjacent letters for Damerau–Levenshtein.
        Assert.That(SpellingEdits.IsSpellingEdit("form", "from"), Is.True);
    }

    [Test]
    public void IsSpellingEdit_IdenticalWords_ReturnsTrue()
    {
        Assert.That(SpellingEdits.IsSpellingEdit("house", "house"), Is.True);
    }

    [Test]
    public void IsSpellingEdit_ThreeLetterWordsOneEditApart_ReturnsTrue()
    {
        // 3 letters is the shortest a spelling edit is looked for in.
        Assert.That(SpellingEdits.IsSpellingEdit("cat", "cut"), Is.True);
    }

    [TestCase("an", "on")]
    [TestCase("a", "b")]
    [TestCase("", "")]
    [TestCase("", "a")]
    public void IsSpellingEdit_BothWordsShorterThanThree_ReturnsFalse(string x, string y)
    {
        Assert.That(SpellingEdits.IsSpellingEdit(x, y), Is.False);
    }

    [Test]
    public void IsSpellingEdit_EmptyAndThreeLetterWord_ReturnsFalse()
    {
        Assert.That(SpellingEdits.IsSpellingEdit("", "cat"), Is.False);
    }

    [Test]
    public void IsSpellingEdit_TwoEditsInSevenLetterWord_ReturnsFalse()
    {
        // 7 letters: one edit allowed; "example" → "exempla" is two substitutions.
        Assert.That(SpellingEdits.IsSpellingEdit("example", "exempla"), Is.False);
    }

    [Test]
    public void IsSpellingEdit_TwoEditsInEightLetterWord_ReturnsTrue()
    {
        // 8 letters is where a second edit is allowed.
        Assert.That(SpellingEdits.IsSpellingEdit("elephant", "alephent"), Is.True);
    }

    [Test]
    public void IsSpellingEdit_ThreeEditsInLongWord_ReturnsFalse()
    {
        Assert.That(SpellingEdits.IsSpellingEdit("independent", "indapandant"), Is.False);
    }

    [Test]
    public void IsSpellingEdit_LengthsFurtherApartThanAllowed_ReturnsFalse()
    {
        // 6 letters allow one edit; two letters more are two insertions.
        Assert.That(SpellingEdits.IsSpellingEdit("walk", "walked"), Is.False);
    }

    [TestCase("House", "house", ExpectedResult = true)]
    [TestCase("HOUSE", "house", ExpectedResult = false)]
    public bool IsSpellingEdit_CaseDifference_CountsAsSubstitutionPerLetter(string x, string y)
    {
        // Compared code unit by code unit: the aligner passes normalised (lower-case) forms, so case never reaches here.
        return SpellingEdits.IsSpellingEdit(x, y);
    }

    [Test]
    public void IsSpellingEdit_WordsOf300LettersOneEditApart_ReturnsTrue()
    {
        // 256 letters and more take the heap path for the rows rather than stackalloc.
        string x = new('a', 300);
        string y = string.Concat(new string('a', 150), "b", new string('a', 149));
        Assert.That(SpellingEdits.IsSpellingEdit(x, y), Is.True);
    }

    [TestCase("kitten", "sitting", ExpectedResult = 3)]
    [TestCase("form", "from", ExpectedResult = 1)]
    [TestCase("", "abc", ExpectedResult = 3)]
    [TestCase("abc", "", ExpectedResult = 3)]
    [TestCase("ca", "abc", ExpectedResult = 3)] // restricted form: unrestricted Damerau–Levenshtein gives 2
    public int DamerauLevenshtein_KnownPair_ReturnsDistance(string x, string y)
    {
        return SpellingEdits.DamerauLevenshtein(x, y);
    }
}
