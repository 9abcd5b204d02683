using System;
using System.Collections.Generic;
using System.IO;
using NearDup.Storage;

namespace NearDup.CrashWriter;

/// <summary>
/// Usage: <c>NearDup.CrashWriter &lt;directory&gt; &lt;seed&gt; [compactEvery]</c>. Creates or opens the store, prints
/// "ready &lt;seq&gt;", then commits batch after batch until killed, printing "ack &lt;seq&gt;" once each Commit has
/// returned, and compacting every <c>compactEvery</c> batches (default 7) so kills also land inside compactions.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length is < 2 or > 3)
        {
            Console.Error.WriteLine("usage: NearDup.CrashWriter <directory> <seed> [compactEvery]");
            return 2;
        }

        string directory = args[0];
        int seed = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        int compactEvery = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7;
        bool exists = File.Exists(Path.Combine(directory, "snapshot.ndup"));
        using DirectoryIndexStore store = exists
            ? DirectoryIndexStore.Open(directory)
            : DirectoryIndexStore.Create(directory, "crash-writer-options"u8.ToArray());

        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<StoredDocument?>();
        store.Load(document =>
        {
            live[document.Id] = order.Count;
            order.Add(document);
        });

        long sequence = store.LastSequence;
        var stdout = Console.Out;
        stdout.WriteLine($"ready {sequence}");
        stdout.Flush();
        while (true)
        {
            sequence++;
            List<StoreOperation> batch = Workload.Batch(seed, sequence);
            store.Commit(batch);
            stdout.WriteLine($"ack {sequence}");
            stdout.Flush();
            foreach (StoreOperation op in batch)
            {
                if (op.Kind == StoreOperationKind.Add)
                {
                    var document = new StoredDocument(op.Id, op.Payload);
                    if (live.TryGetValue(op.Id, out int at))
                    {
                        order[at] = document;
                    }
                    else
                    {
                        live[op.Id] = order.Count;
                        order.Add(document);
                    }
                }
                else if (live.Remove(op.Id, out int at))
                {
                    order[at] = null;
                }
            }

            if (sequence % compactEvery == 0)
            {
                var current = new List<StoredDocument>(live.Count);
                live.Clear();
                foreach (StoredDocument? document in order)
                {
                    if (document is { } d)
                    {
                        live[d.Id] = current.Count;
                        current.Add(d);
                    }
                }

                store.Compact(current);
                order = current.ConvertAll(d => (StoredDocument?)d);
            }
        }
    }
}
