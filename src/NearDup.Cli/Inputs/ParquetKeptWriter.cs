using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Threading.Tasks;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Copies a Parquet dataset without the rows dropped as copies to a new Parquet file: the same schema, every column
/// (nested and repeated ones too) with its values, nulls and lists as they were, and the file's key-value metadata.
/// </summary>
/// <remarks>
/// <para>
/// Streams: each row group of the input becomes one row group of the output holding the rows it keeps (none when it
/// keeps none), read and written a column at a time, so besides one column of one row group only a bit per row is in
/// memory.
/// </para>
/// <para>
/// A column is copied at the level of Parquet's own encoding (values, definition and repetition levels), not through
/// .NET objects, so every type Parquet.Net reads is copied unchanged without a case per type. A row starts at each
/// repetition level 0 (every entry, in a column that does not repeat); an entry holds a value when its definition level
/// is the column's highest. Thread safety: stateless.
/// </para>
/// </remarks>
internal static class ParquetKeptWriter
{
    private static readonly MethodInfo CopyColumnMethod = typeof(ParquetKeptWriter).GetMethod(nameof(CopyColumnAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Writes the rows of <paramref name="input"/> that are not in <paramref name="dropped"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The Parquet dataset read.</param>
    /// <param name="output">The new file.</param>
    /// <param name="dropped">The rows dropped, numbered from 1 through the row groups as <see cref="Datasets.Read"/> numbers them.</param>
    /// <returns>How many of the dropped rows the file has (fewer than <paramref name="dropped"/> holds when it changed
    /// after it was read).</returns>
    /// <exception cref="IOException">A file cannot be read or written, or a column holds more rows than its row group.</exception>
    public static long Write(string input, Stream output, IReadOnlySet<long> dropped) =>
        WriteAsync(input, output, dropped).GetAwaiter().GetResult();

    private static async Task<long> WriteAsync(string input, Stream output, IReadOnlySet<long> dropped)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(input).ConfigureAwait(false);
        DataField[] columns = reader.Schema.GetDataFields();
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(reader.Schema, output).ConfigureAwait(false);
        if (reader.CustomMetadata is { Count: > 0 } metadata)
        {
            writer.CustomMetadata = new Dictionary<string, string>(metadata);
        }

        long start = 0, found = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader from = reader.OpenRowGroupReader(g);
            bool[] rows = new bool[checked((int)from.RowCount)];
            bool any = false;
            for (int r = 0; r < rows.Length; r++)
            {
                rows[r] = !dropped.Contains(start + r + 1);
                any |= rows[r];
                found += rows[r] ? 0 : 1;
            }

            start += rows.Length;
            if (!any)
            {
                continue;
            }

            using ParquetRowGroupWriter to = writer.CreateRowGroup();
            foreach (DataField column in columns)
            {
                using RawColumnData raw = await from.ReadRawColumnDataBaseAsync(column).ConfigureAwait(false);
                Type type = raw.GetType().GetGenericArguments()[0];

                // Unwrapped, so that the IOException a damaged column throws reaches the user as itself, not as a
                // TargetInvocationException that only the "internal error" handler catches.
                var copy = (Task)CopyColumnMethod.MakeGenericMethod(type).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [input, g, raw, column, rows, to], null)!;
                await copy.ConfigureAwait(false);
            }

            to.CompleteValidate();
        }

        return found;
    }

    /// <summary>Writes the entries of the kept rows of one column.</summary>
    private static Task CopyColumnAsync<T>(string input, int group, RawColumnData data, DataField column, bool[] rows, ParquetRowGroupWriter to)
        where T : struct
    {
        var raw = (RawColumnData<T>)data;
        bool defined = column.MaxDefinitionLevel > 0, repeated = column.MaxRepetitionLevel > 0;
        ReadOnlySpan<T> values = raw.Values;
        ReadOnlySpan<int> definitions = defined ? raw.DefinitionLevels : default;
        ReadOnlySpan<int> repetitions = repeated ? raw.RepetitionLevels : default;

        // The values hold only the entries that have one, first to last; without definition levels every entry has one.
        int entries = defined ? definitions.Length : values.Length;
        var keptValues = new List<T>(entries);
        var keptDefinitions = new List<int>(defined ? entries : 0);
        var keptRepetitions = new List<int>(repeated ? entries : 0);
        int row = -1, value = 0;
        for (int e = 0; e < entries; e++)
        {
            if (!repeated || repetitions[e] == 0)
            {
                row++;
            }

            bool hasValue = !defined || definitions[e] == column.MaxDefinitionLevel;
            if (row >= rows.Length)
            {
                throw new IOException($"{input}: column \"{column.Path}\" of row group {group + 1} holds more rows than the row group ({rows.Length}); the file is damaged or not written as Parquet says.");
            }

            if (rows[row])
            {
                if (hasValue)
                {
                    keptValues.Add(values[value]);
                }

                if (defined)
                {
                    keptDefinitions.Add(definitions[e]);
                }

                if (repeated)
                {
                    keptRepetitions.Add(repetitions[e]);
                }
            }

            value += hasValue ? 1 : 0;
        }

        ReadOnlyMemory<int>? repetition = repeated ? keptRepetitions.ToArray() : null;
        return defined
            ? to.WriteAllPartsAsync<T>(column, keptValues.ToArray(), keptDefinitions.ToArray(), repetition, default)
            : to.WriteAsync<T>(column, keptValues.ToArray(), repetition, null, default);
    }
}
