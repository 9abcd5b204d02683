using System;
using System.Collections.Generic;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The values of posting fields and the scripts that change them. A value lists the documents holding a fingerprint,
/// as fixed-width entries (the 5-byte document key, then for SimHash tables the 8-byte SimHash, little-endian), in the
/// order they were added; a capped table's fingerprint held by more documents than its cap is <em>boilerplate</em> and
/// its value shrinks to one byte, the number of holders (saturating at 255), as the embedded passage index keeps a count
/// and drops the list.
/// </summary>
/// <remarks>
/// <para>
/// A field holding a document key already is left as it is, so re-applying a batch changes nothing: adds are
/// idempotent (except the holder count of a fingerprint already boilerplate, which a replay counts again — see the
/// README). A one-byte value is never a list: entries are 5 or 13 bytes.
/// </para>
/// <para>
/// Each script touches one key (one hash), so it runs on whichever node owns it, with no cross-slot access; the
/// client sends EVALSHA once a node has the script. Thread safety: stateless.
/// </para>
/// </remarks>
internal static class Postings
{
    /// <summary>Width of an entry of a document-key table.</summary>
    public const int KeyWidth = DocumentKeys.Width;

    /// <summary>Width of an entry of a SimHash table: the key and the 64-bit SimHash.</summary>
    public const int SimHashWidth = DocumentKeys.Width + sizeof(ulong);

    /// <summary>Appends entries to fields of one hash: ARGV = width, cap (0 = none), then field, entry pairs.</summary>
    public const string AddScript = """
        local w = tonumber(ARGV[1])
        local cap = tonumber(ARGV[2])
        for i = 3, #ARGV, 2 do
          local f = ARGV[i]
          local e = ARGV[i + 1]
          local v = redis.call('HGET', KEYS[1], f)
          if not v then
            redis.call('HSET', KEYS[1], f, e)
          elseif #v % w ~= 0 then
            local c = string.byte(v, 1)
            if c < 255 then redis.call('HSET', KEYS[1], f, string.char(c + 1)) end
          else
            local id = string.sub(e, 1, 5)
            local held = false
            for j = 1, #v, w do
              if string.sub(v, j, j + 4) == id then held = true break end
            end
            if not held then
              if cap > 0 and #v / w >= cap then
                redis.call('HSET', KEYS[1], f, string.char(math.min(255, #v / w + 1)))
              else
                redis.call('HSET', KEYS[1], f, v .. e)
              end
            end
          end
        end
        return 0
        """;

    /// <summary>Removes document keys from fields of one hash: ARGV = width, then field, key pairs. A field left empty
    /// is deleted; a boilerplate count is left as it is.</summary>
    public const string RemoveScript = """
        local w = tonumber(ARGV[1])
        local removed = 0
        for i = 2, #ARGV, 2 do
          local f = ARGV[i]
          local id = ARGV[i + 1]
          local v = redis.call('HGET', KEYS[1], f)
          if v and #v % w == 0 then
            for j = 1, #v, w do
              if string.sub(v, j, j + 4) == id then
                local rest = string.sub(v, 1, j - 1) .. string.sub(v, j + w)
                if #rest == 0 then redis.call('HDEL', KEYS[1], f) else redis.call('HSET', KEYS[1], f, rest) end
                removed = removed + 1
                break
              end
            end
          end
        end
        return removed
        """;

    /// <summary>Moves a record from one state to another: ARGV = from, to (one byte each). Returns 1 when it moved,
    /// 0 when the record is missing or in another state.</summary>
    public const string TransitionScript = """
        local s = redis.call('GETRANGE', KEYS[1], 0, 0)
        if s == ARGV[1] then
          redis.call('SETRANGE', KEYS[1], 0, ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Writes a record if its key was never written: ARGV = the record, pending. Returns the key's state byte
    /// after the call: 0 (pending) when it wrote the record or found it pending, else the state found (live, removed,
    /// or the purged tombstone), which a replay must leave as it is.</summary>
    public const string CreateRecordScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('SET', KEYS[1], ARGV[1])
          return 0
        end
        return string.byte(redis.call('GETRANGE', KEYS[1], 0, 0))
        """;

    /// <summary>Drops an id map field only if it still names a given document key: ARGV = field, key. Returns 1 when
    /// it dropped it.</summary>
    public const string ReleaseIdScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
          redis.call('HDEL', KEYS[1], ARGV[1])
          return 1
        end
        return 0
        """;

    /// <summary>Whether a value is a boilerplate count rather than a list.</summary>
    /// <param name="value">A field's value.</param>
    /// <param name="width">The table's entry width.</param>
    /// <returns>True for a count.</returns>
    public static bool IsCount(ReadOnlySpan<byte> value, int width) => value.Length % width != 0;

    /// <summary>How many documents hold the field's fingerprint: the list's length or the boilerplate count, at most 255
    /// (as the embedded passage index counts).</summary>
    /// <param name="value">The field's value; empty when the field is absent.</param>
    /// <param name="width">The table's entry width.</param>
    /// <returns>The count.</returns>
    public static int Holders(ReadOnlySpan<byte> value, int width) => IsCount(value, width) ? value[0] : Math.Min(255, value.Length / width);

    /// <summary>The document keys a list value holds, in order.</summary>
    /// <param name="value">A list value.</param>
    /// <param name="width">The table's entry width.</param>
    /// <param name="keys">Receives the keys.</param>
    public static void Keys(ReadOnlySpan<byte> value, int width, List<long> keys)
    {
        for (int at = 0; at + width <= value.Length; at += width)
        {
            keys.Add(DocumentKeys.Read(value[at..]));
        }
    }

    /// <summary>The arguments of <see cref="AddScript"/> or <see cref="RemoveScript"/> for one hash, filled as entries arrive.</summary>
    /// <param name="Key">The hash.</param>
    /// <param name="Arguments">The script's ARGV.</param>
    public readonly record struct Group(RedisKey Key, List<RedisValue> Arguments);
}
