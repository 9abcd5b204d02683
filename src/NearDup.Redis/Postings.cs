using System;
using System.Collections.Generic;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The values of posting fields and the scripts that change them. A value lists the documents holding a fingerprint.
/// In a table of document keys (every table but the SimHash ones) the list is <em>delta-coded</em>: the keys in
/// ascending order, the first as a fixed-width big-endian key (4 or 5 bytes), each next one as its gap from the one
/// before, a LEB128 varint (7 bits a byte, low first, the high bit set on every byte but the last). In a SimHash table
/// entries are fixed-width (the key, then the 8-byte SimHash, little-endian), in the order they were added. A capped
/// table's fingerprint held by more documents than its cap is <em>boilerplate</em> and its value shrinks to one byte,
/// the number of holders (saturating at 255), as the embedded passage index keeps a count and drops the list.
/// </summary>
/// <remarks>
/// <para>
/// Why delta-coded: in a listpack every byte of a value is memory, and most lists of the passage, spin-passage and
/// word-pair tables hold several keys, whose gaps are far smaller than the keys: about 2 bytes a holder instead of 4
/// up to 2²¹ documents between two holders, never more than a fixed key but where gaps reach 2²⁸ (a 4-byte-key index
/// past about 268 million documents, 5 bytes a gap). A list of one holder is the bare key, as before.
/// </para>
/// <para>
/// A field holding a document key already is left as it is, so re-applying a batch changes nothing: adds are
/// idempotent (except the holder count of a fingerprint already boilerplate, which a replay counts again — see the
/// README). A one- or two-byte value is never a list: a list starts with a whole key, 4 bytes or more. A list longer
/// than <see cref="ListLimit"/> bytes lives in the hash's overflow hash, in the hash's slot, and the field holds a
/// two-byte marker (see <see cref="AddScript"/>), so posting hashes stay in the listpack encoding.
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

    // The list codec, in place: a delta-coded list (w == kw, see the remarks above) is walked gap by gap and spliced
    // with string.sub, never decoded whole (keys are Lua numbers, exact below 2^53); wider entries (SimHash tables) are
    // fixed-width strings. store: inline when it fits the listpack value limit, else under the same field of the
    // overflow hash (KEYS[2]) with a marker (holder count) in the field; an overflow list no longer needed is deleted;
    // an empty list drops the field.
    private const string Functions = """
        local function key(s, at, kw)
          local k = 0
          for i = at, at + kw - 1 do k = k * 256 + string.byte(s, i) end
          return k
        end
        local function whole(k, kw)
          local b = {}
          for i = kw, 1, -1 do
            b[i] = k % 256
            k = math.floor(k / 256)
          end
          return string.char(unpack(b))
        end
        local function varint(g)
          local b = {}
          while g >= 128 do
            b[#b + 1] = g % 128 + 128
            g = math.floor(g / 128)
          end
          b[#b + 1] = g
          return string.char(unpack(b))
        end
        local function gap(v, i)
          local g, scale, b = 0, 1, 128
          while b >= 128 do
            b = string.byte(v, i)
            i = i + 1
            g = g + (b % 128) * scale
            scale = scale * 128
          end
          return g, i
        end
        local function holders(v, w, kw)
          if w ~= kw then return #v / w end
          local _, gaps = string.gsub(string.sub(v, kw + 1), '[%z\1-\127]', '')
          return 1 + gaps
        end
        local function with(v, kw, id)
          local first = key(v, 1, kw)
          if id == first then return nil end
          if id < first then return whole(id, kw) .. varint(first - id) .. string.sub(v, kw + 1) end
          local prev, i = first, kw + 1
          while i <= #v do
            local start, g = i
            g, i = gap(v, i)
            local k = prev + g
            if k == id then return nil end
            if k > id then return string.sub(v, 1, start - 1) .. varint(id - prev) .. varint(k - id) .. string.sub(v, i) end
            prev = k
          end
          return v .. varint(id - prev)
        end
        local function without(v, kw, id)
          local first = key(v, 1, kw)
          if id == first then
            if #v == kw then return '' end
            local g, i = gap(v, kw + 1)
            return whole(first + g, kw) .. string.sub(v, i)
          end
          local prev, i = first, kw + 1
          while i <= #v do
            local start, g = i
            g, i = gap(v, i)
            local k = prev + g
            if k == id then
              if i > #v then return string.sub(v, 1, start - 1) end
              local g2, j = gap(v, i)
              return string.sub(v, 1, start - 1) .. varint(g + g2) .. string.sub(v, j)
            end
            if k > id then return nil end
            prev = k
          end
          return nil
        end
        local function store(f, list, was, limit, w, kw)
          if #list > limit then
            redis.call('HSET', KEYS[2], f, list)
            redis.call('HSET', KEYS[1], f, string.char(255, math.min(255, holders(list, w, kw))))
          else
            if #list == 0 then redis.call('HDEL', KEYS[1], f) else redis.call('HSET', KEYS[1], f, list) end
            if was then redis.call('HDEL', KEYS[2], f) end
          end
        end

        """;

    /// <summary>Adds entries to fields of one hash: KEYS = the hash, its overflow hash;
    /// ARGV = entry width, cap (0 = none), list limit, key width, then field, entry pairs (an entry starts with its
    /// document key). In a delta-coded table the key goes in its place in key order, elsewhere at the end.</summary>
    public const string AddScript = Functions + """
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
            local n = cap > 0 and holders(v, w, kw) or 0
            local list
            if #v == 0 then
              list = e
            elseif w == kw then
              list = with(v, kw, key(e, 1, kw))
            else
              local id = string.sub(e, 1, kw)
              list = v .. e
              for j = 1, #v, w do
                if string.sub(v, j, j + kw - 1) == id then list = nil break end
              end
            end
            if list then
              if cap > 0 and n >= cap then
                redis.call('HSET', KEYS[1], f, string.char(math.min(255, n + 1)))
                if was then redis.call('HDEL', KEYS[2], f) end
              else
                store(f, list, was, limit, w, kw)
              end
            end
          end
        end
        return 0
        """;

    /// <summary>Removes document keys from fields of one hash: KEYS = the hash, its overflow hash; ARGV = entry width, list limit, key width, then field, key pairs. A field left empty is deleted, a list
    /// back within the limit moves back inline; a boilerplate count is left as it is.</summary>
    public const string RemoveScript = Functions + """
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
            local list
            if #v == 0 then
              list = nil
            elseif w == kw then
              list = without(v, kw, key(id, 1, kw))
            else
              for j = 1, #v, w do
                if string.sub(v, j, j + kw - 1) == id then
                  list = string.sub(v, 1, j - 1) .. string.sub(v, j + w)
                  break
                end
              end
            end
            if list then
              store(f, list, was, limit, w, kw)
              removed = removed + 1
            end
          end
        end
        return removed
        """;

    /// <summary>Moves a record from one state to another: ARGV = from, to (one byte each). Returns 1 when it moved, 2
    /// when the record is in the state to move to already (a step an earlier call took, whose later steps a caller may
    /// have to finish), 0 when the record is missing or in another state.</summary>
    public const string TransitionScript = """
        local s = redis.call('GETRANGE', KEYS[1], 0, 0)
        if s == ARGV[1] then
          redis.call('SETRANGE', KEYS[1], 0, ARGV[2])
          return 1
        end
        if s == ARGV[2] then
          return 2
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

    /// <summary>As <see cref="ReleaseIdScript"/>, for a remove: the field is first written again with the value it holds,
    /// which a server out of memory refuses, so that the id is never dropped in a batch whose queueing of the key for its
    /// purge and lowering of the counter the server refuses (a remove refused so is finished by removing again, which
    /// needs the id). ARGV = field, key. Returns 1 when it dropped it.</summary>
    public const string ForgetIdScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
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

    /// <summary>How many documents hold the field's fingerprint in a delta-coded table: the list's length or the
    /// boilerplate count, at most 255 (as the embedded passage index counts).</summary>
    /// <param name="value">The field's value; empty when the field is absent.</param>
    /// <param name="keyWidth">The document key's width.</param>
    /// <returns>The count.</returns>
    public static int Holders(ReadOnlySpan<byte> value, int keyWidth)
    {
        if (IsCount(value) || IsOverflow(value))
        {
            return IsCount(value) ? value[0] : value[1];
        }

        if (value.Length < keyWidth)
        {
            return 0;
        }

        // One key, then one gap per byte without the continuation bit.
        int holders = 1;
        foreach (byte b in value[keyWidth..])
        {
            holders += b >> 7 ^ 1;
        }

        return Math.Min(255, holders);
    }

    /// <summary>The document keys a list value holds, in order: ascending in a delta-coded table
    /// (<paramref name="width"/> = <paramref name="keyWidth"/>), in order of addition in a table of wider entries.</summary>
    /// <param name="value">A list value.</param>
    /// <param name="width">The table's entry width.</param>
    /// <param name="keyWidth">The document key's width, the start of each entry.</param>
    /// <param name="keys">Receives the keys.</param>
    /// <exception cref="Storage.NearDupFormatException">A delta-coded list ends inside a gap.</exception>
    public static void Keys(ReadOnlySpan<byte> value, int width, int keyWidth, List<long> keys)
    {
        if (width != keyWidth)
        {
            for (int at = 0; at + width <= value.Length; at += width)
            {
                keys.Add(DocumentKeys.Read(value[at..], keyWidth));
            }

            return;
        }

        if (value.Length < keyWidth)
        {
            return;
        }

        long key = DocumentKeys.Read(value, keyWidth);
        keys.Add(key);
        for (int at = keyWidth; at < value.Length;)
        {
            long gap = 0;
            int shift = 0;
            byte b;
            do
            {
                if (at == value.Length || shift > 56)
                {
                    throw new Storage.NearDupFormatException($"a delta-coded holder list of {value.Length} bytes ends inside a gap.");
                }

                b = value[at++];
                gap |= (long)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);
            key += gap;
            keys.Add(key);
        }
    }

    /// <summary>The delta-coded list of ascending document keys: what <see cref="AddScript"/> writes (the oracle its tests
    /// compare with).</summary>
    /// <param name="keys">Distinct keys, ascending.</param>
    /// <param name="keyWidth">The document key's width.</param>
    /// <returns>The list's bytes.</returns>
    public static byte[] Encode(IReadOnlyList<long> keys, int keyWidth)
    {
        var bytes = new List<byte>(keyWidth + 2 * keys.Count);
        Span<byte> first = stackalloc byte[keyWidth];
        DocumentKeys.Write(first, keys[0], keyWidth);
        bytes.AddRange(first);
        for (int i = 1; i < keys.Count; i++)
        {
            ulong gap = (ulong)(keys[i] - keys[i - 1]);
            while (gap >= 0x80)
            {
                bytes.Add((byte)(gap | 0x80));
                gap >>= 7;
            }

            bytes.Add((byte)gap);
        }

        return [.. bytes];
    }

    /// <summary>The arguments of <see cref="AddScript"/> or <see cref="RemoveScript"/> for one hash, filled as entries arrive.</summary>
    /// <param name="Keys">The script's KEYS: the hash and its overflow hash.</param>
    /// <param name="Arguments">The script's ARGV.</param>
    public readonly record struct Group(List<RedisKey> Keys, List<RedisValue> Arguments);
}
