using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// Reads the server memory of every key of a namespace, on every primary, and adds it up by family
/// (<see cref="KeyLayout.StructureOf"/>): the one implementation behind <see cref="RedisNearDupIndex.MeasureMemory"/>,
/// <c>neardup index info --memory</c> and the <c>redis-memory</c> benchmark verb.
/// </summary>
/// <remarks>
/// Per primary: <c>SCAN MATCH {}ns:* COUNT 1000</c>, then for each page of keys, pipelined, <c>MEMORY USAGE key SAMPLES
/// 0</c> (every element of the key counted, not a sample), <c>OBJECT ENCODING key</c> and, for hashes, <c>HLEN key</c>:
/// three commands a key, about a round trip per thousand keys and the server's time to size each key (a listpack
/// hash is one allocation; a hashtable-encoded one is walked). A key removed between the SCAN and its reads is left
/// out. The primaries read are those of a <see cref="PrimarySurvey"/> (which reads <c>CLUSTER NODES</c> on a cluster):
/// there a replica that does not answer is passed over (its primary holds its keys), and a primary that does not answer,
/// whose slots no other primary serves, leaves the report without figures, naming it; on a single server, one that does
/// not answer does. Garnet is detected (<c>garnet_version</c> in <c>INFO server</c>) and reported unavailable, as is a server that
/// answers any of these commands with an error.
/// <para>Thread safety: stateless.</para>
/// </remarks>
internal static class MemoryCensus
{
    /// <summary>Keys per SCAN page and per pipelined batch of reads.</summary>
    internal const int PageSize = 1_000;

    /// <summary>Measures the namespace of <paramref name="layout"/>.</summary>
    /// <param name="connection">A connection to the index's servers.</param>
    /// <param name="layout">The index's key layout.</param>
    /// <param name="source">The index's location, without secrets, for the report and its reasons.</param>
    /// <param name="cancellationToken">Stops the census between pages.</param>
    /// <returns>The report, or one saying why there are no figures.</returns>
    /// <exception cref="RedisConnectionException">A node could not be reached.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<RedisMemoryReport> MeasureAsync(IConnectionMultiplexer connection, KeyLayout layout, string source, CancellationToken cancellationToken)
    {
        // The slots are what must be read, not the servers: a replica that does not answer holds nothing its primary does
        // not, and a primary that does not answer is unread only when no other serves its slots (PrimarySurvey). The
        // survey also waits for a fresh connection to reach the nodes it learned from the cluster map.
        PrimarySurvey survey;
        try
        {
            survey = await PrimarySurvey.TakeAsync(connection).ConfigureAwait(false);
        }
        catch (RedisServerException e)
        {
            // A user the server refuses a command of the survey (CLUSTER NODES on a cluster): which primaries serve
            // which slots cannot be known. The server's words are cleaned as every refusal's are (NOPERM names the user).
            return RedisMemoryReport.Unavailable(source, await LiveCountAsync(connection, layout, unreadable: true).ConfigureAwait(false), $"a server refused a command of the survey of primaries (PING or CLUSTER NODES): {RefusedException.Clean(e.Message)}");
        }

        if (survey.Unread.Count > 0)
        {
            string unread = string.Join("; ", survey.Unread.Select(u => $"{u.EndPoint}: {u.Why}"));
            string whose = survey.Unread.Count == 1 ? "its keys cannot" : "their keys cannot";
            return RedisMemoryReport.Unavailable(source, await LiveCountAsync(connection, layout, unreadable: true).ConfigureAwait(false), $"{unread}, so {whose} be read");
        }

        long documents = await LiveCountAsync(connection, layout, unreadable: false).ConfigureAwait(false);
        IReadOnlyList<IServer> primaries = survey.Readable;
        var rows = new Row[(int)RedisStructure.Other + 1];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Row();
        }

        long? usedMemory = 0;
        try
        {
            foreach (IServer server in primaries)
            {
                string info = await server.InfoRawAsync("server").ConfigureAwait(false) ?? "";
                if (Field(info, "garnet_version") is { } garnet)
                {
                    return RedisMemoryReport.Unavailable(source, documents, $"{Format(server.EndPoint)} is Garnet {garnet}, whose MEMORY USAGE estimates the .NET objects behind a key (about 130 B a hash field), not the bytes a Redis server would use; measure on Redis or Valkey");
                }

                usedMemory = Field(await server.InfoRawAsync("memory").ConfigureAwait(false) ?? "", "used_memory") is { } used && usedMemory is { } sum
                    ? sum + long.Parse(used, CultureInfo.InvariantCulture)
                    : null;
                await CountAsync(server, layout, rows, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RefusedException e)
        {
            return RedisMemoryReport.Unavailable(source, documents, e.Message);
        }

        var structures = new RedisStructureMemory[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Row r = rows[i];
            structures[i] = new RedisStructureMemory((RedisStructure)i, layout.NameOf((RedisStructure)i), r.Keys, r.Fields, r.Bytes, r.ListpackBytes, r.Encodings);
        }

        return RedisMemoryReport.Measured(source, documents, structures, usedMemory);
    }

    /// <summary>The index's live counter.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="layout">The key layout.</param>
    /// <param name="unreadable">Whether some primary is known not to answer: then a counter it holds reads as -1 instead
    /// of failing the report that names it.</param>
    /// <returns>The count, or -1.</returns>
    private static async Task<long> LiveCountAsync(IConnectionMultiplexer connection, KeyLayout layout, bool unreadable)
    {
        try
        {
            return (long)await connection.GetDatabase().StringGetAsync(layout.Count).ConfigureAwait(false);
        }
        catch (Exception e) when (unreadable && e is RedisConnectionException or RedisTimeoutException)
        {
            return -1;
        }
    }

    /// <summary>Adds one primary's keys of the namespace to the rows, a page at a time.</summary>
    private static async Task CountAsync(IServer server, KeyLayout layout, Row[] rows, CancellationToken cancellationToken)
    {
        var page = new List<(RedisKey Key, RedisStructure Structure)>(PageSize);
        IAsyncEnumerator<RedisKey> keys = server.KeysAsync(pattern: layout.KeyPattern, pageSize: PageSize).GetAsyncEnumerator(cancellationToken);
        await using (keys.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await keys.MoveNextAsync().ConfigureAwait(false);
                }
                catch (RedisServerException e)
                {
                    throw new RefusedException(server.EndPoint, "SCAN", e.Message);
                }

                if (more && layout.StructureOf((byte[])keys.Current!) is { } structure)
                {
                    page.Add((keys.Current, structure));
                }

                if (page.Count == PageSize || (!more && page.Count > 0))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await ReadPageAsync(server, page, rows).ConfigureAwait(false);
                    page.Clear();
                }

                if (!more)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends the reads of a page of keys at once (one pipelined round trip) and adds up their answers.</summary>
    private static async Task ReadPageAsync(IServer server, List<(RedisKey Key, RedisStructure Structure)> page, Row[] rows)
    {
        var reads = new (Task<RedisResult> Bytes, Task<RedisResult> Encoding, Task<RedisResult>? Fields)[page.Count];
        for (int i = 0; i < page.Count; i++)
        {
            (RedisKey key, RedisStructure structure) = page[i];
            reads[i] = (
                Ask(server, "MEMORY USAGE", "MEMORY", "USAGE", key, "SAMPLES", "0"),
                Ask(server, "OBJECT ENCODING", "OBJECT", "ENCODING", key),
                KeyLayout.IsHash(structure) ? Ask(server, "HLEN", "HLEN", key) : null);
        }

        for (int i = 0; i < page.Count; i++)
        {
            RedisResult bytes = await reads[i].Bytes.ConfigureAwait(false);
            RedisResult encoding = await reads[i].Encoding.ConfigureAwait(false);
            long fields = reads[i].Fields is { } f ? (long)await f.ConfigureAwait(false) : 1;
            if (bytes.IsNull || encoding.IsNull)
            {
                continue; // removed since the SCAN
            }

            Row row = rows[(int)page[i].Structure];
            long size = (long)bytes;
            string name = (string)encoding!;
            row.Keys++;
            row.Bytes += size;
            row.Fields += fields;
            row.ListpackBytes += name == "listpack" ? size : 0;
            row.Encodings[name] = row.Encodings.GetValueOrDefault(name) + 1;
        }
    }

    /// <summary>One command to one server; a server error becomes a <see cref="RefusedException"/> naming the command.</summary>
    private static async Task<RedisResult> Ask(IServer server, string name, string command, params object[] arguments)
    {
        try
        {
            return await server.ExecuteAsync(command, arguments).ConfigureAwait(false);
        }
        catch (RedisServerException e)
        {
            throw new RefusedException(server.EndPoint, name, e.Message);
        }
    }

    /// <summary>The value of <c>name:value</c> in an <c>INFO</c> section, or null.</summary>
    private static string? Field(string info, string name)
    {
        foreach (string line in info.Split('\n'))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Format(EndPoint endPoint) => PrimarySurvey.Format(endPoint);

    /// <summary>A server refused one of the census's commands: the reason the report gives.</summary>
    private sealed class RefusedException(EndPoint endPoint, string command, string error)
        : Exception($"{Format(endPoint)} refused {command}: {Clean(error)}")
    {
        /// <summary>The server's error without what could be binary or name the user: Redis follows an unknown
        /// command's name with its arguments (here a key's bytes), and a NOPERM error names the ACL user.</summary>
        internal static string Clean(string error)
        {
            int args = error.IndexOf(", with args beginning with", StringComparison.Ordinal);
            string cleaned = args >= 0 ? error[..args] : error;
            return cleaned.StartsWith("NOPERM", StringComparison.Ordinal) ? "NOPERM (this connection's user may not run it)" : cleaned;
        }
    }

    /// <summary>Sums of one family.</summary>
    private sealed class Row
    {
        public long Keys { get; set; }

        public long Fields { get; set; }

        public long Bytes { get; set; }

        public long ListpackBytes { get; set; }

        public Dictionary<string, long> Encodings { get; } = new(StringComparer.Ordinal);
    }
}
