using NUnit.Framework;

namespace NearDup.Redis.Tests.Support;

/// <summary>A fixture whose tests share one in-process Garnet node, started once before them and stopped after them;
/// each test works in a namespace of its own (<see cref="NewLocation"/>).</summary>
public abstract class SingleGarnetFixture
{
    private GarnetNodes _nodes = null!;
    private int _namespaces;

    [OneTimeSetUp]
    public void StartServer() => _nodes = GarnetNodes.Single();

    [OneTimeTearDown]
    public void StopServer() => _nodes.Dispose();

    /// <summary>The node's endpoint, <c>127.0.0.1:port</c>, as a one-element list.</summary>
    protected System.Collections.Generic.List<string> Endpoints => _nodes.Endpoints;

    /// <summary>A fresh namespace on the node, named after the test and a running number.</summary>
    protected RedisLocation NewLocation() => new(_nodes.Endpoints, $"t{TestContext.CurrentContext.Test.Name.GetHashCode() & 0xffff:x}-{++_namespaces}");
}
