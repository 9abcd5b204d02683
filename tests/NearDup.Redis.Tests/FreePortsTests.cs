using System.Linq;
using NearDup.Redis.Tests.Support;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary>Where the test servers' ports come from: outside the range the system gives outgoing connections.</summary>
[TestFixture]
public class FreePortsTests
{
    [Test]
    public void Ports_come_from_below_the_ephemeral_range_when_a_thousand_fit_there() =>
        Assert.That(FreePorts.Outside((32_768, 60_999)), Is.EqualTo((10_000, 32_768)));

    [Test]
    public void Ports_come_from_above_the_ephemeral_range_when_it_starts_low() =>
        Assert.That(FreePorts.Outside((1_024, 50_000)), Is.EqualTo((50_001, 65_536)));

    [Test]
    public void An_ephemeral_range_that_leaves_no_room_is_refused_naming_it() =>
        Assert.That(() => FreePorts.Outside((1_024, 65_535)), Throws.InvalidOperationException.With.Message.Contains("1024-65535"));

    [Test]
    public void A_port_is_never_handed_out_twice()
    {
        int[] ports = [.. Enumerable.Range(0, 200).Select(_ => FreePorts.Take())];
        Assert.That(ports, Is.Unique);
    }
}
