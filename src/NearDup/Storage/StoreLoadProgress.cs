using System;

namespace NearDup.Storage;

/// <summary>The steps of loading a store, as <see cref="StoreLoadProgress"/> names them.</summary>
internal enum StoreLoadStep
{
    /// <summary>Reading the write-ahead log to learn what it does to the snapshot; counted in bytes of the log.</summary>
    ReadingLog,

    /// <summary>Handing the live documents to the visitor; counted in documents.</summary>
    Documents,
}

/// <summary>How far a store has got in loading (<see cref="IIndexStore.LoadAsync"/>).</summary>
/// <param name="Step">The step.</param>
/// <param name="Done">Bytes read or documents handed over so far in this step.</param>
/// <param name="Total">Bytes or documents the step will take: for <see cref="StoreLoadStep.Documents"/> an upper bound
/// (documents the log replaces or removes are counted until they are met), which the last report of the step brings
/// down to <paramref name="Done"/>.</param>
/// <remarks>A step's first report has <paramref name="Done"/> 0 and its last <paramref name="Done"/> equal to
/// <paramref name="Total"/>; a step with nothing to do (no log beyond its header, no documents) is not reported.</remarks>
internal readonly record struct StoreLoadProgress(StoreLoadStep Step, long Done, long Total);

/// <summary>Counts the documents a load hands over and reports them as the <see cref="StoreLoadStep.Documents"/> step.</summary>
/// <param name="progress">Where reports go, or null.</param>
/// <param name="expected">Documents the load expects to hand over, at most; 0 when none (the step is then reported only
/// if a document comes after all).</param>
/// <remarks>Reports at the start, every 512 documents, and at the end. Thread safety: not thread-safe.</remarks>
internal sealed class DocumentsProgress(IProgress<StoreLoadProgress>? progress, long expected)
{
    private const int Every = 512;
    private long _done;

    /// <summary>Reports the start of the step.</summary>
    public void Start()
    {
        if (expected > 0)
        {
            progress?.Report(new StoreLoadProgress(StoreLoadStep.Documents, 0, expected));
        }
    }

    /// <summary>Counts one document handed over.</summary>
    public void Count()
    {
        if (++_done % Every == 0)
        {
            progress?.Report(new StoreLoadProgress(StoreLoadStep.Documents, _done, Math.Max(expected, _done)));
        }
    }

    /// <summary>Reports the end of the step, with the count handed over as its total.</summary>
    public void End()
    {
        if (expected > 0 || _done > 0)
        {
            progress?.Report(new StoreLoadProgress(StoreLoadStep.Documents, _done, _done));
        }
    }
}
