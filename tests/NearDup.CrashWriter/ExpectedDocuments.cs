using System;
using System.Collections.Generic;
using System.IO.Hashing;
using NearDup.Storage;

namespace NearDup.CrashWriter;

/// <summary>
/// The test oracle for <see cref="Workload"/>: what a store must hold after batches 1..n, as one fingerprint per document
/// in the store's order. The crash writer's reader mode and the storage tests (which link this file in
/// NearDup.Tests.csproj, as they link Workload.cs) compare loaded documents with the same list.
/// </summary>
/// <remarks>
/// A naive list on purpose: an add replaces a known id where it stands and appends a new one, a remove takes the id
/// out, the order in which <see cref="DirectoryIndexStore.Load"/> hands documents over. Cost: every batch up to n is
/// generated again, about n × 13 KB of seeded random bytes.
/// </remarks>
internal static class ExpectedDocuments
{
    /// <summary>What the store must hold after batches 1..<paramref name="sequence"/> of <paramref name="seed"/>'s workload.</summary>
    public static List<string> Of(int seed, long sequence)
    {
        var documents = new List<(string Id, byte[] Payload)>();
        for (long k = 1; k <= sequence; k++)
        {
            foreach (StoreOperation op in Workload.Batch(seed, k))
            {
                int at = documents.FindIndex(d => d.Id == op.Id);
                if (op.Kind == StoreOperationKind.Add)
                {
                    if (at >= 0)
                    {
                        documents[at] = (op.Id, op.Payload.ToArray());
                    }
                    else
                    {
                        documents.Add((op.Id, op.Payload.ToArray()));
                    }
                }
                else if (at >= 0)
                {
                    documents.RemoveAt(at);
                }
            }
        }

        return documents.ConvertAll(d => Fingerprint(d.Id, d.Payload));
    }

    /// <summary>One document as "id:length:hash", so a mismatch prints readably.</summary>
    public static string Fingerprint(string id, ReadOnlySpan<byte> payload) => $"{id}:{payload.Length}:{XxHash3.HashToUInt64(payload):x16}";
}
