using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

public class TextNormalizerTests
{
    [TestCase("Hello, World!", "hello , world !")]
    [TestCase("  many   spaces\t\tand\r\nlines  ", "many spaces and lines")]
    [TestCase("Don\u2019t stop \u2014 now", "don't stop - now")]
    [TestCase("\u201CQuoted\u201D", "\" quoted \"")]
    [TestCase("ＦＵＬＬ ﬁ", "full fi")]
    [TestCase("\uFEFFco\u00ADop\u200Beration", "cooperation")]
    [TestCase("non\u00A0breaking\u3000space", "non breaking space")]
    [TestCase("It costs 1,000.50 dollars.", "it costs 1,000.50 dollars .")]
    [TestCase("東京タワー", "東 京 タ ワ ー")]
    [TestCase("", "")]
    [TestCase("  \t  ", "")]
    public void Normalize_Examples(string text, string expected) =>
        Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(expected));

    [Test]
    public void Normalize_RecasedAndRespacedText_EqualsOriginal() =>
        Assert.That(
            TextNormalizer.Normalize("THE  quick\n\nBrown   FOX."),
            Is.EqualTo(TextNormalizer.Normalize("The quick brown fox.")));
}
