using System;
using System.Globalization;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The values of add-unless-copy turns (<see cref="KeyLayout.Turns"/>) and the scripts that write and sweep them. A
/// turn's value is <c>number:seconds</c>: the number the document took (0 until it takes one) and the server's clock
/// (<c>TIME</c>, whole seconds) when the turn was last written, by the script that opened it or the one that numbered it.
/// </summary>
/// <remarks>
/// <para>
/// The time is the server's, read inside the scripts: workers' clocks never enter. A turn is written at most twice in a
/// live worker's add-unless-copy (opened, then numbered) and deleted once the document is decided, so a turn not
/// written for <see cref="Lease"/> is taken for a dead worker's and <see cref="SweepScript"/> deletes it (every open and
/// every <c>Recover</c>). Nothing stops a live worker from being slower than that (a paused process, a very long
/// analysis); deleting a live worker's turn cannot keep two copies, only make one yield that need not: a copy without a
/// turn and still live counts as decided kept, so the others yield to it, and the worker itself carries on by the rule
/// (a turn deleted before its number is written again by <see cref="TakeNumberScript"/>). At worst both of two mutual
/// copies yield.
/// </para>
/// <para>Thread safety: stateless.</para>
/// </remarks>
internal static class Turns
{
    /// <summary>How long a turn may stand unwritten before a sweep takes it for a dead worker's: far beyond an
    /// add-unless-copy's round trips (each bounded by the client's timeout, <see cref="RedisLocation.Timeout"/>: 5 s unless
    /// set, 2 minutes at most; 15 s or that timeout for a <c>WAIT</c>).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>Opens a document's turn, unnumbered: KEYS = the turns hash; ARGV = the document's key.</summary>
    public const string OpenScript = """
        redis.call('HSET', KEYS[1], ARGV[1], '0:' .. redis.call('TIME')[1])
        return 0
        """;

    /// <summary>Raises the counter and writes the number under the document's turn in one step, so no number exists
    /// that the turns hash does not show: KEYS = the turns hash; ARGV = the document's key. Returns the number.</summary>
    public const string TakeNumberScript = """
        local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
        redis.call('HSET', KEYS[1], ARGV[1], n .. ':' .. redis.call('TIME')[1])
        return n
        """;

    /// <summary>Deletes the turns last written more than ARGV[1] seconds ago by the server's clock, and any turn whose
    /// value is not <c>number:seconds</c>: KEYS = the turns hash. Returns how many it deleted.</summary>
    public const string SweepScript = """
        local oldest = tonumber(redis.call('TIME')[1]) - tonumber(ARGV[1])
        local all = redis.call('HGETALL', KEYS[1])
        local swept = 0
        for i = 1, #all, 2 do
          if all[i] ~= 'n' then
            local at = tonumber(string.match(all[i + 1], '^%d+:(%d+)$'))
            if at == nil or at < oldest then
              redis.call('HDEL', KEYS[1], all[i])
              swept = swept + 1
            end
          end
        end
        return swept
        """;

    /// <summary>The field of the turns hash that holds the counter.</summary>
    public const string Counter = "n";

    /// <summary>A turn's value.</summary>
    /// <param name="number">The number taken, 0 for none yet.</param>
    /// <param name="seconds">The server time it was written, in seconds since the Unix epoch.</param>
    /// <returns>The value.</returns>
    public static RedisValue Value(long number, long seconds) =>
        number.ToString(CultureInfo.InvariantCulture) + ":" + seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number of a turn's value: 0 while it has none.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>The number.</returns>
    /// <exception cref="Storage.NearDupFormatException">The value is not <c>number:seconds</c>.</exception>
    public static long Number(RedisValue value)
    {
        string text = (string?)value ?? "";
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            throw new Storage.NearDupFormatException($"add-unless-copy turn '{text}' is not number:seconds.");
        }

        return number;
    }
}
