using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Garnet;
using StackExchange.Redis;

namespace NearDup.Redis.Tests.Support;

/// <summary>Garnet servers started in this process on 127.0.0.1 with free ports: one node, or a cluster of three
/// primaries. Disposing stops them and deletes their directories.</summary>
internal sealed class GarnetNodes : IDisposable
{
    private readonly List<GarnetServer> _servers = [];
    private readonly List<string> _directories = [];

    private GarnetNodes()
    {
    }

    /// <summary>The nodes' ports, in order.</summary>
    public List<int> Ports { get; } = [];

    /// <summary>The endpoints, <c>127.0.0.1:port</c>.</summary>
    public List<string> Endpoints => Ports.ConvertAll(p => $"127.0.0.1:{p}");

    /// <summary>One node, Lua on (the posting scripts need it).</summary>
    /// <param name="memory">Garnet's log memory (<c>--memory</c>). Without a storage tier Garnet keeps only what fits
    /// in it and silently drops the oldest records beyond that, so a test that adds more than a few thousand documents
    /// needs more than the default 64 MB.</param>
    public static GarnetNodes Single(string memory = "64m")
    {
        var nodes = new GarnetNodes();
        try
        {
            nodes.Start(cluster: false, memory);
            return nodes;
        }
        catch
        {
            nodes.Dispose();
            throw;
        }
    }

    /// <summary>Three primaries owning the slots 0–5460, 5461–10922 and 10923–16383, met and agreed.</summary>
    public static GarnetNodes Cluster()
    {
        var nodes = new GarnetNodes();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                nodes.Start(cluster: true);
            }

            using ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { nodes.Endpoints[0], nodes.Endpoints[1], nodes.Endpoints[2] }, AllowAdmin = true });
            int[][] ranges = [[0, 5460], [5461, 10922], [10923, 16383]];
            for (int i = 0; i < 3; i++)
            {
                IServer server = admin.GetServer(nodes.Endpoints[i]);
                server.Execute("CLUSTER", "ADDSLOTSRANGE", ranges[i][0], ranges[i][1]);
                if (i > 0)
                {
                    server.Execute("CLUSTER", "MEET", "127.0.0.1", nodes.Ports[0]);
                }
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!nodes.Endpoints.All(e => ((string?)admin.GetServer(e).Execute("CLUSTER", "INFO"))!.Contains("cluster_state:ok", StringComparison.Ordinal) && ((string?)admin.GetServer(e).Execute("CLUSTER", "NODES"))!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the three Garnet nodes did not agree on a cluster within 20 s.");
                }

                Thread.Sleep(100);
            }

            return nodes;
        }
        catch
        {
            nodes.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (GarnetServer server in _servers)
        {
            server.Dispose();
        }

        foreach (string directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // a file still held by a node shutting down: the temp folder is cleaned by the system later
            }
        }
    }

    private void Start(bool cluster, string memory = "64m")
    {
        int port = FreePorts.Take();
        var args = new List<string> { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lua", "-q", "--logger-level", "Error", "--memory", memory, "--index", "1m" };
        if (cluster)
        {
            string directory = Path.Combine(Path.GetTempPath(), "neardup-garnet-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            _directories.Add(directory);
            args.AddRange(["--cluster", "--device-type", "RandomAccess", "--checkpointdir", directory, "--clean-cluster-config", "--gossip-delay", "1", "--cluster-timeout", "10"]);
        }

        var server = new GarnetServer([.. args]);
        _servers.Add(server);
        server.Start();
        Ports.Add(port);
    }
}
