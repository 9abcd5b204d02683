using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace NearDup.Redis.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for the servers the tests start.</summary>
/// <remarks>
/// A port is taken from below the system's ephemeral range: a port bound to 0 and released comes from that range, where
/// any outgoing connection of the run (redis-cli, the clients under test) may take it before the server binds it, and
/// the server then exits at start. Ports handed out are not handed out again within the run.
/// </remarks>
internal static class FreePorts
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> Given = [];
    private static readonly Random Pick = new();

    /// <summary>A port below the ephemeral range that nothing listens on now and no earlier call returned.</summary>
    public static int Take()
    {
        int below = EphemeralStart();
        lock (Given)
        {
            for (int attempt = 0; attempt < 1_000; attempt++)
            {
                int port = Pick.Next(Lowest, below);
                if (!Given.Contains(port) && Bindable(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free port between {Lowest} and {below} after 1,000 tries.");
    }

    private static bool Bindable(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the system's ephemeral range (Linux's default when it cannot be read).</summary>
    private static int EphemeralStart()
    {
        const int LinuxDefault = 32_768;
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int start = int.Parse(range[0], CultureInfo.InvariantCulture);
            return start > Lowest + 1_000 ? start : LinuxDefault;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return LinuxDefault;
        }
    }
}
