using System.Diagnostics;
using NearDup.Candidates;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>Adds the stopwatch ticks each step of a candidate lookup took to an array indexed by <see cref="LookupStep"/>.</summary>
/// <remarks>Starts its clock when made: make one just before the lookup. Thread safety: not thread-safe.</remarks>
internal struct StopwatchLaps : ILookupLaps
{
    private readonly long[] _ticks;
    private long _mark;

    /// <summary>Starts the clock.</summary>
    /// <param name="ticks">Receives the ticks per step; one entry per <see cref="LookupStep"/>.</param>
    public StopwatchLaps(long[] ticks)
    {
        _ticks = ticks;
        _mark = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc/>
    public void Lap(LookupStep step)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[(int)step] += now - _mark;
        _mark = now;
    }
}
