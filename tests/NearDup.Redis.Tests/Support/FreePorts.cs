using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace NearDup.Redis.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for the servers the tests start.</summary>
/// <remarks>
/// A port is taken from outside the system's ephemeral range: a port bound to 0 and released comes from that range,
/// where any outgoing connection of the run (redis-cli, the clients under test) may take it before the server binds
/// it, and the server then exits at start. Ports handed out are not handed out again within the run.
/// </remarks>
internal static class FreePorts
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> Given = [];
    private static readonly Random Pick = new();

    /// <summary>A port outside the ephemeral range (below it, or above it when too little lies below) that nothing
    /// listens on now and no earlier call returned.</summary>
    /// <exception cref="InvalidOperationException">The ephemeral range leaves no room, or no port was free.</exception>
    public static int Take()
    {
        (int from, int to) = Outside(EphemeralRange());
        lock (Given)
        {
            for (int attempt = 0; attempt < 1_000; attempt++)
            {
                int port = Pick.Next(from, to);
                if (!Given.Contains(port) && Bindable(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free port between {from} and {to} after 1,000 tries.");
    }

    /// <summary>The ports to draw from: below the ephemeral range from <see cref="Lowest"/>, or above it up to 65535,
    /// whichever holds at least a thousand.</summary>
    internal static (int From, int To) Outside((int Start, int End) ephemeral)
    {
        if (ephemeral.Start - Lowest >= 1_000)
        {
            return (Lowest, ephemeral.Start);
        }

        if (65_535 - ephemeral.End >= 1_000)
        {
            return (ephemeral.End + 1, 65_536);
        }

        throw new InvalidOperationException(
            $"the ephemeral port range {ephemeral.Start}-{ephemeral.End} (/proc/sys/net/ipv4/ip_local_port_range) leaves no room for the test servers' ports; narrow it.");
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

    /// <summary>The system's ephemeral range (Linux's default when it cannot be read).</summary>
    private static (int Start, int End) EphemeralRange()
    {
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            return (32_768, 60_999);
        }
    }
}
