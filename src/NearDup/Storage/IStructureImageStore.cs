using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NearDup.Storage;

/// <summary>Writes the image of an index's in-memory structures into a snapshot, after its documents.</summary>
/// <param name="output">The section's payload stream: write-only, forward-only; the store checksums what is written.</param>
/// <param name="payloadOffsets">Where each document's payload starts in the snapshot file, by its place among the
/// snapshot's documents (as the writer wrote them: the image may record where each text is, and nothing rereads the
/// file to find out).</param>
internal delegate void StructureImageWriter(Stream output, ReadOnlySpan<long> payloadOffsets);

/// <summary>What a reader made of a snapshot's structure image (<see cref="IStructureImageReader.Read"/>).</summary>
internal enum StructureImageUse
{
    /// <summary>Not used (written by a build that derived other structures): the load goes on as without an image.</summary>
    Declined,

    /// <summary>Used for the structures; the reader still needs each snapshot document's record, the first bytes of its
    /// payload (<see cref="IStructureImageReader.PayloadPrefix"/>): an image of version 1.</summary>
    NeedsRecords,

    /// <summary>Used for the structures and the documents' records: the store reads no snapshot document, and the reader
    /// reads texts from the <see cref="SnapshotTexts"/> it was given.</summary>
    Complete,
}

/// <summary>Reads the image of an index's in-memory structures from a snapshot, before its documents are handed over.</summary>
/// <remarks>Thread safety: called on the loading thread only.</remarks>
internal interface IStructureImageReader
{
    /// <summary>Reads the image.</summary>
    /// <param name="input">The section's payload: read-only, forward-only, <paramref name="file"/>.Length bytes.</param>
    /// <param name="file">Where the payload lies in the snapshot file, for a reader that reads parts of it at their own
    /// offsets (side by side, with <see cref="RandomAccess"/>) rather than through <paramref name="input"/>.</param>
    /// <param name="snapshot">The snapshot file the image was read from, open: a reader that returns
    /// <see cref="StructureImageUse.Complete"/> may keep it to read texts from; the store owns it (it closes it when it
    /// replaces the snapshot or is disposed, or when the load does not end with the image in use).</param>
    /// <returns>How the reader uses the image: with <see cref="StructureImageUse.NeedsRecords"/> the snapshot's documents
    /// come with their <see cref="StoredDocument.SnapshotOrdinal"/>; with <see cref="StructureImageUse.Complete"/> none
    /// of them comes, only those the log appended.</returns>
    /// <param name="checkedItself">Receives whether the reader checked every byte of the payload by checksums of its own
    /// (then the store does not compute the section's checksum: <c>index verify</c> still does); false when the store
    /// must check the section's checksum after the read.</param>
    /// <exception cref="NearDupFormatException">The image is inconsistent: the store discards it as damaged.</exception>
    StructureImageUse Read(Stream input, ImageFile file, SnapshotTexts snapshot, out bool checkedItself);

    /// <summary>Whether an image the reader took as <see cref="StructureImageUse.Complete"/> holds a document of this
    /// id: the store asks for every id its log touches, and a log that removes or replaces a document of the image
    /// makes it <see cref="Discard"/> the image and load as without one.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when the image lists it.</returns>
    bool Holds(string id);

    /// <summary>How many bytes of a snapshot document's payload the reader looks at first, once it took the image.</summary>
    int PayloadHead { get; }

    /// <summary>How many bytes of a snapshot document's payload the reader needs, given its first
    /// <see cref="PayloadHead"/>: once it took the image, it gets only those (the rest of the payload is checked by the
    /// section's checksum all the same, and its candidate data is in the image).</summary>
    /// <param name="head">The payload's first bytes.</param>
    /// <returns>The length of the prefix to hand over.</returns>
    int PayloadPrefix(ReadOnlySpan<byte> head);

    /// <summary>Drops what <see cref="Read"/> built: the section's checksum failed after it was read (or
    /// <see cref="Read"/> threw), and the documents will come without ordinals.</summary>
    void Discard();
}

/// <summary>
/// A store that keeps, beside its snapshot's documents, an image of the in-memory structures an index builds from them,
/// so that opening reads the structures in large sequential blocks instead of building them document by document.
/// </summary>
/// <remarks>
/// <para>
/// The image is derived data: the documents stay the record of what the index holds. A compaction asked for an image
/// writes it after the documents, in a section readers that do not know it skip (so older builds still open the
/// snapshot and ignore it). A load that offers a reader gets the image before any document, when the snapshot has
/// one; the reader decides whether to take it.
/// </para>
/// <para>
/// An image whose checksum fails is not used: the load goes on without it (rebuilding from the documents, which are
/// checked as always) and says so in <see cref="RecoveryReport.Messages"/>, so damage to derived data costs time, never
/// a document or a wrong answer. The store does not offer the image when its log removes a snapshot document (an image
/// holds the snapshot's documents; a removed one would stay in it as a removed slot). A reader that took an image as
/// <see cref="StructureImageUse.NeedsRecords"/> gets every snapshot document with its ordinal and only the prefix of its
/// payload it asks for (<see cref="IStructureImageReader.PayloadPrefix"/>); documents the log replaced in place (which
/// only a store written without <c>NearDupIndex</c> holds) come with <see cref="StoredDocument.Replaced"/> set and their
/// whole new payload, and documents it appended come last with ordinal -1. A reader that took it as
/// <see cref="StructureImageUse.Complete"/> gets only the documents the log appended: the store reads none of the
/// snapshot's documents (nor checks the DOCS checksum: <c>index verify</c> does), and drops the image instead when its
/// log touches an id the image holds (<see cref="IStructureImageReader.Holds"/>).
/// </para>
/// </remarks>
internal interface IStructureImageStore
{
    /// <summary>Loads as <see cref="IIndexStore.LoadAsync"/> does, offering the snapshot's structure image first.</summary>
    /// <param name="visit">Called once per live document, in order (see <see cref="IIndexStore.LoadAsync"/>).</param>
    /// <param name="image">Offered the image before any document, when the snapshot holds one.</param>
    /// <param name="progress">Told how far the load has got, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was replayed and dropped, and whether an image was damaged.</returns>
    ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IStructureImageReader image, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Compacts as <see cref="IIndexStore.CompactAsync"/> does, writing a structure image after the documents.</summary>
    /// <param name="live">The live documents, in order, enumerated once.</param>
    /// <param name="image">Called once, after the last document was pulled, to write the image.</param>
    /// <param name="options">The options blob the new snapshot holds; empty to keep the current one (see
    /// <see cref="IIndexStore.CompactAsync"/>).</param>
    /// <param name="cancellationToken">Cancels before the snapshot replaces the old one.</param>
    /// <returns>The new snapshot, open to read texts from (owned by the store, as the one
    /// <see cref="IStructureImageReader.Read"/> gets), once it has replaced the old one; the old one is closed then.</returns>
    ValueTask<SnapshotTexts> CompactAsync(IEnumerable<StoredDocument> live, StructureImageWriter image, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default);
}
