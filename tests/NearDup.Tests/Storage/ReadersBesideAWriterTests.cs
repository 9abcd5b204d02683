using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NearDup.CrashWriter;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// A writer process (tests/NearDup.CrashWriter) commits batch after batch, compacting every few, while three readers
/// (threads of the test, or processes: the crash writer's read mode) open the store read-only again and again: every
/// reader answers, and each sees exactly the batches up to some point at or after the last one acknowledged before it
/// opened.
/// </summary>
public class ReadersBesideAWriterTests : StoreTestBase
{
    private const int Seed = 4242;

    // The writer compacts every 20 batches, far more often than an index is compacted, so a reader may meet several
    // compactions in a row: it reads the files again up to ten times (the library's OpenReadOnly, three).

    /// <summary>Starts the writer process (compacting every 20 batches); <paramref name="lastAck"/> follows its
    /// last acknowledged batch.</summary>
    private Process StartWriter(StrongBox<long> lastAck)
    {
        var process = new Process { StartInfo = ChildProjects.Start(ChildProjects.Dll("NearDup.CrashWriter"), Directory, Seed.ToString(CultureInfo.InvariantCulture), "20") };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("ack ", StringComparison.Ordinal) == true)
            {
                Volatile.Write(ref lastAck.Value, long.Parse(e.Data.AsSpan(4), provider: CultureInfo.InvariantCulture));
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        return process;
    }

    [Test]
    public void Readers_opened_while_a_writer_process_commits_see_every_acknowledged_batch_and_nothing_half_written()
    {
        var lastAck = new StrongBox<long>(-1);
        using Process process = StartWriter(lastAck);
        try
        {
            // Not merely "ready": the 45 loads of an empty store take less time than the writer's first commit, so
            // readers started then never met a batch or a compaction.
            SpinWait.SpinUntil(() => Volatile.Read(ref lastAck.Value) >= 100 || process.HasExited, TimeSpan.FromSeconds(30));
            Assert.That(Volatile.Read(ref lastAck.Value), Is.GreaterThanOrEqualTo(100), "the writer committed 100 batches");
            var failures = new List<string>();
            int opens = 0, retries = 0;
            Parallel.For(0, 3, reader =>
            {
                for (int round = 0; round < 15; round++)
                {
                    long acknowledged = Volatile.Read(ref lastAck.Value);
                    for (int attempt = 1; ; attempt++)
                    {
                        try
                        {
                            using DirectoryIndexStore store = DirectoryIndexStore.OpenReadOnly(Directory);
                            var documents = new List<string>();
                            store.Load(d => documents.Add(ExpectedDocuments.Fingerprint(d.Id, d.Payload.Span)));
                            long seen = store.LastSequence;
                            if (seen < acknowledged || !documents.SequenceEqual(ExpectedDocuments.Of(Seed, seen)))
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

            TestContext.Out.WriteLine($"{opens} read-only opens beside the writer, {retries} read again after a compaction; writer at batch {Volatile.Read(ref lastAck.Value)}");
            Assert.That((failures, opens), Is.EqualTo((new List<string>(), 45)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    [Test]
    [Category("Slow")]
    public async Task Reader_processes_started_while_a_writer_process_commits_each_see_exactly_the_batches_up_to_at_least_the_last_acknowledged()
    {
        const int Readers = 3, Rounds = 5;
        string dll = ChildProjects.Dll("NearDup.CrashWriter");
        string seed = Seed.ToString(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var lastAck = new StrongBox<long>(-1);
        using Process process = StartWriter(lastAck);
        try
        {
            // Readers start once every id of the workload has been added and the writer has compacted a few times, so
            // they load a full snapshot and a log, and meet compactions.
            SpinWait.SpinUntil(() => Volatile.Read(ref lastAck.Value) >= 100 || process.HasExited, TimeSpan.FromSeconds(30));
            long firstAck = Volatile.Read(ref lastAck.Value);
            Assert.That(firstAck, Is.GreaterThanOrEqualTo(100), "the writer committed 100 batches");

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            ReaderRun[][] runs = await Task.WhenAll(Enumerable.Range(0, Readers).Select(async reader =>
            {
                var mine = new ReaderRun[Rounds];
                for (int round = 0; round < Rounds; round++)
                {
                    long acknowledged = Volatile.Read(ref lastAck.Value);
                    (int exitCode, string output, string errors) = await RunReaderAsync(dll, Directory, seed, timeout.Token);
                    mine[round] = new ReaderRun(reader, round, acknowledged, exitCode, output, errors);
                }

                return mine;
            }));

            long finalAck = Volatile.Read(ref lastAck.Value);
            bool writerRunning = !process.HasExited;
            List<ReaderRun> all = runs.SelectMany(r => r).ToList();
            TestContext.Out.WriteLine(
                $"{all.Count} reader processes in {clock.Elapsed.TotalSeconds:F1} s beside the writer (batches {firstAck} to {finalAck}); "
                + $"{all.Sum(r => r.Retries)} loads read again after a compaction (at most {all.Max(r => r.Retries)} in one process)");
            Assert.That(
                (all.Where(r => r.Failure is not null).Select(r => r.Failure).ToList(), all.Count, writerRunning, finalAck > firstAck),
                Is.EqualTo((new List<string>(), Readers * Rounds, true, true)),
                "failed readers, readers, the writer still running, the writer committed while they read");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs the crash writer's read mode to the end; its exit code, standard output and standard error.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunReaderAsync(string dll, string directory, string seed, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = ChildProjects.Start(dll, "read", directory, seed) };
        process.Start();
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await output).Trim(), (await errors).Trim());
    }

    /// <summary>One reader process: what it printed, and what was wrong with it (null if nothing).</summary>
    private sealed class ReaderRun
    {
        public ReaderRun(int reader, int round, long acknowledged, int exitCode, string output, string errors)
        {
            // "read <seq> exact|different <n> documents <r> retries"
            string[] words = output.Split(' ');
            bool answered = words is ["read", _, "exact" or "different", _, "documents", _, "retries"];
            long seen = answered ? long.Parse(words[1], CultureInfo.InvariantCulture) : -1;
            Retries = answered ? int.Parse(words[5], CultureInfo.InvariantCulture) : 0;
            string? wrong = exitCode != 0 ? $"exited with {exitCode}"
                : !answered ? "did not answer"
                : seen < acknowledged ? $"saw batches up to {seen} only"
                : words[2] != "exact" ? $"saw batches up to {seen}, but not exactly their documents"
                : null;
            Failure = wrong is null ? null : $"reader {reader} round {round}, started after batch {acknowledged} was acknowledged: {wrong}; output \"{output}\", errors \"{errors}\"";
        }

        public int Retries { get; }

        public string? Failure { get; }
    }
}
