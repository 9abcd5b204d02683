using System;
using System.IO;
using System.Text;
using NearDup.Storage;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The errors a server gives when it refuses a command for a reason the caller can act on — out of memory (<c>OOM</c>),
/// a read-only replica (<c>READONLY</c>), a key of another type (<c>WRONGTYPE</c>) — turned into messages that name the
/// location and the namespace, what the server said and what to do, the driver's exception kept as the inner one.
/// </summary>
/// <remarks>Before, the caller got the driver's bare text ("OOM command not allowed when used memory > 'maxmemory'.
/// script: 494c…, on @user_script:80."), which names neither the index nor a remedy (found by a hunt, 2026-12-06).
/// Other refusals (<c>NOPERM</c>, <c>NOSCRIPT</c>, …) pass through unchanged. Thread safety: stateless.</remarks>
internal static class ServerRefusal
{
    /// <summary>Whether <paramref name="e"/> is one of the refusals this class words.</summary>
    /// <param name="e">The driver's exception.</param>
    /// <returns>True for <c>OOM</c>, <c>READONLY</c> and <c>WRONGTYPE</c>.</returns>
    public static bool IsRecognised(RedisServerException e) => IsOutOfMemory(e) || IsReadOnly(e) || IsWrongType(e);

    /// <summary>The server is at its <c>maxmemory</c> and its policy evicts nothing (<c>noeviction</c>).</summary>
    /// <param name="e">The driver's exception.</param>
    /// <returns>True for an <c>OOM</c> error.</returns>
    public static bool IsOutOfMemory(RedisServerException e) => e.Message.StartsWith("OOM ", StringComparison.Ordinal);

    /// <summary>The node is a read-only replica.</summary>
    /// <param name="e">The driver's exception.</param>
    /// <returns>True for a <c>READONLY</c> error.</returns>
    public static bool IsReadOnly(RedisServerException e) => e.Message.StartsWith("READONLY ", StringComparison.Ordinal);

    /// <summary>A key holds another type than the command works on.</summary>
    /// <param name="e">The driver's exception.</param>
    /// <returns>True for a <c>WRONGTYPE</c> error.</returns>
    public static bool IsWrongType(RedisServerException e) => e.Message.StartsWith("WRONGTYPE ", StringComparison.Ordinal);

    /// <summary>What the server said, without the script digest and line the server adds for an error inside a script
    /// (ours, so of no use to the caller).</summary>
    /// <param name="e">The driver's exception.</param>
    /// <returns>The server's sentence.</returns>
    public static string Said(RedisServerException e)
    {
        string said = e.Message;
        int script = said.IndexOf(" script: ", StringComparison.Ordinal);
        return (script < 0 ? said : said[..script]).TrimEnd('.', ' ');
    }

    /// <summary>The error for a write refused because the server is out of memory.</summary>
    /// <param name="source">The location and namespace (<see cref="RedisLocation.ToString"/>).</param>
    /// <param name="e">The driver's exception.</param>
    /// <param name="doing">What was refused, for "refused …" ("the writes of a batch of 20 documents").</param>
    /// <param name="then">What is left and what to do once there is room, a sentence.</param>
    /// <returns>An <see cref="IOException"/> whose inner exception is <paramref name="e"/>.</returns>
    public static IOException OutOfMemory(string source, RedisServerException e, string doing, string then) =>
        new($"{source}: the server is out of memory and refused {doing} (it said \"{Said(e)}\": it has reached its maxmemory and its maxmemory-policy evicts nothing). Raise its maxmemory (CONFIG SET maxmemory) or free memory on it. {then}", e);

    /// <summary>The error for a write refused because the node is a read-only replica (one that became a replica after
    /// the index was opened: an open refuses a location whose only nodes are replicas, <see cref="ReplicaOnly"/>).</summary>
    /// <param name="source">The location and namespace.</param>
    /// <param name="e">The driver's exception.</param>
    /// <param name="doing">What was refused.</param>
    /// <returns>An <see cref="IOException"/> whose inner exception is <paramref name="e"/>.</returns>
    public static IOException ReadOnlyReplica(string source, RedisServerException e, string doing) =>
        new($"{source}: the server refused {doing}: the node is a read-only replica (it said \"{Said(e)}\"). Writes go to a primary: open the index on the primary's endpoint (after a failover, the new primary's), or open it read-only (RedisNearDupIndex.OpenReadOnly) to query a replica.", e);

    /// <summary>The error for an open to write where every node that answered is a replica.</summary>
    /// <param name="source">The location and namespace.</param>
    /// <param name="replica">The replica's endpoint.</param>
    /// <param name="primary">Its primary's endpoint as the replica names it, or null when it did not say.</param>
    /// <param name="opening">"open the index" or "create an index".</param>
    /// <returns>An <see cref="IOException"/>.</returns>
    public static IOException ReplicaOnly(string source, string replica, string? primary, string opening) =>
        new($"{source}: {replica} is a read-only replica{(primary is null ? "" : $" (of {primary})")}, and no primary is among the location's endpoints: every write would be refused there, so this build does not {opening} for writing. Name the primary{(primary is null ? "" : $" ({primary})")} to write, or open the index read-only (RedisNearDupIndex.OpenReadOnly; the CLI's `index query` and `index verify`) to query the replica.");

    /// <summary>The error for a command refused because a key of the namespace holds another type than the index keeps
    /// there: another program wrote into the namespace.</summary>
    /// <param name="source">The location and namespace.</param>
    /// <param name="e">The driver's exception.</param>
    /// <param name="doing">What was refused.</param>
    /// <param name="key">The key found holding another type, or null when none of those looked at did (a key changed
    /// again since).</param>
    /// <param name="held">The type <paramref name="key"/> holds.</param>
    /// <param name="expected">The type the index keeps there.</param>
    /// <returns>A <see cref="NearDupFormatException"/> (the stored index is not one this build wrote) whose inner
    /// exception is <paramref name="e"/>.</returns>
    public static NearDupFormatException WrongType(string source, RedisServerException e, string doing, RedisKey? key, RedisType held, RedisType expected)
    {
        string which = key is { } k
            ? $"key '{Printable(k)}' holds a {Name(held)}, where the index keeps a {Name(expected)}"
            : "a key the command used holds another type than the index keeps there (it changed again before it could be named)";
        return new NearDupFormatException($"{source}: the namespace holds keys this index did not write: {which}; the server refused {doing} (it said \"{Said(e)}\"). Another program wrote into the namespace: delete or rename that key (what the index kept under it is lost), or give the index a namespace of its own.", e);
    }

    /// <summary>A key as messages print it: printable ASCII as it is, a backslash and every other byte as <c>\xNN</c>
    /// (document keys and fingerprint prefixes are binary).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The printable text.</returns>
    public static string Printable(RedisKey key)
    {
        byte[] bytes = (byte[])key!;
        var text = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }

    private static string Name(RedisType type) => type switch
    {
        RedisType.String => "string",
        RedisType.Hash => "hash",
        RedisType.Set => "set",
        RedisType.List => "list",
        RedisType.SortedSet => "sorted set",
        RedisType.Stream => "stream",
        _ => type.ToString().ToLowerInvariant(),
    };
}
