using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using nietras.SeparatedValues;

namespace NearDup.Cli.Inputs;

/// <summary>Writes a dataset without the rows dedup dropped as copies, in the dataset's own format, by reading it again:
/// JSON lines and CSV and TSV rows are copied as they were (the header line too), Parquet rows column for column under
/// the same schema (<see cref="ParquetKeptWriter"/>).</summary>
/// <remarks>
/// Rows are matched by the numbers <see cref="Datasets.Read"/> gives them (the line in JSON Lines, the data row in CSV
/// and TSV, the row in Parquet), never by id: every row that was not dropped is written, the records dedup passed over
/// (not JSON, another width, a null, no words, an id that repeats an earlier row's) included, since they were not found
/// to copy anything. The output is the input less its copies. Thread safety: stateless.
/// </remarks>
internal static class DatasetWriter
{
    /// <summary>Copies every row of <paramref name="input"/> but those in <paramref name="dropped"/> to a new file.</summary>
    /// <param name="input">The dataset read.</param>
    /// <param name="output">The new file, of the same format; gzip-compressed when its name ends in <c>.gz</c>. When
    /// writing fails it is deleted, so that no partial dataset is left to be taken for a whole one.</param>
    /// <param name="dropped">The rows dropped as copies, numbered as <see cref="DatasetRecord.Row"/>.</param>
    /// <exception cref="IOException">A file cannot be read or written, or the input no longer has a row that was dropped
    /// (it changed after it was read).</exception>
    public static void WriteWithout(string input, string output, IReadOnlySet<long> dropped)
    {
        DatasetFormat format = Datasets.FormatOf(input)!.Value;
        Stream stream = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite);
        try
        {
            long found;
            if (format == DatasetFormat.Parquet)
            {
                using (stream)
                {
                    found = ParquetKeptWriter.Write(input, stream, dropped);
                }
            }
            else
            {
                if (output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    stream = new GZipStream(stream, CompressionLevel.Optimal);
                }

                if (format == DatasetFormat.JsonLines)
                {
                    using (stream)
                    {
                        found = WriteJsonLines(input, stream, dropped);
                    }
                }
                else
                {
                    using TextWriter writer = new StreamWriter(stream, new UTF8Encoding(false));
                    found = WriteSeparated(input, writer, format == DatasetFormat.Csv ? ',' : '\t', dropped);
                }
            }

            if (found != dropped.Count)
            {
                throw new IOException($"{input}: {dropped.Count - found} of the {dropped.Count} rows dropped are no longer in it; it changed after it was read, so nothing is written.");
            }
        }
        catch
        {
            stream.Dispose();
            File.Delete(output);
            throw;
        }
    }

    /// <summary>Copies the lines but the dropped ones, byte for byte (a line that is not UTF-8, which the reader passed
    /// over, included), numbered as the reader numbers them (<see cref="StrictLineReader"/>). Returns how many dropped
    /// lines were found.</summary>
    private static long WriteJsonLines(string input, Stream output, IReadOnlySet<long> dropped)
    {
        using var lines = new StrictLineReader(Datasets.OpenBytes(input));
        long number = 0, found = 0;
        while (lines.ReadRawLine(out ReadOnlySpan<byte> line))
        {
            if (dropped.Contains(++number))
            {
                found++;
            }
            else
            {
                output.Write(line);
                output.WriteByte((byte)'\n');
            }
        }

        return found;
    }

    /// <summary>Copies the header and the rows but the dropped ones, each as its text stood in the file (quotes and
    /// separators untouched, so a row of another width is written as it was); returns how many dropped rows were found.</summary>
    private static long WriteSeparated(string input, TextWriter writer, char separator, IReadOnlySet<long> dropped)
    {
        using TextReader text = Datasets.OpenText(input);

        // Read as Datasets.Read reads, so the rows split and number alike (the header is row 0), but without the header
        // taken apart or the quotes removed: a row's span is then its text in the file.
        using SepReader rows = (Datasets.SeparatedOptions(separator) with { HasHeader = false, Unescape = false }).From(text);
        long found = 0;
        foreach (SepReader.Row row in rows)
        {
            if (dropped.Contains(row.RowIndex))
            {
                found++;
            }
            else
            {
                writer.WriteLine(row.Span);
            }
        }

        return found;
    }
}
