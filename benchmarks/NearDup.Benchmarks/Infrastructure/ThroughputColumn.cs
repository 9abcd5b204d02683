using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>A benchmark whose every invocation processes a known number of input bytes.</summary>
public interface IHasInputBytes
{
    /// <summary>Bytes one invocation reads, for the parameters of <paramref name="benchmarkCase"/>.</summary>
    /// <param name="benchmarkCase">The case whose parameters decide the input.</param>
    /// <returns>The byte count.</returns>
    static abstract long InputBytes(BenchmarkCase benchmarkCase);
}

/// <summary>Adds "MB/s" (10^6 bytes per second of mean time) to the summary table, so throughput targets read off directly.</summary>
/// <typeparam name="TBenchmark">The benchmark class, which knows its input size.</typeparam>
public sealed class ThroughputColumn<TBenchmark> : IColumn
    where TBenchmark : IHasInputBytes
{
    /// <inheritdoc/>
    public string Id => "Throughput";

    /// <inheritdoc/>
    public string ColumnName => "MB/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Input megabytes (10^6 bytes) per second of mean time, one thread";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is null or <= 0)
        {
            return "NA";
        }

        double mbPerSecond = TBenchmark.InputBytes(benchmarkCase) / (meanNs.Value / 1e9) / 1e6;
        return mbPerSecond.ToString(mbPerSecond >= 1000 ? "N0" : "N1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
