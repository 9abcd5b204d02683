namespace NearDup.Candidates;

/// <summary>The lap sink that ignores every lap: what a lookup runs with outside measurements.</summary>
internal readonly struct NoLaps : ILookupLaps
{
    /// <inheritdoc/>
    public void Lap(LookupStep step)
    {
    }
}
