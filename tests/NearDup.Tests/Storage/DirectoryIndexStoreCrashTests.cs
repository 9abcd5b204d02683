using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Threading;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// Starts tests/NearDup.CrashWriter as a real child process, kills it (whole process tree) at a random moment, and
/// checks that every batch it acknowledged is on disk, nothing is corrupt, and the store takes new commits.
/// </summary>
public class DirectoryIndexStoreCrashTests : StoreTestBase
{
    private const int Stores = 6;
    private const int KillsPerStore = 10;

    /// <summary>What the store must hold after batches 1..<paramref name="sequence"/>: a naive list, the test oracle.</summary>
    internal static List<string> Expected(int seed, long sequence)
    {
        var documents = new List<(string Id, byte[] Payload)>();
        for (long k = 1; k <= sequence; k++)
        {
            foreach (StoreOperation op in NearDup.CrashWriter.Workload.Batch(seed, k))
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

        return documents.Select(d => Fingerprint(d.Id, d.Payload)).ToList();
    }

    internal static string Fingerprint(string id, ReadOnlySpan<byte> payload) => $"{id}:{payload.Length}:{XxHash3.HashToUInt64(payload):x16}";

    /// <summary>Runs the writer on <paramref name="directory"/> and kills it; returns the last sequence it acknowledged (-1 if none).</summary>
    private static long RunAndKill(string dll, string directory, int seed, int delayMilliseconds, bool fromStart)
    {
        ProcessStartInfo start = ChildProjects.Start(dll, directory, seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        long lastAck = -1;
        using var ready = new ManualResetEventSlim();
        var errors = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("ready ", StringComparison.Ordinal))
            {
                ready.Set();
            }
            else if (e.Data.StartsWith("ack ", StringComparison.Ordinal))
            {
                Volatile.Write(ref lastAck, long.Parse(e.Data.AsSpan(4), provider: System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!fromStart && !ready.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"crash writer never became ready: {errors}");
        }

        Thread.Sleep(delayMilliseconds);
        bool exitedOnItsOwn = process.HasExited;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.That(exitedOnItsOwn, Is.False, $"crash writer stopped by itself: {errors}");
        return Volatile.Read(ref lastAck);
    }

    [Test]
    [Category("Slow")]
    public void Every_acknowledged_batch_survives_killing_the_writer_at_a_random_moment()
    {
        string dll = ChildProjects.Dll("NearDup.CrashWriter");
        var random = new Random(20250611);
        var clock = Stopwatch.StartNew();
        int runs = 0, tornTails = 0, staleLogs = 0, batchesChecked = 0;
        for (int s = 0; s < Stores; s++)
        {
            string directory = Path.Combine(Directory, $"store-{s}");
            int seed = 7919 * (s + 1);
            long acknowledgedBefore = 0;
            for (int kill = 0; kill < KillsPerStore; kill++)
            {
                // Mostly a few to tens of milliseconds into the commit loop; sometimes during start-up, which kills it
                // inside Open/Load recovery (cutting a torn tail, resetting a stale log). Never before the first Create.
                bool fromStart = kill > 0 && random.Next(5) == 0;
                int delay = fromStart ? random.Next(40, 250) : random.Next(2, 60);
                long lastAck = RunAndKill(dll, directory, seed, delay, fromStart);
                long floor = Math.Max(lastAck, acknowledgedBefore);
                string context = $"store {s} (seed {seed}), kill {kill} after {delay} ms{(fromStart ? " from start" : "")}, last ack {lastAck}";

                using var store = DirectoryIndexStore.Open(directory);
                IReadOnlyList<StoredDocument> documents = Load(store, out RecoveryReport report);
                long sequence = store.LastSequence;
                Assert.That(sequence, Is.InRange(floor, floor + 1), $"{context}: store holds batches up to {sequence}");
                Assert.That(
                    documents.Select(d => Fingerprint(d.Id, d.Payload.Span)).ToList(),
                    Is.EqualTo(Expected(seed, sequence)),
                    context);
                Assert.That(store.Verify(), Is.Empty, context);
                Assert.That(store.Options.ToArray(), Is.EqualTo("crash-writer-options"u8.ToArray()), context);

                // The store takes new commits, and the writer's next run continues after this one.
                store.Commit(NearDup.CrashWriter.Workload.Batch(seed, sequence + 1));
                Assert.That(store.LastSequence, Is.EqualTo(sequence + 1), context);
                acknowledgedBefore = sequence + 1;

                runs++;
                batchesChecked += (int)sequence;
                tornTails += report.DroppedBytes > 0 ? 1 : 0;
                staleLogs += report.Messages.Count(m => m.Contains("interrupted compaction", StringComparison.Ordinal));
            }
        }

        TestContext.Out.WriteLine($"{runs} kills in {clock.Elapsed.TotalSeconds:F1} s; {tornTails} torn tails cut, {staleLogs} stale logs after interrupted compactions, {batchesChecked} batch states checked");
        Assert.That(runs, Is.GreaterThanOrEqualTo(50));
    }
}
