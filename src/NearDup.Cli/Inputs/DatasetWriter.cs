using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using nietras.SeparatedValues;

namespace NearDup.Cli.Inputs;

/// <summary>Writes the records of a dataset that were kept, in the dataset's own format, by reading it again: JSON
/// lines are copied byte for byte, CSV and TSV rows field for field under the same header, Parquet rows column for
/// column under the same schema (<see cref="ParquetKeptWriter"/>).</summary>
internal static class DatasetWriter
{
    /// <summary>Copies the records of <paramref name="input"/> whose id is in <paramref name="kept"/> to a new file.</summary>
    /// <param name="input">The dataset read.</param>
    /// <param name="output">The new file, of the same format; gzip-compressed when its name ends in <c>.gz</c>. When
    /// writing fails it is deleted, so that no partial dataset is left to be taken for a whole one.</param>
    /// <param name="fields">The fields the ids were read from.</param>
    /// <param name="kept">The ids kept.</param>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static void WriteKept(string input, string output, DatasetFields fields, IReadOnlySet<string> kept)
    {
        DatasetFormat format = Datasets.FormatOf(input)!.Value;
        Stream stream = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite);
        try
        {
            if (format == DatasetFormat.Parquet)
            {
                using (stream)
                {
                    ParquetKeptWriter.Write(input, stream, fields, kept);
                }

                return;
            }

            if (output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                stream = new GZipStream(stream, CompressionLevel.Optimal);
            }

            using TextWriter writer = new StreamWriter(stream, new UTF8Encoding(false));
            if (format == DatasetFormat.JsonLines)
            {
                WriteJsonLines(input, writer, fields, kept);
            }
            else
            {
                WriteSeparated(input, writer, format == DatasetFormat.Csv ? ',' : '\t', fields, kept);
            }
        }
        catch
        {
            stream.Dispose();
            File.Delete(output);
            throw;
        }
    }

    private static void WriteJsonLines(string input, TextWriter writer, DatasetFields fields, IReadOnlySet<string> kept)
    {
        using TextReader reader = Datasets.OpenText(input);
        long line = 0;
        for (string? raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            line++;
            if (!string.IsNullOrWhiteSpace(raw) && Datasets.JsonId(raw, line, fields) is { } id && kept.Contains(id))
            {
                writer.WriteLine(raw);
            }
        }
    }

    private static void WriteSeparated(string input, TextWriter writer, char separator, DatasetFields fields, IReadOnlySet<string> kept)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (DatasetRecord record in Datasets.Read(input, fields))
        {
            if (record.Id is { } id && kept.Contains(id))
            {
                ids.Add(record.Row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        using TextReader text = Datasets.OpenText(input);
        using SepReader rows = Datasets.SeparatedOptions(separator).From(text);
        using SepWriter sep = Sep.New(separator).Writer(o => o with { Escape = true }).To(writer);
        foreach (SepReader.Row row in rows)
        {
            if (!ids.Contains(row.RowIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                continue;
            }

            using SepWriter.Row written = sep.NewRow();
            for (int c = 0; c < rows.Header.ColNames.Count; c++)
            {
                written[rows.Header.ColNames[c]].Set(row[c].Span);
            }
        }
    }
}
