using System;
using System.Linq;
using NearDup.Candidates;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

public class CopyKindsTests
{
    [Test]
    public void ToCopyKinds_EachVerdictKind_IsTheFlagOfTheSameName() =>
        Assert.That(
            Enum.GetValues<MatchKind>().Select(k => k.ToCopyKinds().ToString()),
            Is.EqualTo(Enum.GetValues<MatchKind>().Select(k => k.ToString())));

    [Test]
    public void ToCopyKinds_EveryVerdictKindTogether_IsAll() =>
        Assert.That(Enum.GetValues<MatchKind>().Aggregate(CopyKinds.None, (all, k) => all | k.ToCopyKinds()), Is.EqualTo(CopyKinds.All));

    [Test]
    public void ToCopyKinds_UndefinedKind_IsRejected() =>
        Assert.That(() => ((MatchKind)9).ToCopyKinds(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("kind"));
}
