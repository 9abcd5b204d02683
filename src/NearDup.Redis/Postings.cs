using System;
using System.Collections.Generic;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The values of posting fields and the scripts that change them. A value lists the documents holding a fingerprint,
/// as fixed-width entries (the 4- or 5-byte document key, then for SimHash tables the 8-byte SimHash, little-endian), in the
/// order they were added; a capped table's fingerprint held by more documents than its cap is <em>boilerplate</em> and
/// its value shrinks to one byte, the number of holders (saturating at 255), as the embedded passage index keeps a count
/// and drops the list.
/// </summary>
/// <remarks>
/// <para>
/// A field holding a document key already is left as it is, so re-applying a batch changes nothing: adds are
/// idempotent (except the holder count of a fingerprint already boilerplate, which a replay counts again — see the
/// README). A one- or two-byte value is never a list: entries are 4 bytes or more. A list longer than <see cref="ListLimit"/>
/// bytes lives in the hash's overflow hash, in the hash's slot, and the field holds a two-byte marker (see
/// <see cref="AddScript"/>), so posting hashes stay in the listpack encoding.
/// </para>
/// <para>
/// Each script touches one key (one hash), so it runs on whichever node owns it, with no cross-slot access; the
/// client sends EVALSHA once a node has the script. Thread safety: stateless.
/// </para>
/// </remarks>
internal static class Postings
{
    /// <summary>The longest holder list a hash field keeps inline: Redis's default <c>hash-max-listpack-value</c>. One
    /// longer value turns its whole hash into a hashtable (about 50 bytes more per field), so a longer list moves to the
    /// same field of the hash's overflow hash (<see cref="KeyLayout.Overflow"/>) and the field keeps a two-byte marker.</summary>
    public const int ListLimit = 64;

    /// <summary>First byte of an overflow marker; the second is the holder count, saturating at 255.</summary>
    public const byte OverflowMark = 0xFF;

    // Stores a field's list: inline when it fits the listpack value limit, else under the same field of the overflow
    // hash (KEYS[2]) with a marker (holder count) in the field; an overflow list no longer needed is deleted. An empty
    // list drops the field.
    private const string StoreFunction = """
        local function store(f, list, was, w, limit)
          if #list > limit then
            redis.call('HSET', KEYS[2], f, list)
            redis.call('HSET', KEYS[1], f, string.char(255, math.min(255, #list / w)))
          else
            if #list == 0 then redis.call('HDEL', KEYS[1], f) else redis.call('HSET', KEYS[1], f, list) end
            if was then redis.call('HDEL', KEYS[2], f) end
          end
        end

        """;

    /// <summary>Appends entries to fields of one hash: KEYS = the hash, its overflow hash;
    /// ARGV = entry width, cap (0 = none), list limit, key width, then field, entry pairs.</summary>
    public const string AddScript = StoreFunction + """
        local w = tonumber(ARGV[1])
        local cap = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        local kw = tonumber(ARGV[4])
        for i = 5, #ARGV, 2 do
          local f = ARGV[i]
          local e = ARGV[i + 1]
          local v = redis.call('HGET', KEYS[1], f)
          if not v then
            redis.call('HSET', KEYS[1], f, e)
          elseif #v == 1 then
            local c = string.byte(v, 1)
            if c < 255 then redis.call('HSET', KEYS[1], f, string.char(c + 1)) end
          else
            local was = #v == 2
            if was then v = redis.call('HGET', KEYS[2], f) or '' end
            local id = string.sub(e, 1, kw)
            local held = false
            for j = 1, #v, w do
              if string.sub(v, j, j + kw - 1) == id then held = true break end
            end
            if not held then
              if cap > 0 and #v / w >= cap then
                redis.call('HSET', KEYS[1], f, string.char(math.min(255, #v / w + 1)))
                if was then redis.call('HDEL', KEYS[2], f) end
              else
                store(f, v .. e, was, w, limit)
              end
            end
          end
        end
        return 0
        """;

    /// <summary>Removes document keys from fields of one hash: KEYS = the hash, its overflow hash; ARGV = entry width, list limit, key width, then field, key pairs. A field left empty is deleted, a list
    /// back within the limit moves back inline; a boilerplate count is left as it is.</summary>
    public const string RemoveScript = StoreFunction + """
        local w = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local kw = tonumber(ARGV[3])
        local removed = 0
        for i = 4, #ARGV, 2 do
          local f = ARGV[i]
          local id = ARGV[i + 1]
          local v = redis.call('HGET', KEYS[1], f)
          if v and #v ~= 1 then
            local was = #v == 2
            if was then v = redis.call('HGET', KEYS[2], f) or '' end
            for j = 1, #v, w do
              if string.sub(v, j, j + kw - 1) == id then
                store(f, string.sub(v, 1, j - 1) .. string.sub(v, j + w), was, w, limit)
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

    /// <summary>Whether a value is a boilerplate count rather than a list: one byte (entries are 4 bytes or more).</summary>
    /// <param name="value">A field's value.</param>
    /// <returns>True for a count.</returns>
    public static bool IsCount(ReadOnlySpan<byte> value) => value.Length == 1;

    /// <summary>Whether a value is an overflow marker: two bytes, the list being under the same field of the hash's overflow hash.</summary>
    /// <param name="value">A field's value.</param>
    /// <returns>True for a marker.</returns>
    public static bool IsOverflow(ReadOnlySpan<byte> value) => value.Length == 2;

    /// <summary>How many documents hold the field's fingerprint: the list's length or the boilerplate count, at most 255
    /// (as the embedded passage index counts).</summary>
    /// <param name="value">The field's value; empty when the field is absent.</param>
    /// <param name="width">The table's entry width.</param>
    /// <returns>The count.</returns>
    public static int Holders(ReadOnlySpan<byte> value, int width) =>
        IsCount(value) ? value[0] : IsOverflow(value) ? value[1] : Math.Min(255, value.Length / width);

    /// <summary>The document keys a list value holds, in order.</summary>
    /// <param name="value">A list value.</param>
    /// <param name="width">The table's entry width.</param>
    /// <param name="keyWidth">The document key's width, the start of each entry.</param>
    /// <param name="keys">Receives the keys.</param>
    public static void Keys(ReadOnlySpan<byte> value, int width, int keyWidth, List<long> keys)
    {
        for (int at = 0; at + width <= value.Length; at += width)
        {
            keys.Add(DocumentKeys.Read(value[at..], keyWidth));
        }
    }

    /// <summary>The arguments of <see cref="AddScript"/> or <see cref="RemoveScript"/> for one hash, filled as entries arrive.</summary>
    /// <param name="Keys">The script's KEYS: the hash and its overflow hash.</param>
    /// <param name="Arguments">The script's ARGV.</param>
    public readonly record struct Group(List<RedisKey> Keys, List<RedisValue> Arguments);
}
