using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// A writer process (tests/NearDup.CrashWriter) commits batch after batch, compacting every few, while three readers
/// open the store read-only again and again: every reader answers, and each sees exactly the batches up to some point
/// at or after the last one acknowledged before it opened.
/// </summary>
public class ReadersBesideAWriterTests : StoreTestBase
{
    private const int Seed = 4242;

    // The writer compacts every 20 batches, far more often than an index is compacted, so a reader may meet several
    // compactions in a row: it reads the files again up to ten times (the library's OpenReadOnly, three).

    [Test]
    public void Readers_opened_while_a_writer_process_commits_see_every_acknowledged_batch_and_nothing_half_written()
    {
        string dll = ChildProjects.Dll("NearDup.CrashWriter");
        long lastAck = -1;
        using var ready = new ManualResetEventSlim();
        using var process = new Process { StartInfo = ChildProjects.Start(dll, Directory, Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "20") };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("ready ", StringComparison.Ordinal) == true)
            {
                ready.Set();
            }
            else if (e.Data?.StartsWith("ack ", StringComparison.Ordinal) == true)
            {
                Volatile.Write(ref lastAck, long.Parse(e.Data.AsSpan(4), provider: System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            Assert.That(ready.Wait(TimeSpan.FromSeconds(30)), Is.True, "the writer became ready");
            var failures = new List<string>();
            int opens = 0, retries = 0;
            Parallel.For(0, 3, reader =>
            {
                for (int round = 0; round < 15; round++)
                {
                    long acknowledged = Volatile.Read(ref lastAck);
                    for (int attempt = 1; ; attempt++)
                    {
                        try
                        {
                            using DirectoryIndexStore store = DirectoryIndexStore.OpenReadOnly(Directory);
                            var documents = new List<string>();
                            store.Load(d => documents.Add(DirectoryIndexStoreCrashTests.Fingerprint(d.Id, d.Payload.Span)));
                            long seen = store.LastSequence;
                            if (seen < acknowledged || !documents.SequenceEqual(DirectoryIndexStoreCrashTests.Expected(Seed, seen)))
                            {
                                lock (failures)
                                {
                                    failures.Add($"reader {reader} round {round}: saw batches up to {seen} after {acknowledged} was acknowledged, or not exactly them");
                                }
                            }

                            Interlocked.Increment(ref opens);
                            break;
                        }
                        catch (NearDupFormatException) when (attempt < 10)
                        {
                            Interlocked.Increment(ref retries); // a compaction replaced the files while they were read
                        }
                    }
                }
            });

            TestContext.Out.WriteLine($"{opens} read-only opens beside the writer, {retries} read again after a compaction; writer at batch {Volatile.Read(ref lastAck)}");
            Assert.That((failures, opens), Is.EqualTo((new List<string>(), 45)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
