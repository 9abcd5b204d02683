using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The primaries a read of the whole namespace (a <c>SCAN</c> on each) can read, and those holding keys it cannot:
/// what <see cref="RedisCandidateIndex.VerifyAsync"/> reads, and what it must name rather than pass over.
/// </summary>
/// <remarks>
/// <para>
/// Every server the connection knows is sent a <c>PING</c> first: a fresh connection may still be connecting to the
/// nodes it learned from the cluster map, and one that does not answer is known only that way (a server the client
/// marked disconnected may have been replaced meanwhile, or not).
/// </para>
/// <para>
/// On a cluster, the slots are what must be covered, not the servers: each primary that answered says which slots it
/// serves (<c>CLUSTER NODES</c>, its <c>myself</c> line), and every primary their maps name as serving slots none of the
/// answering ones serve is unread — a primary killed and not yet replaced, or one this connection does not know. A
/// primary that died and whose replica took its slots over holds nothing unread, and is not named. On a single server
/// (or servers without cluster support), each server that did not answer and was not known as a replica is unread.
/// </para>
/// <para>Thread safety: immutable once taken.</para>
/// </remarks>
internal sealed class PrimarySurvey
{
    private const int SlotCount = 16_384;

    private PrimarySurvey(IReadOnlyList<IServer> readable, IReadOnlyList<(string EndPoint, string Why)> unread)
    {
        Readable = readable;
        Unread = unread;
    }

    /// <summary>The primaries that answered: read each of them for its keys.</summary>
    public IReadOnlyList<IServer> Readable { get; }

    /// <summary>Each primary holding keys that none of <see cref="Readable"/> holds: its endpoint (<c>host:port</c>)
    /// and why it is unread ("it serves slots 5461-10922 in the cluster map and did not answer
    /// (RedisConnectionException)"). Empty when the readable primaries hold every key.</summary>
    public IReadOnlyList<(string EndPoint, string Why)> Unread { get; }

    /// <summary>How long a server may take to answer a ping before it is called silent: a connection opened without
    /// <c>AbortOnConnectFail</c> returns before it has connected to the nodes it learned from the cluster map, and a
    /// ping to one of those fails at once instead of waiting (seen in the tests: a primary of a cluster just started
    /// "did not answer", one run in three). On a loaded machine that connection took more than 3 s (a replica of a
    /// cluster just started, seen on CI), so the ping is retried until this much time has passed.</summary>
    internal static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(10);

    /// <summary>The pause between two pings of a server not yet connected.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    /// <summary>Pings a server, retrying a failed ping until it answers or <see cref="ConnectWait"/> has passed.</summary>
    /// <param name="server">The server.</param>
    /// <returns>Null when it answered; else the connection or timeout error of the last ping.</returns>
    internal static async Task<Exception?> PingAsync(IServer server)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            bool late = Stopwatch.GetElapsedTime(start) >= ConnectWait;
            if (server.IsConnected || late)
            {
                try
                {
                    await server.PingAsync().ConfigureAwait(false);
                    return null;
                }
                catch (Exception e) when ((e is RedisConnectionException or RedisTimeoutException) && late)
                {
                    return e;
                }
                catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
                {
                    // not yet: the client may still be connecting to it
                }
            }

            await Task.Delay(RetryPause).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a server that answered is a replica, by its own word (<c>role:</c> of <c>INFO replication</c>):
    /// the client's <see cref="IServer.IsReplica"/> is learned a moment after the server is connected, and until then
    /// says primary (seen in the tests: a replica of a cluster just started counted as a primary by the memory census,
    /// its keys counted twice). A server that refuses <c>INFO</c>, or whose answer has no role, is taken at the
    /// client's word.</summary>
    /// <param name="server">The server, connected.</param>
    /// <returns>True for a replica.</returns>
    internal static async Task<bool> IsReplicaAsync(IServer server)
    {
        string info;
        try
        {
            info = await server.InfoRawAsync("replication").ConfigureAwait(false) ?? "";
        }
        catch (RedisServerException)
        {
            return server.IsReplica; // a user the server refuses INFO: the client's word is all there is
        }

        foreach (string line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("role:", StringComparison.Ordinal))
            {
                return line is "role:slave" or "role:replica";
            }
        }

        return server.IsReplica;
    }

    /// <summary>Pings every server of <paramref name="connection"/> and, on a cluster, reads the slot map from each
    /// primary that answered.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The survey.</returns>
    /// <exception cref="RedisServerException">A primary that answered refused <c>CLUSTER NODES</c>.</exception>
    public static async Task<PrimarySurvey> TakeAsync(IConnectionMultiplexer connection)
    {
        var readable = new List<IServer>();
        var silent = new Dictionary<string, string>(StringComparer.Ordinal);
        var silentPrimaries = new List<(string EndPoint, string Why)>();
        bool cluster = false;
        foreach (IServer server in connection.GetServers())
        {
            if (await PingAsync(server).ConfigureAwait(false) is { } e)
            {
                string phrase = $"did not answer ({e.GetType().Name})";
                silent[Format(server.EndPoint)] = phrase;
                if (!server.IsReplica)
                {
                    // Not known as a replica: a primary, or a server whose role was never learned.
                    silentPrimaries.Add((Format(server.EndPoint), $"it {phrase}"));
                }

                continue;
            }

            cluster |= server.ServerType == ServerType.Cluster;
            if (!await IsReplicaAsync(server).ConfigureAwait(false))
            {
                readable.Add(server);
            }
        }

        // Without a primary that answered there is no map to read: every server that may be one is unread.
        if (!cluster || readable.Count == 0)
        {
            return new PrimarySurvey(readable, silentPrimaries);
        }

        var covered = new bool[SlotCount];
        var owners = new Dictionary<string, MapLine>(StringComparer.Ordinal);
        foreach (IServer server in readable)
        {
            // Read raw: StackExchange.Redis's parsed map leaves out the nodes flagged failed, which are the ones looked for.
            string map = await server.ClusterNodesRawAsync().ConfigureAwait(false) ?? "";
            foreach (string text in map.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (MapLine.TryParse(text) is not { } line)
                {
                    continue;
                }

                if (line.IsMyself)
                {
                    foreach ((int from, int to) in line.Slots)
                    {
                        Array.Fill(covered, true, from, to - from + 1);
                    }
                }
                else if (line.IsPrimary && line.Slots.Count > 0)
                {
                    owners.TryAdd(line.Id, line);
                }
            }
        }

        var unread = new List<(string EndPoint, string Why)>();
        foreach (MapLine line in owners.Values)
        {
            if (Uncovered(line.Slots, covered) is { } slots)
            {
                string why = silent.TryGetValue(line.EndPoint, out string? phrase) ? phrase : line.IsFailed ? "is flagged failed there" : "is not among the nodes this connection reached";
                unread.Add((line.EndPoint, $"it serves slots {slots} in the cluster map and {why}"));
            }
        }

        return new PrimarySurvey(readable, unread);
    }

    /// <summary>An endpoint as <c>host:port</c>.</summary>
    /// <param name="endPoint">The endpoint.</param>
    /// <returns>The text.</returns>
    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "a server",
    };

    /// <summary>The slots of <paramref name="ranges"/> not covered, as <c>a-b, c</c>; null when all are.</summary>
    private static string? Uncovered(List<(int From, int To)> ranges, bool[] covered)
    {
        var text = new StringBuilder();
        foreach ((int From, int To) range in ranges)
        {
            int slot = range.From;
            while (slot <= range.To)
            {
                if (covered[slot])
                {
                    slot++;
                    continue;
                }

                int from = slot;
                while (slot <= range.To && !covered[slot])
                {
                    slot++;
                }

                text.Append(text.Length > 0 ? ", " : "").Append(from.ToString(CultureInfo.InvariantCulture));
                if (slot - 1 > from)
                {
                    text.Append('-').Append((slot - 1).ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return text.Length > 0 ? text.ToString() : null;
    }

    /// <summary>One line of <c>CLUSTER NODES</c>: <c>id ip:port@bus[,hostname] flags primary-id ping pong epoch link
    /// slot…</c>, where a slot is <c>n</c> or <c>a-b</c> (a slot being moved, <c>[n-&gt;-id]</c>, is left out: it is
    /// served by its owner until the move ends).</summary>
    private sealed class MapLine
    {
        private MapLine(string id, string endPoint, string[] flags, List<(int From, int To)> slots)
        {
            Id = id;
            EndPoint = endPoint;
            IsMyself = Array.IndexOf(flags, "myself") >= 0;
            IsPrimary = Array.IndexOf(flags, "master") >= 0;
            IsFailed = Array.IndexOf(flags, "fail") >= 0 || Array.IndexOf(flags, "fail?") >= 0;
            Slots = slots;
        }

        public string Id { get; }

        /// <summary><c>ip:port</c>, as <see cref="Format"/> writes an endpoint.</summary>
        public string EndPoint { get; }

        public bool IsMyself { get; }

        public bool IsPrimary { get; }

        public bool IsFailed { get; }

        public List<(int From, int To)> Slots { get; }

        /// <summary>The line, or null when it is not one (fewer than eight fields).</summary>
        public static MapLine? TryParse(string line)
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8)
            {
                return null;
            }

            string address = fields[1];
            int bus = address.IndexOf('@', StringComparison.Ordinal);
            var slots = new List<(int From, int To)>();
            for (int i = 8; i < fields.Length; i++)
            {
                string[] range = fields[i].Split('-');
                if (range.Length <= 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from) && from < SlotCount)
                {
                    int to = from;
                    if (range.Length == 1 || (int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out to) && to >= from && to < SlotCount))
                    {
                        slots.Add((from, to));
                    }
                }
            }

            return new MapLine(fields[0], bus >= 0 ? address[..bus] : address, fields[2].Split(','), slots);
        }
    }
}
