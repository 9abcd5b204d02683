using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests.Support;

/// <summary>A <c>redis-server</c> process on 127.0.0.1 with a free port, no persistence, optionally the replica of
/// another; killed and its directory deleted on dispose. Tests that need one are ignored when <c>redis-server</c> is
/// not installed (Debian's package: <c>apt-get install redis-server</c>).</summary>
internal sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The endpoint, <c>127.0.0.1:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server, the replica of <paramref name="primary"/> when given (then waits until its link is up).</summary>
    public static RedisServerProcess Start(RedisServerProcess? primary = null)
    {
        string? binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Ignore("redis-server is not installed (apt-get install redis-server): the WAIT tests need a real primary and replica.");
        }

        string directory = Path.Combine(Path.GetTempPath(), "neardup-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        int port = FreePorts.Take();
        var start = new ProcessStartInfo(binary!) { WorkingDirectory = directory, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
        {
            start.ArgumentList.Add(a);
        }

        if (primary is not null)
        {
            start.ArgumentList.Add("--replicaof");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add(primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var server = new RedisServerProcess(Process.Start(start)!, directory, port);
        server._process.OutputDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        try
        {
            server.WaitUntil(info => primary is null || info.Contains("master_link_status:up", StringComparison.Ordinal));
            return server;
        }
        catch
        {
            server.Dispose(); // a server that never became ready is not left running
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void WaitUntil(Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var connection = ConnectionMultiplexer.Connect(Endpoint + ",connectTimeout=500,allowAdmin=true");
                if (ready(connection.GetServer(Endpoint).InfoRaw("replication") ?? ""))
                {
                    return;
                }
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on {Endpoint} was not ready within 20 s.");
            }

            Thread.Sleep(100);
        }
    }
}
