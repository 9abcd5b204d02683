using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Threading.Tasks;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Copies the kept rows of a Parquet dataset to a new Parquet file: the same schema, every column (nested and repeated
/// ones too) with its values, nulls and lists as they were, and the file's key-value metadata.
/// </summary>
/// <remarks>
/// <para>
/// Streams: each row group of the input becomes one row group of the output holding its kept rows (none when it keeps
/// none), read and written a column at a time, so besides one column of one row group only a bit per row is in memory.
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

    /// <summary>Writes the rows of <paramref name="input"/> whose id is in <paramref name="kept"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The Parquet dataset read.</param>
    /// <param name="output">The new file.</param>
    /// <param name="fields">The fields the ids were read from (the rows are found again by <see cref="Datasets.Read"/>).</param>
    /// <param name="kept">The ids kept.</param>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static void Write(string input, Stream output, DatasetFields fields, IReadOnlySet<string> kept) =>
        WriteAsync(input, output, fields, kept).GetAwaiter().GetResult();

    private static async Task WriteAsync(string input, Stream output, DatasetFields fields, IReadOnlySet<string> kept)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(input).ConfigureAwait(false);
        long[] groupStarts = new long[reader.RowGroupCount + 1];
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            groupStarts[g + 1] = groupStarts[g] + group.RowCount;
        }

        // Rows are numbered from 1 through the row groups, as Datasets.Read numbers them.
        var keep = new BitArray(checked((int)groupStarts[^1]));
        foreach (DatasetRecord record in Datasets.Read(input, fields))
        {
            if (record.Id is { } id && kept.Contains(id))
            {
                keep[(int)record.Row - 1] = true;
            }
        }

        DataField[] columns = reader.Schema.GetDataFields();
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(reader.Schema, output).ConfigureAwait(false);
        if (reader.CustomMetadata is { Count: > 0 } metadata)
        {
            writer.CustomMetadata = new Dictionary<string, string>(metadata);
        }

        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            bool[] rows = new bool[groupStarts[g + 1] - groupStarts[g]];
            bool any = false;
            for (int r = 0; r < rows.Length; r++)
            {
                any |= rows[r] = keep[(int)groupStarts[g] + r];
            }

            if (!any)
            {
                continue;
            }

            using ParquetRowGroupReader from = reader.OpenRowGroupReader(g);
            using ParquetRowGroupWriter to = writer.CreateRowGroup();
            foreach (DataField column in columns)
            {
                using RawColumnData raw = await from.ReadRawColumnDataBaseAsync(column).ConfigureAwait(false);
                Type type = raw.GetType().GetGenericArguments()[0];
                await ((Task)CopyColumnMethod.MakeGenericMethod(type).Invoke(null, [raw, column, rows, to])!).ConfigureAwait(false);
            }

            to.CompleteValidate();
        }
    }

    /// <summary>Writes the entries of the kept rows of one column.</summary>
    private static Task CopyColumnAsync<T>(RawColumnData data, DataField column, bool[] rows, ParquetRowGroupWriter to)
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
                throw new IOException($"column \"{column.Path}\" holds more rows than its row group ({rows.Length}).");
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
