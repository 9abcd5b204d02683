using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NearDup.Storage;

namespace NearDup.CrashWriter;

/// <summary>
/// A child process for the storage tests, in three modes. Each line it prints is flushed at once, so a test that kills
/// it knows what it had done.
/// <list type="bullet">
/// <item><c>NearDup.CrashWriter &lt;directory&gt; &lt;seed&gt; [compactEvery]</c>: creates or opens the store, prints
/// "ready &lt;seq&gt;", then commits batch after batch of <see cref="Workload"/> until killed, printing
/// "ack &lt;seq&gt;" once each Commit has returned, and compacting every <c>compactEvery</c> batches (default 7) so kills
/// also land inside compactions; "compacting" before and "compacted" after each Compact.</item>
/// <item><c>NearDup.CrashWriter compact-loop &lt;directory&gt; &lt;seed&gt; [compactionsPerBatch]</c>: the same, but
/// after each batch ("ack &lt;seq&gt;") it compacts <c>compactionsPerBatch</c> times in a row (default 4), so the
/// process spends most of its time inside Compact and a kill after "compacting" lands inside a compaction.</item>
/// <item><c>NearDup.CrashWriter read &lt;directory&gt; &lt;seed&gt;</c>: opens the store read-only beside whatever
/// writer is running, loads it, and prints one line, "read &lt;seq&gt; exact|different &lt;documents&gt; documents
/// &lt;retries&gt; retries": the last batch it saw, whether the documents it loaded are exactly
/// <see cref="ExpectedDocuments.Of"/> for that batch (the first difference goes to standard error), and how often it
/// read the files again because a compaction replaced them mid-read (at most <see cref="ReadAttempts"/> attempts;
/// after that the exception ends the process with a non-zero exit code). Exits 0 when it answered.</item>
/// </list>
/// The first argument is a mode only when it is exactly "read" or "compact-loop"; anything else is the writer's directory.
/// </summary>
internal static class Program
{
    /// <summary>How often the reader mode opens and loads the store before giving up; a compaction every few
    /// milliseconds can replace the files during several loads in a row.</summary>
    private const int ReadAttempts = 10;

    private const string Usage = "usage: NearDup.CrashWriter <directory> <seed> [compactEvery]\n"
        + "       NearDup.CrashWriter compact-loop <directory> <seed> [compactionsPerBatch]\n"
        + "       NearDup.CrashWriter read <directory> <seed>";

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 && args[0] is "read" or "compact-loop" ? args[0] : "write";
        string[] rest = mode == "write" ? args : args[1..];
        int maxArguments = mode == "read" ? 2 : 3;
        if (rest.Length < 2 || rest.Length > maxArguments)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string directory = rest[0];
        int seed = int.Parse(rest[1], CultureInfo.InvariantCulture);
        int? count = rest.Length > 2 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : null;
        return mode switch
        {
            "read" => Read(directory, seed),
            "compact-loop" => Write(directory, seed, compactEvery: 1, compactions: count ?? 4),
            _ => Write(directory, seed, compactEvery: count ?? 7, compactions: 1),
        };
    }

    /// <summary>Commits batches until killed, running <paramref name="compactions"/> compactions after every
    /// <paramref name="compactEvery"/>-th batch.</summary>
    private static int Write(string directory, int seed, int compactEvery, int compactions)
    {
        bool exists = File.Exists(Path.Combine(directory, "snapshot.ndup"));
        using DirectoryIndexStore store = exists
            ? DirectoryIndexStore.Open(directory)
            : DirectoryIndexStore.Create(directory, "crash-writer-options"u8.ToArray());

        var live = new LiveDocuments();
        store.Load(live.Add);

        long sequence = store.LastSequence;
        TextWriter stdout = Console.Out;
        stdout.WriteLine($"ready {sequence}");
        stdout.Flush();
        while (true)
        {
            sequence++;
            List<StoreOperation> batch = Workload.Batch(seed, sequence);
            store.Commit(batch);
            stdout.WriteLine($"ack {sequence}");
            stdout.Flush();
            live.Apply(batch);
            if (sequence % compactEvery == 0)
            {
                List<StoredDocument> current = live.Current();
                for (int i = 0; i < compactions; i++)
                {
                    stdout.WriteLine("compacting");
                    stdout.Flush();
                    store.Compact(current);
                    stdout.WriteLine("compacted");
                    stdout.Flush();
                }
            }
        }
    }

    /// <summary>Loads the store read-only and reports what it saw; see the class remarks.</summary>
    private static int Read(string directory, int seed)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using DirectoryIndexStore store = DirectoryIndexStore.OpenReadOnly(directory);
                var documents = new List<string>();
                store.Load(d => documents.Add(ExpectedDocuments.Fingerprint(d.Id, d.Payload.Span)));
                long sequence = store.LastSequence;
                List<string> expected = ExpectedDocuments.Of(seed, sequence);
                bool exact = documents.SequenceEqual(expected, StringComparer.Ordinal);
                if (!exact)
                {
                    int at = 0;
                    while (at < documents.Count && at < expected.Count && documents[at] == expected[at])
                    {
                        at++;
                    }

                    Console.Error.WriteLine(
                        $"batch {sequence}: loaded {documents.Count} documents, expected {expected.Count}; first difference at {at}: "
                        + $"loaded {(at < documents.Count ? documents[at] : "nothing")}, expected {(at < expected.Count ? expected[at] : "nothing")}");
                }

                Console.Out.WriteLine($"read {sequence} {(exact ? "exact" : "different")} {documents.Count} documents {attempt - 1} retries");
                Console.Out.Flush();
                return 0;
            }
            catch (NearDupFormatException) when (attempt < ReadAttempts)
            {
                // A compaction replaced the files while they were read: the next load reads the new ones.
            }
        }
    }

    /// <summary>The writer's copy of the live documents in the store's order, to hand to Compact.</summary>
    private sealed class LiveDocuments
    {
        private readonly Dictionary<string, int> _at = new(StringComparer.Ordinal);
        private List<StoredDocument?> _order = new();

        public void Add(StoredDocument document)
        {
            _at[document.Id] = _order.Count;
            _order.Add(document);
        }

        public void Apply(List<StoreOperation> batch)
        {
            foreach (StoreOperation op in batch)
            {
                if (op.Kind == StoreOperationKind.Add)
                {
                    var document = new StoredDocument(op.Id, op.Payload);
                    if (_at.TryGetValue(op.Id, out int at))
                    {
                        _order[at] = document;
                    }
                    else
                    {
                        Add(document);
                    }
                }
                else if (_at.Remove(op.Id, out int at))
                {
                    _order[at] = null;
                }
            }
        }

        /// <summary>The live documents without the gaps removes left, which also become the new order.</summary>
        public List<StoredDocument> Current()
        {
            var current = new List<StoredDocument>(_at.Count);
            _at.Clear();
            foreach (StoredDocument? document in _order)
            {
                if (document is { } d)
                {
                    _at[d.Id] = current.Count;
                    current.Add(d);
                }
            }

            _order = current.ConvertAll(d => (StoredDocument?)d);
            return current;
        }
    }
}
