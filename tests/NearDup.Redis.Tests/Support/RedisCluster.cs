using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace NearDup.Redis.Tests.Support;

/// <summary>
/// Six <c>redis-server</c> processes on 127.0.0.1 with free ports, each in its own directory under one temp folder,
/// made into a cluster of three primaries and three replicas (<c>redis-cli --cluster create … --cluster-replicas 1</c>)
/// with <c>appendonly yes</c>, <c>appendfsync always</c>, <c>min-replicas-to-write 1</c> and a short node timeout: the
/// durability tests kill, stop and restart its nodes. Or (<see cref="StartPrimariesOnly"/>) three primaries without
/// replicas that keep serving their slots when one of them is gone (<c>cluster-require-full-coverage no</c>): a
/// primary killed there stays down, its slots unserved. Disposing kills every node (continuing a stopped one first)
/// and deletes the folder. Tests that need it are ignored when <c>redis-server</c> is not installed.
/// </summary>
internal sealed class RedisCluster : IDisposable
{
    /// <summary>How long a node may be unreachable before the others count it failed.</summary>
    public const int NodeTimeoutMilliseconds = 1_500;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly string _server;
    private readonly string _cli;
    private readonly Node[] _nodes;
    private readonly bool _replicated;

    private RedisCluster(string root, string server, string cli, int count, bool replicated)
    {
        _root = root;
        _server = server;
        _cli = cli;
        _nodes = new Node[count];
        _replicated = replicated;
    }

    /// <summary>The nodes' endpoints, <c>127.0.0.1:port</c>, in order.</summary>
    public IReadOnlyList<string> Endpoints => Array.ConvertAll(_nodes, n => $"127.0.0.1:{n.Port}");

    /// <summary>Starts six nodes, creates the cluster and waits until it is healthy (<see cref="WaitHealthy"/>).</summary>
    public static RedisCluster Start() => Start(replicated: true);

    /// <summary>Starts three primaries without replicas, creates the cluster and waits until every node says
    /// <c>cluster_state:ok</c>; with <c>cluster-require-full-coverage no</c>, the others go on serving their slots while
    /// one is down.</summary>
    public static RedisCluster StartPrimariesOnly() => Start(replicated: false);

    private static RedisCluster Start(bool replicated)
    {
        string? server = Installed("redis-server");
        string? cli = Installed("redis-cli");
        if (server is null || cli is null)
        {
            Assert.Ignore("redis-server and redis-cli are not installed (apt-get install redis-server): the durability tests need a real 3+3 cluster.");
        }

        string root = Path.Combine(Path.GetTempPath(), "neardup-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var cluster = new RedisCluster(root, server!, cli!, replicated ? 6 : 3, replicated);
        try
        {
            for (int i = 0; i < cluster._nodes.Length; i++)
            {
                cluster.StartNode(i);
            }

            var create = new List<string> { "--cluster", "create" };
            create.AddRange(cluster.Endpoints);
            create.AddRange(["--cluster-replicas", replicated ? "1" : "0", "--cluster-yes"]);
            string output = cluster.Run(cluster._cli, create, TimeSpan.FromSeconds(60));
            if (!output.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("redis-cli --cluster create did not cover the slots:\n" + output);
            }

            cluster.WaitHealthy();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Indices of the nodes that are up and are primaries now.</summary>
    public List<int> Primaries() => Enumerable.Range(0, _nodes.Length).Where(i => _nodes[i].Process is { HasExited: false } && !_nodes[i].Stopped && Role(i) == "master").ToList();

    /// <summary>Kills a node with SIGKILL (<c>kill -9</c>): no shutdown, no last AOF write beyond what was fsynced.</summary>
    public void Kill(int node)
    {
        Process process = _nodes[node].Process!;
        process.Kill();
        process.WaitForExit();
        process.Dispose();
        _nodes[node].Process = null;
    }

    /// <summary>Stops a node with SIGSTOP: its sockets stay open, it answers nothing.</summary>
    public void Pause(int node)
    {
        Signal(node, "STOP");
        _nodes[node].Stopped = true;
    }

    /// <summary>Continues a node stopped by <see cref="Pause"/> (SIGCONT).</summary>
    public void Resume(int node)
    {
        Signal(node, "CONT");
        _nodes[node].Stopped = false;
    }

    /// <summary>Starts a killed node again from its own directory (its AOF and <c>nodes.conf</c>).</summary>
    public void Restart(int node)
    {
        Launch(node);
        WaitFor(() => TryCli(_nodes[node].Port, "PING") == "PONG", $"node {_nodes[node].Port} to answer PING after its restart");
    }

    /// <summary>Waits until the killed or stopped <paramref name="node"/>'s slots are served by another primary: three
    /// primaries up besides it, and every node up says <c>cluster_state:ok</c>.</summary>
    public void WaitPromotion(int node) =>
        WaitFor(() => Primaries().Count(p => p != node) == 3 && Up().All(i => i == node || ClusterOk(i)), $"a replica to replace node {_nodes[node].Port}");

    /// <summary>Waits until all six nodes are up, say <c>cluster_state:ok</c>, three are primaries each with an online
    /// replica (so <c>min-replicas-to-write 1</c> lets them write) and three are replicas with their link up; without
    /// replicas, until the three primaries are up and say <c>cluster_state:ok</c>.</summary>
    public void WaitHealthy() => WaitFor(Healthy, _replicated ? "the cluster to be healthy (3 primaries, 3 linked replicas, state ok)" : "the cluster to be healthy (3 primaries, state ok)");

    /// <summary>Kills every node (continuing stopped ones first) and deletes the folder.</summary>
    public void Dispose()
    {
        for (int i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { Process: { } process })
            {
                try
                {
                    if (_nodes[i].Stopped)
                    {
                        Resume(i);
                    }

                    if (!process.HasExited)
                    {
                        process.Kill();
                        process.WaitForExit();
                    }
                }
                catch (InvalidOperationException)
                {
                    // exited meanwhile
                }

                process.Dispose();
                _nodes[i].Process = null;
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process exiting: the temp folder is cleaned by the system later
        }
    }

    private static string? Installed(string name) => new[] { "/usr/bin/" + name, "/usr/local/bin/" + name }.FirstOrDefault(File.Exists);

    private static string Configuration(Node node, bool replicated) => string.Join('\n',
        $"port {node.Port}",
        "bind 127.0.0.1",
        $"dir {node.Directory}",
        "cluster-enabled yes",
        // Its own free port: the default (port + 10000) may be taken, or past 65535 for a high ephemeral port.
        $"cluster-port {node.BusPort}",
        "cluster-config-file nodes.conf",
        $"cluster-node-timeout {NodeTimeoutMilliseconds}",
        // A replica fails over however long it was cut off (a stopped primary's replica may lag past 10 node timeouts).
        "cluster-replica-validity-factor 0",
        "appendonly yes",
        "appendfsync always",
        // Without replicas there is none to wait for, and a primary down must not stop the others serving their slots.
        replicated ? "min-replicas-to-write 1" : "cluster-require-full-coverage no",
        "min-replicas-max-lag 10",
        "save \"\"",
        // A node rejoining as a replica syncs at once, not after the default 5 s wait for other replicas.
        "repl-diskless-sync-delay 0",
        "loglevel warning",
        "logfile node.log",
        "");

    /// <summary>Starts node <paramref name="i"/> on fresh ports and waits for its PING; a server that exits at start
    /// (a port taken between its choice and the server's bind) is started again on other ports, twice at most.</summary>
    private void StartNode(int i)
    {
        const int Attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            var node = new Node(Path.Combine(_root, $"node{i}"), FreePorts.Take(), FreePorts.Take());
            if (Directory.Exists(node.Directory))
            {
                // What the server that exited left (its nodes.conf names the ports it was given).
                Directory.Delete(node.Directory, recursive: true);
            }

            Directory.CreateDirectory(node.Directory);
            File.WriteAllText(Path.Combine(node.Directory, "redis.conf"), Configuration(node, _replicated));
            _nodes[i] = node;
            Launch(i);
            var clock = Stopwatch.StartNew();
            while (!AnswersAsItself(node))
            {
                if (node.Process!.HasExited)
                {
                    string log = LogTail(node);
                    node.Process.Dispose();
                    node.Process = null;
                    if (attempt == Attempts)
                    {
                        throw new InvalidOperationException($"node {i} exited at start {Attempts} times; its last log:\n{log}");
                    }

                    TestContext.Progress.WriteLine($"node {i} (port {node.Port}, bus {node.BusPort}) exited at start; starting it on other ports. Its log:\n{log}");
                    break;
                }

                if (clock.Elapsed > Patience)
                {
                    throw new TimeoutException($"waited {Patience.TotalSeconds} s for node {node.Port} to answer PING. The nodes now:\n{Describe()}");
                }

                Thread.Sleep(50);
            }

            if (node.Process is not null)
            {
                return;
            }
        }
    }

    /// <summary>Whether the node's port answers PING, and the server answering is the node's own process (another test
    /// process's server may hold a port this one chose).</summary>
    private bool AnswersAsItself(Node node)
    {
        if (TryCli(node.Port, "PING") != "PONG")
        {
            return false;
        }

        string? info = TryCli(node.Port, "INFO", "server");
        string? pid = info?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("process_id:", StringComparison.Ordinal))?["process_id:".Length..];
        if (pid != node.Process!.Id.ToString(CultureInfo.InvariantCulture))
        {
            // Another server holds the port: ours will exit (or has), and the loop starts it again on other ports.
            if (!node.Process.HasExited)
            {
                node.Process.WaitForExit(5_000);
            }

            return false;
        }

        return true;
    }

    /// <summary>The last lines of a node's log, or a note that it wrote none.</summary>
    private static string LogTail(Node node)
    {
        string path = Path.Combine(node.Directory, "node.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(10)) : "(no node.log)";
    }

    private void Launch(int node)
    {
        var start = new ProcessStartInfo(_server) { WorkingDirectory = _nodes[node].Directory, UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(_nodes[node].Directory, "redis.conf"));
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        _nodes[node].Process = process;
    }

    private void Signal(int node, string signal) =>
        Run("/bin/kill", ["-" + signal, _nodes[node].Process!.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));

    private IEnumerable<int> Up() => Enumerable.Range(0, _nodes.Length).Where(i => _nodes[i].Process is { HasExited: false } && !_nodes[i].Stopped);

    private bool Healthy()
    {
        if (Up().Count() != _nodes.Length)
        {
            return false;
        }

        int primaries = 0, replicas = 0;
        for (int i = 0; i < _nodes.Length; i++)
        {
            string info = TryCli(_nodes[i].Port, "INFO", "replication") ?? "";
            if (!ClusterOk(i))
            {
                return false;
            }

            if (!_replicated)
            {
                primaries += info.Contains("role:master", StringComparison.Ordinal) ? 1 : 0;
            }
            else if (info.Contains("role:master", StringComparison.Ordinal) && info.Contains("connected_slaves:1", StringComparison.Ordinal) && info.Contains("state=online", StringComparison.Ordinal))
            {
                primaries++;
            }
            else if (info.Contains("role:slave", StringComparison.Ordinal) && info.Contains("master_link_status:up", StringComparison.Ordinal))
            {
                replicas++;
            }
        }

        return primaries == 3 && replicas == (_replicated ? 3 : 0);
    }

    /// <summary>Each node's port, whether it runs, and what it says of its role, replication link and cluster state:
    /// what a timeout reports, so that a cluster that did not heal in time can be told from a slow one.</summary>
    private string Describe() => string.Join('\n', Enumerable.Range(0, _nodes.Length).Select(i =>
    {
        if (_nodes[i] is null)
        {
            return $"  node {i}: not started yet";
        }

        string state = _nodes[i].Process is not { HasExited: false } ? "not running" : _nodes[i].Stopped ? "stopped" : "up";
        string[] replication = (TryCli(_nodes[i].Port, "INFO", "replication") ?? "no answer").Split('\n', StringSplitOptions.TrimEntries);
        string? cluster = TryCli(_nodes[i].Port, "CLUSTER", "INFO")?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("cluster_state:", StringComparison.Ordinal));
        string facts = string.Join(' ', replication.Where(l => l.StartsWith("role:", StringComparison.Ordinal) || l.StartsWith("connected_slaves:", StringComparison.Ordinal) || l.StartsWith("slave0:", StringComparison.Ordinal) || l.StartsWith("master_link_status:", StringComparison.Ordinal) || l == "no answer"));
        string log = state == "not running" ? "\n    its log ends:\n    " + LogTail(_nodes[i]).Replace("\n", "\n    ", StringComparison.Ordinal) : "";
        return $"  {_nodes[i].Port}: {state}; {facts}; {cluster ?? "cluster info: no answer"}{log}";
    }));

    private bool ClusterOk(int node) => TryCli(_nodes[node].Port, "CLUSTER", "INFO")?.Contains("cluster_state:ok", StringComparison.Ordinal) == true;

    private string? Role(int node)
    {
        string? info = TryCli(_nodes[node].Port, "INFO", "replication");
        return info?.Split('\n').FirstOrDefault(l => l.StartsWith("role:", StringComparison.Ordinal))?["role:".Length..].Trim();
    }

    /// <summary>A command's reply through <c>redis-cli</c>, or null when the node does not answer within 2 s.</summary>
    private string? TryCli(int port, params string[] command)
    {
        try
        {
            return Run(_cli, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. command], TimeSpan.FromSeconds(2)).Trim();
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private string Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            process.WaitForExit();
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s.");
        }

        return output.Result + error.Result;
    }

    private void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}. The nodes now:\n{Describe()}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>One node: its directory (config, AOF, <c>nodes.conf</c>, log), ports and process while it runs.</summary>
    private sealed class Node(string directory, int port, int busPort)
    {
        public string Directory { get; } = directory;

        public int Port { get; } = port;

        public int BusPort { get; } = busPort;

        public Process? Process { get; set; }

        public bool Stopped { get; set; }
    }
}
