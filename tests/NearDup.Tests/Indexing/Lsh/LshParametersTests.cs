using System;
using System.Collections.Generic;
using NearDup.Indexing.Lsh;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

public class LshParametersTests
{
    /// <summary>Composite Simpson's rule with 2000 intervals: an oracle independent of the library's adaptive quadrature.</summary>
    private static double Simpson(Func<double, double> f, double a, double b, int intervals = 2000)
    {
        double h = (b - a) / intervals;
        double sum = f(a) + f(b);
        for (int i = 1; i < intervals; i++)
        {
            sum += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3;
    }

    private static double P(double s, int b, int r) => 1 - Math.Pow(1 - Math.Pow(s, r), b);

    private static (int B, int R, double Error) BruteForce(double t, int k, double wFp, double wFn)
    {
        (int, int, double) best = (0, 0, double.MaxValue);
        for (int b = 1; b <= k; b++)
        {
            for (int r = 1; b * r <= k; r++)
            {
                double error = wFp * Simpson(s => P(s, b, r), 0, t) + wFn * Simpson(s => 1 - P(s, b, r), t, 1);
                if (error < best.Item3)
                {
                    best = (b, r, error);
                }
            }
        }

        return best;
    }

    public static IEnumerable<TestCaseData> OptimizeCases()
    {
        yield return new TestCaseData(0.5, 128, 0.5, 0.5).SetName("Optimize_t0.5_k128_EqualsBruteForceArgmin");
        yield return new TestCaseData(0.8, 128, 0.5, 0.5).SetName("Optimize_t0.8_k128_EqualsBruteForceArgmin");
        yield return new TestCaseData(0.9, 256, 0.5, 0.5).SetName("Optimize_t0.9_k256_EqualsBruteForceArgmin");
        yield return new TestCaseData(0.3, 64, 0.5, 0.5).SetName("Optimize_t0.3_k64_EqualsBruteForceArgmin");
        yield return new TestCaseData(0.5, 128, 0.2, 0.8).SetName("Optimize_t0.5_k128_fn0.8_EqualsBruteForceArgmin");
    }

    [TestCaseSource(nameof(OptimizeCases))]
    public void Optimize_EqualsBruteForceArgmin(double threshold, int k, double wFp, double wFn)
    {
        var (b, r, _) = BruteForce(threshold, k, wFp, wFn);
        LshParameters chosen = LshParameters.Optimize(threshold, k, wFp, wFn);
        Assert.That((chosen.Bands, chosen.Rows), Is.EqualTo((b, r)));
    }

    [Test]
    public void Optimize_HigherFalseNegativeWeight_DoesNotRaiseFalseNegativeArea()
    {
        LshParameters balanced = LshParameters.Optimize(0.5, 128);
        LshParameters cautious = LshParameters.Optimize(0.5, 128, 0.1, 0.9);
        double fn(LshParameters p) => Simpson(s => 1 - p.CollisionProbability(s), 0.5, 1);
        Assert.That(fn(cautious), Is.LessThanOrEqualTo(fn(balanced)));
    }

    [Test]
    public void ErrorArea_MatchesSimpson()
    {
        var p = new LshParameters(16, 8);
        double expected = 0.5 * Simpson(s => P(s, 16, 8), 0, 0.7) + 0.5 * Simpson(s => 1 - P(s, 16, 8), 0.7, 1);
        Assert.That(p.ErrorArea(0.7), Is.EqualTo(expected).Within(1e-7));
    }

    [TestCase(20, 5, 0.5)]
    [TestCase(9, 13, 0.8)]
    [TestCase(1, 1, 0.3)]
    [TestCase(128, 1, 0.01)]
    public void CollisionProbability_IsOneMinusOneMinusSToTheRToTheB(int bands, int rows, double s) =>
        Assert.That(new LshParameters(bands, rows).CollisionProbability(s), Is.EqualTo(1 - Math.Pow(1 - Math.Pow(s, rows), bands)).Within(1e-15));

    [TestCase(0.0, 0.0)]
    [TestCase(1.0, 1.0)]
    public void CollisionProbability_AtEnds(double s, double expected) =>
        Assert.That(new LshParameters(10, 10).CollisionProbability(s), Is.EqualTo(expected));

    [Test]
    public void CollisionProbability_OneBandOneRow_IsSimilarity() =>
        Assert.That(new LshParameters(1, 1).CollisionProbability(0.37), Is.EqualTo(0.37).Within(1e-15));

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    public void Optimize_ThresholdOutsideOpenUnitInterval_Throws(double threshold) =>
        Assert.That(() => LshParameters.Optimize(threshold, 128), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase(0.5, 0.6)]
    [TestCase(0.3, 0.3)]
    public void Optimize_WeightsNotSummingToOne_Throws(double wFp, double wFn) =>
        Assert.That(() => LshParameters.Optimize(0.5, 128, wFp, wFn), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase(0, 5)]
    [TestCase(5, 0)]
    public void Constructor_NonPositiveBandsOrRows_Throws(int bands, int rows) =>
        Assert.That(() => new LshParameters(bands, rows), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void HashesUsed_IsBandsTimesRows() =>
        Assert.That(new LshParameters(7, 9).HashesUsed, Is.EqualTo(63));
}
