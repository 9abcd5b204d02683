using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using NearDup.Storage.Codecs;

namespace NearDup.Tests.Storage;

/// <summary>Where things are in a snapshot file a directory index wrote, for tests that damage one byte of it.</summary>
internal static class SnapshotBytes
{
    /// <summary>The first document of a snapshot's documents section (a snapshot of format 2, with payloads of
    /// version 2 or later): its id, where its compressed text starts and how long it is. Its exact hash, SimHash and
    /// candidate data follow the text.</summary>
    /// <param name="snapshotPath">The snapshot file.</param>
    /// <returns>The id, the text's offset in the file and its length.</returns>
    public static (string Id, long TextAt, int TextLength) FirstDocumentText(string snapshotPath)
    {
        byte[] snapshot = File.ReadAllBytes(snapshotPath);
        const int OptionsAt = 44 + 12 + 16 + 8;
        int options = (int)BinaryPrimitives.ReadUInt64LittleEndian(snapshot.AsSpan(OptionsAt + 4));
        int first = OptionsAt + 12 + options + 8 + 12 + 4;
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(snapshot.AsSpan(first));
        string id = Encoding.UTF8.GetString(snapshot, first + 2, idLength);
        int payload = first + 2 + idLength + 4;
        int compressed = (int)BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(payload + 5));
        return (id, payload + DocumentPayload.TextOffset, compressed);
    }
}
