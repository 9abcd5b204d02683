using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.CrashWriter;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// Starts tests/NearDup.CrashWriter as a real child process, kills it (whole process tree) at a random moment or inside
/// a compaction, and checks that every batch it acknowledged is on disk and nothing else, nothing is corrupt, and the
/// store takes new commits.
/// </summary>
public class DirectoryIndexStoreCrashTests : StoreTestBase
{
    private const int Stores = 6;
    private const int KillsPerStore = 10;

    private const int CompactionStores = 5;
    private const int KillsPerCompactionStore = 8;

    /// <summary>The files an index directory holds once opened, in ordinal order: no temporary file.</summary>
    private static readonly string[] IndexFiles = ["index.lock", "snapshot.ndup", "wal.ndlog"];

    /// <summary>What the writer had printed when it was killed.</summary>
    /// <param name="LastAck">The last sequence it acknowledged (-1 if none).</param>
    /// <param name="LastLine">Its last line (null if none); "compacting" means the kill landed inside a compaction.</param>
    private readonly record struct Killed(long LastAck, string? LastLine);

    /// <summary>
    /// Runs the writer with <paramref name="arguments"/>, waits for its first line that starts with
    /// <paramref name="killAfter"/> (at once if null), then <paramref name="delay"/>, and kills it.
    /// </summary>
    private static Killed RunAndKill(string dll, string[] arguments, string? killAfter, TimeSpan delay)
    {
        ProcessStartInfo start = ChildProjects.Start(dll, arguments);

        long lastAck = -1;
        string? lastLine = null;
        using var reached = new ManualResetEventSlim();
        var errors = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Volatile.Write(ref lastLine, e.Data);
            if (e.Data.StartsWith("ack ", StringComparison.Ordinal))
            {
                Volatile.Write(ref lastAck, long.Parse(e.Data.AsSpan(4), provider: System.Globalization.CultureInfo.InvariantCulture));
            }

            if (killAfter is not null && e.Data.StartsWith(killAfter, StringComparison.Ordinal))
            {
                reached.Set();
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
        if (killAfter is not null && !reached.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"crash writer never printed \"{killAfter}\": {errors}");
        }

        Pause(delay);
        bool exitedOnItsOwn = process.HasExited;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(); // also waits for the last lines of output
        Assert.That(exitedOnItsOwn, Is.False, $"crash writer stopped by itself: {errors}");
        return new Killed(Volatile.Read(ref lastAck), Volatile.Read(ref lastLine));
    }

    /// <summary>Sleeps the whole milliseconds of <paramref name="delay"/> and spins the rest, so delays shorter than the
    /// scheduler's tick still differ.</summary>
    private static void Pause(TimeSpan delay)
    {
        var clock = Stopwatch.StartNew();
        Thread.Sleep((int)delay.TotalMilliseconds);
        while (clock.Elapsed < delay)
        {
            Thread.SpinWait(20);
        }
    }

    /// <summary>The names of the files in <paramref name="directory"/>, in ordinal order.</summary>
    private static string[] FileNames(string directory) =>
        System.IO.Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

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
                long lastAck = RunAndKill(dll, [directory, seed.ToString(System.Globalization.CultureInfo.InvariantCulture)], fromStart ? null : "ready ", TimeSpan.FromMilliseconds(delay)).LastAck;
                long floor = Math.Max(lastAck, acknowledgedBefore);
                string context = $"store {s} (seed {seed}), kill {kill} after {delay} ms{(fromStart ? " from start" : "")}, last ack {lastAck}";

                using var store = DirectoryIndexStore.Open(directory);
                IReadOnlyList<StoredDocument> documents = Load(store, out RecoveryReport report);
                long sequence = store.LastSequence;
                Assert.That(sequence, Is.InRange(floor, floor + 1), $"{context}: store holds batches up to {sequence}");
                Assert.That(
                    documents.Select(d => ExpectedDocuments.Fingerprint(d.Id, d.Payload.Span)).ToList(),
                    Is.EqualTo(ExpectedDocuments.Of(seed, sequence)),
                    context);
                Assert.That(store.Verify(), Is.Empty, context);
                Assert.That(store.Options.ToArray(), Is.EqualTo("crash-writer-options"u8.ToArray()), context);

                // The store takes new commits, and the writer's next run continues after this one.
                store.Commit(Workload.Batch(seed, sequence + 1));
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

    [Test]
    [Category("Slow")]
    public void Every_acknowledged_batch_survives_killing_the_writer_inside_a_compaction()
    {
        string dll = ChildProjects.Dll("NearDup.CrashWriter");
        var random = new Random(20250612);
        var clock = Stopwatch.StartNew();
        int runs = 0, inside = 0, snapshotsUnmoved = 0, staleLogs = 0;
        for (int s = 0; s < CompactionStores; s++)
        {
            string directory = Path.Combine(Directory, $"compacting-{s}");
            int seed = 104_729 * (s + 1);

            // Every id of the workload is live after this many batches, so each compaction writes the store's full size
            // (about 200 KB) and takes measurable time: one to ten milliseconds here, most of it the flushes to disk.
            long acknowledgedBefore = 150;
            using (var created = DirectoryIndexStore.Create(directory, "crash-writer-options"u8.ToArray()))
            {
                for (long k = 1; k <= acknowledgedBefore; k++)
                {
                    created.Commit(Workload.Batch(seed, k));
                }
            }

            for (int kill = 0; kill < KillsPerCompactionStore; kill++)
            {
                // The writer commits one batch and then compacts four times in a row, so a kill up to a few compactions
                // after the first "compacting" lands inside one, at any step: writing the new snapshot, flushing it,
                // moving it in place, replacing the log.
                var delay = TimeSpan.FromMicroseconds(random.Next(0, 5000));
                Killed killed = RunAndKill(dll, ["compact-loop", directory, seed.ToString(System.Globalization.CultureInfo.InvariantCulture)], "compacting", delay);
                long floor = Math.Max(killed.LastAck, acknowledgedBefore);
                string context = $"store {s} (seed {seed}), kill {kill} after {delay.TotalMilliseconds:F3} ms, last ack {killed.LastAck}, last line \"{killed.LastLine}\"";
                bool snapshotUnmoved = FileNames(directory).Contains("snapshot.ndup.tmp");

                using var store = DirectoryIndexStore.Open(directory);
                string[] afterOpen = FileNames(directory);
                IReadOnlyList<StoredDocument> documents = Load(store, out RecoveryReport report);
                long sequence = store.LastSequence;
                Assert.That(sequence, Is.InRange(floor, floor + 1), $"{context}: store holds batches up to {sequence}");
                Assert.That(
                    documents.Select(d => ExpectedDocuments.Fingerprint(d.Id, d.Payload.Span)).ToList(),
                    Is.EqualTo(ExpectedDocuments.Of(seed, sequence)),
                    context);
                Assert.That(store.Verify(), Is.Empty, context);
                Assert.That((afterOpen, FileNames(directory)), Is.EqualTo((IndexFiles, IndexFiles)), $"{context}: files after opening, and after loading");
                acknowledgedBefore = sequence;

                runs++;
                inside += killed.LastLine == "compacting" ? 1 : 0;
                snapshotsUnmoved += snapshotUnmoved ? 1 : 0;
                staleLogs += report.Messages.Count(m => m.Contains("interrupted compaction", StringComparison.Ordinal));
            }
        }

        TestContext.Out.WriteLine(
            $"{runs} kills in {clock.Elapsed.TotalSeconds:F1} s, {inside} inside a compaction (after \"compacting\", before \"compacted\"): "
            + $"{snapshotsUnmoved} before the new snapshot was moved in place (its temporary file left), {staleLogs} between that move and "
            + $"the log's (a stale log), {runs - snapshotsUnmoved - staleLogs} with neither (before the temporary file, after both moves, or between compactions)");
        Assert.That(inside, Is.GreaterThanOrEqualTo(runs / 4), "kills that landed inside a compaction");
    }
}
