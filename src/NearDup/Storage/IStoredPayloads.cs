using System.Collections.Generic;
using System.Threading;

namespace NearDup.Storage;

/// <summary>
/// A store that can hand its documents over again without being reopened: what a compaction copies instead of
/// analysing every document again when the index's analysis is this build's.
/// </summary>
/// <remarks>
/// The sequence holds every live document with the payload a load would hand over, the live documents in a load's
/// order when no add named a live id (<see cref="Detection.NearDupIndex"/> never does: it removes first); other
/// documents may come among them, as stored: ones since removed, and earlier versions of ones added again
/// (always before the version that is live). Damage is thrown (as <see cref="NearDupFormatException"/>; a file that
/// cannot be read as <see cref="System.IO.IOException"/> or <see cref="System.UnauthorizedAccessException"/>) while the
/// sequence is enumerated, possibly after the damaged document was yielded, since a checksum may cover many documents:
/// a caller trusts what it received only once the enumeration reached its end. Thread safety: the sequence must be
/// enumerated once, on one thread, while the store is not written, except by a compaction that pulls it.
/// </remarks>
internal interface IStoredPayloads
{
    /// <summary>The documents the store holds, read again from it (see the remarks on <see cref="IStoredPayloads"/>).</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The documents, lazily.</returns>
    IEnumerable<StoredDocument> ReadStored(CancellationToken cancellationToken = default);
}
