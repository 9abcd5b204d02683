namespace NearDup.Candidates;

/// <summary>Told when each step of a candidate lookup ends: how measurements time the sources without timers inside
/// the lookup.</summary>
internal interface ILookupLaps
{
    /// <summary>Called when a step of the lookup has ended.</summary>
    /// <param name="step">The step.</param>
    void Lap(LookupStep step);
}
