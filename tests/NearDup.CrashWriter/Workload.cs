using System;
using System.Collections.Generic;
using NearDup.Storage;

namespace NearDup.CrashWriter;

/// <summary>
/// The seeded batches the crash writer commits. Batch <c>k</c> depends only on the seed and <c>k</c>, so the test can
/// rebuild the expected live set from the last acknowledged sequence number. The test project compiles this same file
/// (linked in NearDup.Tests.csproj), so the writer and the checker cannot drift apart.
/// </summary>
internal static class Workload
{
    public const int IdSpace = 48;

    public static List<StoreOperation> Batch(int seed, long sequence)
    {
        var random = new Random(unchecked((seed * 1_000_003) ^ (int)sequence ^ (int)(sequence >> 32)));
        int count = random.Next(1, 6);
        var batch = new List<StoreOperation>(count);
        for (int i = 0; i < count; i++)
        {
            string id = "doc-" + random.Next(IdSpace);
            if (random.Next(4) == 0)
            {
                batch.Add(StoreOperation.Remove(id));
            }
            else
            {
                // Sizes up to a few pages so some records cross page and buffer boundaries.
                var payload = new byte[random.Next(0, 9000)];
                random.NextBytes(payload);
                batch.Add(StoreOperation.Add(id, payload));
            }
        }

        return batch;
    }
}
