using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Cli.Inputs;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Verification;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index add PATH INPUT…</c>: adds documents in atomic, durable batches, skipping (with a message)
/// what cannot be read and ids already indexed.</summary>
internal static class IndexAddCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Unused: add reports on stderr only.</param>
    /// <param name="stderr">Receives skipped inputs, errors and the summary.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags(writes: true);
        var inputs = IndexCommand.InputsArgument(IndexCommand.InputsDescribed);
        var read = new InputOptionSet();
        var batchSize = new Option<int>("--batch") { Description = "Documents per atomic, durable batch.", DefaultValueFactory = _ => 1000 };
        var progressOption = StageProgress.Option();
        var unlessCopy = new Option<bool>("--unless-copy")
        {
            Description = "Add each document on its own unless the index holds a copy of it of --kinds (NearDupIndex.AddUnlessCopy): copies are named on stderr and not added. Workers adding copies of each other at once to one Redis index keep one of them.",
        };
        var compact = new Option<string>("--compact")
        {
            Description = $"Compact after adding: auto (when the log has outgrown the snapshot's documents and holds at least {NearDupIndex.DefaultCompactionLogBytes >> 20} MiB: the next open then reads the structures instead of building those of every logged document), always, or never.",
            DefaultValueFactory = _ => "auto",
        };
        compact.AcceptOnlyFromAmong("auto", "always", "never");

        // The least log that --compact auto compacts, for tests that cannot write 64 MiB.
        var compactMinimum = new Option<long>("--compact-min-log-bytes") { Hidden = true, DefaultValueFactory = _ => NearDupIndex.DefaultCompactionLogBytes };
        var kinds = KindsOption.Create("With --unless-copy: the kinds of copy that keep a document out (exact, near-duplicate, contained, spun, all).", "exact", "near-duplicate");
        var command = new Command("add", "Add documents to an index from files, folders and datasets; each batch is atomic and durable.")
        {
            path, inputs, read.Glob, read.Exclude, read.MinWords, read.IdField, read.TextField, batchSize, read.MaxFileSize, progressOption, unlessCopy, kinds, compact, compactMinimum,
        };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "add", () =>
        {
            int size = parse.GetValue(batchSize);
            if (size < 1)
            {
                stderr.WriteLine("neardup index add: --batch must be at least 1.");
                return Program.UsageError;
            }

            if (InputDocuments.Missing(parse.GetValue(inputs)!) is { } missing)
            {
                stderr.WriteLine($"neardup index add: '{missing}' does not exist; nothing was added.");
                return Program.UsageError;
            }

            if (read.Read(parse, "index add", stderr, parse.GetValue(inputs)!) is not { } selection)
            {
                return Program.UsageError;
            }

            if (parse.GetValue(compactMinimum) < 1)
            {
                stderr.WriteLine("neardup index add: --compact-min-log-bytes must be at least 1.");
                return Program.UsageError;
            }

            bool onlyNew = parse.GetValue(unlessCopy);
            if (!onlyNew && parse.GetResult(kinds) is { Implicit: false })
            {
                stderr.WriteLine("neardup index add: --kinds chooses the copies --unless-copy keeps out; give --unless-copy too.");
                return Program.UsageError;
            }

            CopyKinds? keepOut = onlyNew ? KindsOption.Parse(parse.GetValue(kinds)!) : null;
            string[] given = parse.GetValue(inputs)!;
            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progressOption)!, quiet: false, stderr);
            return IndexCommand.WithProgress(mode, "add", stderr, (messages, progress) =>
            {
                // Adding never verifies, so the index opens without a cache of analysed originals.
                using NearDupIndex idx = IndexCommand.Open(parse, path, redis, "add", messages, cacheCapacity: 0, progress: progress);
                int added = Add(idx, given, selection, size, keepOut, Redis.RedisLocation.IsRedisUri(parse.GetValue(path)!), messages, progress);
                return added == Program.Success ? CompactAfterAdding(idx, Enum.Parse<CompactMode>(parse.GetValue(compact)!, ignoreCase: true), parse.GetValue(compactMinimum), messages, progress) : added;
            });
        }));
        return command;
    }

    private static int Add(NearDupIndex idx, string[] inputs, InputSelection selection, int size, CopyKinds? keepOut, bool onServer, TextWriter stderr, IProgress<ScanProgress>? progress)
    {
        // What a failed write leaves of the batch being written: a directory store writes a batch whole or not at all; on
        // a server, a batch refused or not confirmed after its log entry is in doubt until the next open replays it, as
        // the store's own message says.
        string unwritten = onServer ? "was not acknowledged (what is said first tells whether it may still appear)" : "was not added";
        int total = progress is null ? 0 : InputDocuments.Count(inputs, selection);
        progress?.Report(new ScanProgress("adding", 0, total));
        int added = 0, skipped = 0, batches = 0, copies = 0;
        var batch = new List<(string, string)>(Math.Min(size, 1024)); // --batch may ask for far more than is ever read
        var inBatch = new HashSet<string>(StringComparer.Ordinal);
        var inRun = new Dictionary<string, string>(StringComparer.Ordinal); // id → the input of this run that gave it, so a repeat is told apart from an indexed id
        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }

            if (keepOut is { } kinds)
            {
                AddUnlessCopies(kinds);
            }
            else
            {
                AddBatch();
            }

            batch.Clear();
            inBatch.Clear();
            progress?.Report(new ScanProgress("adding", added + copies + skipped, total));
        }

        // Analysed for the index alone (no verification needs them), on all cores; a document without words enough is
        // passed over with a message instead of failing its whole batch.
        void AddBatch()
        {
            var passedOver = new List<(string Id, int Words)>();
            int before = added;
            try
            {
                added += idx.AddBatch(batch, selection.MinWords, passedOver);
                batches += added > before ? 1 : 0;
            }
            catch (Exception e)
            {
                // The documents passed over are named whether or not the write succeeds (a rerun skips them again), but a
                // failure to write those lines to stderr must not take the place of the write's error, which says what is
                // committed (that error is written to the same stderr, and is lost too if stderr fails for every line).
                int writing = batch.Count - passedOver.Count;
                try
                {
                    NamePassedOver();
                }
                catch (IOException)
                {
                }

                if (e is IOException)
                {
                    // Each batch is atomic and durable: say what is in the index, so that a rerun knows where to start.
                    throw new IOException($"{e.Message} The batches before it are committed and durable: {added} documents in {batches} batches; the batch of {writing} being written {unwritten}.", e);
                }

                throw;
            }

            NamePassedOver();

            void NamePassedOver()
            {
                foreach (var (id, words) in passedOver)
                {
                    skipped++;
                    stderr.WriteLine($"neardup index add: skipped {VerdictWriter.Printable(id)}: {selection.Shortfall(words)}");
                }

                passedOver.Clear();
            }
        }

        // Analysed whole, on all cores: each document is looked up before it is added, one by one, in input order, so a
        // document of this batch that copies an earlier one is kept out too.
        void AddUnlessCopies(CopyKinds kinds)
        {
            var analysed = new AnalyzedDocument[batch.Count];
            System.Threading.Tasks.Parallel.For(0, batch.Count, i => analysed[i] = idx.Analyzer.Analyze(batch[i].Item1, batch[i].Item2));
            foreach (AnalyzedDocument d in analysed)
            {
                if (selection.Shortfall(d) is { } shortfall)
                {
                    stderr.WriteLine($"neardup index add: skipped {VerdictWriter.Printable(d.Id)}: {shortfall}");
                    skipped++;
                    continue;
                }

                AddUnlessCopyResult result;
                try
                {
                    result = idx.AddUnlessCopy(d, kinds);
                }
                catch (IOException e)
                {
                    throw new IOException($"{e.Message} The batches before it are committed and durable: {added} documents in {batches} batches; the document being written {unwritten}.", e);
                }

                if (result.Kept)
                {
                    added++;
                    batches++;
                }
                else
                {
                    copies++;
                    PairVerdict first = result.Copies[0];
                    string more = result.Copies.Count > 1 ? $" and {result.Copies.Count - 1} more" : "";
                    stderr.WriteLine($"neardup index add: not added {VerdictWriter.Printable(d.Id)}: {first.Kind.ToName()} copy of {VerdictWriter.Printable(first.A)}{more}");
                }
            }
        }

        using IEnumerator<InputDocument> documents = InputDocuments.Read(inputs, selection, Console.In).GetEnumerator();
        Exception? unreadable;
        while (InputDocuments.Next(documents, out unreadable))
        {
            var (id, text, error, input, rowId) = documents.Current;
            if (error is not null)
            {
                stderr.WriteLine($"neardup index add: skipped {VerdictWriter.Printable(error)}");
                skipped++;
                continue;
            }

            if (!NearDupIndex.IsValidId(id!, out string? problem))
            {
                stderr.WriteLine($"neardup index add: skipped a document: {problem}");
                skipped++;
                continue;
            }

            if (!inRun.TryAdd(id!, input))
            {
                string earlier = inRun[id!];
                string advice = earlier != input && Directory.Exists(earlier) && Directory.Exists(input) ? "; add the folders' parent, or each folder into its own index" : string.Empty;
                stderr.WriteLine($"neardup index add: skipped {VerdictWriter.Printable(id!)}: an earlier input of this run has the same id ({VerdictWriter.Printable(InputDocuments.RepeatCause(earlier, input))}{advice})");
                skipped++;
                continue;
            }

            if (idx.Contains(id!) || !inBatch.Add(id!))
            {
                // A record without an id field is named by its input's path and row, so this is that input added again
                // (or another of the same path); its rows cannot be told from those indexed.
                string cause = rowId
                    ? $" (the record has no id field, so its id is its input's path and row, and an input named {VerdictWriter.Printable(input)} was added before; give --id-field to use ids of your own, or remove it first to replace it)"
                    : " (remove it first to replace it)";
                stderr.WriteLine($"neardup index add: skipped {VerdictWriter.Printable(id!)}: id is already indexed{cause}");
                skipped++;
                continue;
            }

            batch.Add((id!, text!));
            if (batch.Count == size)
            {
                Flush();
            }
        }

        Flush();
        if (unreadable is not null)
        {
            // A dataset that cannot be read (a missing column, a file that is not what its name says) ends the run, after
            // what was read before it is added: a rerun then skips those ids and starts where this one stopped.
            throw new IOException($"{unreadable.Message} Nothing after it was read; what was read before it is committed and durable: {added} documents in {batches} batches.", unreadable);
        }

        progress?.Report(new ScanProgress("adding", added + copies + skipped, added + copies + skipped)); // the end, also when the count was not known
        stderr.WriteLine($"neardup index add: {added} added, {(keepOut is null ? "" : $"{copies} not added as copies, ")}{skipped} skipped; {idx.Count} documents in the index.");
        return Program.Success;
    }

    /// <summary>Compacts after a successful add when <paramref name="mode"/> asks for it (see
    /// <see cref="NearDupIndex.LogOutgrewSnapshot(long)"/>), saying so before and after. A compaction that fails leaves
    /// the index as it was, and the documents just added are committed either way: that is said, and with
    /// <see cref="CompactMode.Auto"/> the add still succeeds.</summary>
    /// <returns>The exit code.</returns>
    private static int CompactAfterAdding(NearDupIndex idx, CompactMode mode, long minimumLogBytes, TextWriter stderr, IProgress<ScanProgress>? progress)
    {
        if (mode == CompactMode.Never)
        {
            return Program.Success;
        }

        // Everything here happens after the documents are committed: no failure of it may read as a failed add (a stored
        // text that does not decompress, NearDupFormatException, is an IOException too).
        bool started = false, onDisk = false;
        try
        {
            StoreStatistics before = idx.Statistics();
            onDisk = before.SnapshotBytes > 0; // an index on a server keeps no snapshot or log
            if (mode == CompactMode.Auto && !NearDupIndex.LogOutgrewSnapshot(before, minimumLogBytes))
            {
                return Program.Success;
            }

            stderr.WriteLine(mode == CompactMode.Always
                ? "neardup index add: compacting (--compact always)."
                : $"neardup index add: compacting: the log holds {Mebibytes(before.LogBytes)} of documents and the snapshot {Mebibytes(before.SnapshotBytes - before.ImageBytes)}, so the next open would build the structures of every logged document; --compact never leaves it.");

            // Its own stage, so that live bars show it while it runs (messages wait until they are done).
            progress?.Report(new ScanProgress("compacting", 0, 1));
            started = true;
            idx.Compact();
            progress?.Report(new ScanProgress("compacting", 1, 1));
            if (IndexCompactCommand.GaveUpCopying(idx) is { } note)
            {
                stderr.WriteLine($"neardup index add: {note}");
            }

            StoreStatistics after = idx.Statistics();
            stderr.WriteLine(onDisk
                ? $"neardup index add: {IndexCompactCommand.Compacted(after)}"
                : "neardup index add: compacted (the server's removed documents purged).");
            return Program.Success;
        }
        catch (NearDup.Storage.CompactionLogException e)
        {
            // The snapshot was replaced: the documents are compacted, only the fresh log is missing (set aside on reopen).
            progress?.Report(new ScanProgress("compacting", 1, 1));
            stderr.WriteLine($"neardup index add: the documents added are committed and durable; {e.Message}");
            return mode == CompactMode.Always ? IndexCommand.Failure : Program.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StackExchange.Redis.RedisException or TimeoutException)
        {
            if (started)
            {
                progress?.Report(new ScanProgress("compacting", 1, 1));
            }

            string state = !started
                ? "Nothing was compacted: `neardup index compact` compacts it later."
                : onDisk
                    ? "The index is as it was before compacting: `neardup index compact` compacts it when there is room, and --compact never leaves the log as it is."
                    : "The live documents are unchanged (removed ones may be partly purged): `neardup index compact` finishes it.";
            stderr.WriteLine($"neardup index add: the documents added are committed and durable, but compacting failed: {e.Message.TrimEnd('.', ' ')}. {state}");
            return mode == CompactMode.Always ? IndexCommand.Failure : Program.Success;
        }
    }

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";

    /// <summary>When <c>index add</c> compacts after adding.</summary>
    internal enum CompactMode
    {
        /// <summary>When the log has outgrown the snapshot's documents (<see cref="NearDupIndex.LogOutgrewSnapshot(long)"/>).</summary>
        Auto,

        /// <summary>Every time.</summary>
        Always,

        /// <summary>Never: the log stays as it is.</summary>
        Never,
    }
}
