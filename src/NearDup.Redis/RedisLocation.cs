using System;
using System.Collections.Generic;
using System.Globalization;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// Where an index lives on a Redis-protocol server or cluster: its endpoints, its namespace (the fixed prefix of every
/// key it writes), and how to authenticate (ACL user, password, TLS).
/// </summary>
/// <remarks>
/// <para>
/// Written <c>[redis://]host:port[,host:port…]/namespace</c>. The namespace is 1 to 64 characters from
/// <c>A–Z a–z 0–9 _ . -</c>: never random (an index must be found again after a restart) and never holding a brace or
/// a glob character, so that it neither forms a hash tag nor needs escaping in a key pattern. One endpoint of a
/// cluster is enough (the client discovers the others); more make the first connection survive a node being down.
/// </para>
/// <para>
/// Secrets: <see cref="ToString"/> and every message NearDup writes name the endpoints and namespace only, never the
/// password. Thread safety: immutable.
/// </para>
/// </remarks>
public sealed class RedisLocation
{
    /// <summary>The longest namespace accepted.</summary>
    public const int MaxNamespaceLength = 64;

    /// <summary>How long the client waits for a reply by default: 5 seconds, StackExchange.Redis's own default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest <see cref="Timeout"/> accepted: 2 minutes, well inside the 10 minutes after which an
    /// add-unless-copy turn left unwritten is taken for a dead worker's.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Creates a location.</summary>
    /// <param name="endpoints">The endpoints, each <c>host:port</c>; at least one.</param>
    /// <param name="namespace">The namespace (see the remarks of <see cref="RedisLocation"/>).</param>
    /// <param name="user">The ACL user, or null for the default user.</param>
    /// <param name="password">The password, or null when the server asks for none.</param>
    /// <param name="useTls">Whether to connect with TLS.</param>
    /// <exception cref="ArgumentException">No endpoint, an endpoint that is not <c>host:port</c>, or an invalid namespace.</exception>
    public RedisLocation(IReadOnlyList<string> endpoints, string @namespace, string? user = null, string? password = null, bool useTls = false)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(@namespace);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("a Redis location needs at least one endpoint (host:port).", nameof(endpoints));
        }

        foreach (string endpoint in endpoints)
        {
            CheckEndpoint(endpoint);
        }

        CheckNamespace(@namespace);
        Endpoints = [.. endpoints];
        Namespace = @namespace;
        User = string.IsNullOrEmpty(user) ? null : user;
        Password = string.IsNullOrEmpty(password) ? null : password;
        UseTls = useTls;
    }

    /// <summary>The endpoints, each <c>host:port</c>.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>The namespace every key of the index starts with.</summary>
    public string Namespace { get; }

    /// <summary>The ACL user, or null for the default user.</summary>
    public string? User { get; }

    /// <summary>The password, or null. Never written to logs or messages.</summary>
    public string? Password { get; }

    /// <summary>Whether the connection uses TLS.</summary>
    public bool UseTls { get; }

    /// <summary>How long the client waits for the reply to a command or a pipelined batch before the call fails with a
    /// timeout (<see cref="DefaultTimeout"/> unless set; a connection that waits for replicas waits at least as long as
    /// that wait), and, up to <see cref="DefaultTimeout"/>, for each of the client's attempts to connect (three, so an
    /// open of a server that does not answer fails after about three times the shorter of the two). Raise it for large
    /// add batches on a loaded server. A call of many commands in turn (an open that replays logs, a verify, a
    /// compaction) may take a timeout per command.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less, or to more than <see cref="MaxTimeout"/>.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        init
        {
            if (value <= TimeSpan.Zero || value > MaxTimeout)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"the Redis client's timeout must be more than 0 and at most {MaxTimeout.TotalSeconds:0} seconds (got {value.TotalSeconds:0.###} s).");
            }

            _timeout = value;
        }
    }

    private readonly TimeSpan _timeout = DefaultTimeout;

    /// <summary>This location with another client timeout (see <see cref="Timeout"/>).</summary>
    /// <param name="timeout">More than zero and at most <see cref="MaxTimeout"/>.</param>
    /// <returns>A new location; this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is out of range.</exception>
    public RedisLocation WithTimeout(TimeSpan timeout) => new(Endpoints, Namespace, User, Password, UseTls) { Timeout = timeout };

    /// <summary>Whether <paramref name="text"/> names a Redis location rather than a directory: it starts with
    /// <c>redis://</c> or <c>rediss://</c> (TLS).</summary>
    /// <param name="text">An index location as a user wrote it.</param>
    /// <returns>True for a Redis location.</returns>
    public static bool IsRedisUri(string text) =>
        text is not null && (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <c>[redis://|rediss://]host:port[,host:port…]/namespace</c>.</summary>
    /// <param name="text">The location; <c>rediss://</c> turns TLS on.</param>
    /// <param name="user">The ACL user, or null.</param>
    /// <param name="password">The password, or null (pass it here or read it from a file: never put it in the text).</param>
    /// <param name="useTls">Whether to use TLS (also on with <c>rediss://</c>).</param>
    /// <returns>The location.</returns>
    /// <exception cref="ArgumentException">The text is not of that form (the message says what is wrong, without the password).</exception>
    public static RedisLocation Parse(string text, string? user = null, string? password = null, bool useTls = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        string rest = text;
        if (rest.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["rediss://".Length..];
            useTls = true;
        }
        else if (rest.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["redis://".Length..];
        }

        if (rest.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("a Redis location must not carry credentials (user:password@): pass the user and the password (or a password file) separately.", nameof(text));
        }

        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new ArgumentException($"'{rest}' has no namespace: write host:port[,host:port…]/namespace.", nameof(text));
        }

        string[] endpoints = rest[..slash].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new RedisLocation(endpoints, rest[(slash + 1)..], user, password, useTls);
    }

    /// <summary>The location as <c>redis://host:port[,…]/namespace</c> (<c>rediss://</c> with TLS), without the user or
    /// the password.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{(UseTls ? "rediss" : "redis")}://{string.Join(',', Endpoints)}/{Namespace}";

    /// <summary>The StackExchange.Redis configuration for this location.</summary>
    /// <returns>A new configuration: endpoints, credentials, TLS, the timeout. Connecting fails when no endpoint answers; a node lost
    /// later is reconnected by the client.</returns>
    internal ConfigurationOptions ToConfiguration()
    {
        var configuration = new ConfigurationOptions
        {
            User = User,
            Password = Password,
            Ssl = UseTls,
            AbortOnConnectFail = true,
            ClientName = "neardup",
            SyncTimeout = (int)Timeout.TotalMilliseconds,
            AsyncTimeout = (int)Timeout.TotalMilliseconds,
            ConnectTimeout = (int)Math.Min(Timeout.TotalMilliseconds, DefaultTimeout.TotalMilliseconds),
        };
        foreach (string endpoint in Endpoints)
        {
            configuration.EndPoints.Add(endpoint);
        }

        return configuration;
    }

    private static void CheckEndpoint(string endpoint)
    {
        int colon = endpoint?.LastIndexOf(':') ?? -1;
        if (endpoint is null || colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"endpoint '{endpoint}' is not host:port with a port from 1 to 65535.", nameof(endpoint));
        }
    }

    private static void CheckNamespace(string ns)
    {
        if (ns.Length is 0 or > MaxNamespaceLength)
        {
            throw new ArgumentException($"the namespace must have 1 to {MaxNamespaceLength} characters; it has {ns.Length}.", nameof(ns));
        }

        foreach (char c in ns)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                throw new ArgumentException($"namespace '{ns}' holds '{c}': use only A–Z, a–z, 0–9, '_', '.' and '-'.", nameof(ns));
            }
        }
    }
}
