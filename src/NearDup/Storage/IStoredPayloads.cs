using System.Collections.Generic;
using System.Threading;

namespace NearDup.Storage;

/// <summary>
/// A store that can hand its live documents over again without being reopened: what a compaction copies instead of
/// analysing every document again when the index's analysis is this build's.
/// </summary>
/// <remarks>
/// The sequence holds what <see cref="IIndexStore.LoadAsync"/> would hand over, in its order, each payload as stored.
/// Damage is thrown (as <see cref="NearDupFormatException"/>) while the sequence is enumerated, possibly after the
/// damaged document was yielded, since a checksum may cover many documents: a caller trusts what it received only once
/// the enumeration reached its end. Thread safety: the sequence must be enumerated once, on one thread, while the store
/// is not written, except by a compaction that pulls it.
/// </remarks>
internal interface IStoredPayloads
{
    /// <summary>The live documents in the order a load hands them over, read again from the store.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The documents, lazily.</returns>
    IEnumerable<StoredDocument> ReadLive(CancellationToken cancellationToken = default);
}
