namespace NearDup.Redis;

/// <summary>How a Redis index waits for its writes to reach the replicas before it acknowledges a batch.</summary>
/// <remarks>Thread safety: an enum, immutable.</remarks>
internal enum ReplicaWaitCommand
{
    /// <summary>It does not wait (<c>waitForReplicas</c> is 0).</summary>
    None,

    /// <summary><c>WAIT n</c>: n replicas received the writes (in memory; on disk only as their own persistence makes it).</summary>
    Wait,

    /// <summary><c>WAITAOF 1 n</c> (Redis ≥ 7.2, append-only file on): the primary and n replicas fsynced the writes to their append-only files.</summary>
    WaitAof,
}
