using System.Net;
using System.Net.Sockets;

namespace NearDup.Redis.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for the servers the tests start.</summary>
internal static class FreePorts
{
    /// <summary>A port nothing listens on now (bound to port 0, read, released).</summary>
    public static int Take()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
