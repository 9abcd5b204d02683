using NearDup.Shingles;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class ShingleSpecTests
{
    [TestCase(0)]
    [TestCase(65)]
    [TestCase(-1)]
    public void Constructor_SizeOutsideOneTo64_Throws(int size) =>
        Assert.That(() => new ShingleSpec(ShingleUnit.Word, size), Throws.TypeOf<System.ArgumentOutOfRangeException>());

    [TestCase(1)]
    [TestCase(64)]
    public void Constructor_SizeAtBounds_IsAccepted(int size) =>
        Assert.That(new ShingleSpec(ShingleUnit.Character, size).Size, Is.EqualTo(size));

    [Test]
    public void Constructor_UndefinedUnit_Throws() =>
        Assert.That(() => new ShingleSpec((ShingleUnit)7, 5), Throws.TypeOf<System.ArgumentOutOfRangeException>());

    [Test]
    public void Equals_SameUnitAndSize_AreEqual() =>
        Assert.That(new ShingleSpec(ShingleUnit.Word, 5), Is.EqualTo(ShingleSpec.Default));

    [Test]
    public void Equals_OtherUnit_AreNotEqual() =>
        Assert.That(new ShingleSpec(ShingleUnit.Character, 5), Is.Not.EqualTo(ShingleSpec.Default));

    [TestCase(ShingleUnit.Word, 5, "word-5")]
    [TestCase(ShingleUnit.Character, 7, "char-7")]
    public void ToString_IsShortLabel(ShingleUnit unit, int size, string expected) =>
        Assert.That(new ShingleSpec(unit, size).ToString(), Is.EqualTo(expected));
}
