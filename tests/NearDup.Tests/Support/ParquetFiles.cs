using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace NearDup.Tests.Support;

/// <summary>Writes small Parquet datasets for the tests, with Parquet.Net.</summary>
internal static class ParquetFiles
{
    /// <summary>Writes rows of two string columns, <c>id</c> and <c>text</c>, in row groups of <paramref name="rowsPerGroup"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">The rows; a null is written as a null.</param>
    /// <param name="rowsPerGroup">Rows per row group.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string WriteIdText(string path, IReadOnlyList<(string? Id, string? Text)> rows, int rowsPerGroup)
    {
        var id = new DataField<string>("id");
        var text = new DataField<string>("text");
        Task.Run(async () =>
        {
            await using FileStream stream = File.Create(path);
            await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text), stream);
            for (int at = 0; at < rows.Count; at += rowsPerGroup)
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync(id, rows.Skip(at).Take(rowsPerGroup).Select(r => r.Id).ToList()!, null);
                await group.WriteAsync(text, rows.Skip(at).Take(rowsPerGroup).Select(r => r.Text).ToList()!, null);
            }
        }).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>Writes rows of two integer columns, <c>id</c> and <c>text</c>, in one row group: a text column that holds
    /// no strings.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">The rows.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string WriteIntegers(string path, IReadOnlyList<(int Id, int Text)> rows)
    {
        var id = new DataField<int>("id");
        var text = new DataField<int>("text");
        Task.Run(async () =>
        {
            await using FileStream stream = File.Create(path);
            await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text), stream);
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync<int>(id, rows.Select(r => r.Id).ToArray(), null, null, default);
            await group.WriteAsync<int>(text, rows.Select(r => r.Text).ToArray(), null, null, default);
        }).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>Makes a file of one row group say it holds one row fewer than its columns hold, as a damaged file or a
    /// faulty writer might: the file's and the row group's <c>num_rows</c> in the footer are lowered by one.</summary>
    /// <param name="path">A file <see cref="WriteIdText"/> wrote with every row in one row group of 2 to 63 rows.</param>
    /// <remarks>
    /// Parquet.Net refuses to write such a file, so the footer (Thrift compact protocol) is walked and the two counts
    /// patched in place: a count of 2 to 63 is a one-byte zig-zag varint, and so is one less. FileMetaData field 3 is
    /// its <c>num_rows</c> and field 4 the list of RowGroup structs, whose field 3 is theirs.
    /// </remarks>
    public static void UnderstateRowCount(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int at = file.Length - 8 - System.BitConverter.ToInt32(file, file.Length - 8);
        var counts = new List<int>();
        Footer(file, ref at, topLevel: true, counts);
        if (counts.Count != 2 || counts.Exists(p => file[p] is < 4 or > 126))
        {
            throw new InvalidDataException($"{path}: expected one row group of 2 to 63 rows, found row counts at {string.Join(", ", counts)}.");
        }

        foreach (int position in counts)
        {
            file[position] -= 2; // zig-zag: n is stored as 2n
        }

        File.WriteAllBytes(path, file);
    }

    /// <summary>Walks a struct, noting where each i64 field 3 (<c>num_rows</c>) is, and walking into the RowGroup structs
    /// of field 4 when <paramref name="topLevel"/>.</summary>
    private static void Footer(byte[] b, ref int at, bool topLevel, List<int> counts)
    {
        int field = 0;
        while (true)
        {
            byte header = b[at++];
            int type = header & 15;
            if (type == 0)
            {
                return;
            }

            field = header >> 4 == 0 ? (int)Unzigzag(Varint(b, ref at)) : field + (header >> 4);
            if (field == 3 && type == 6)
            {
                counts.Add(at);
            }

            if (topLevel && field == 4 && type == 9)
            {
                int size = ListSize(b, ref at);
                for (int i = 0; i < size; i++)
                {
                    Footer(b, ref at, topLevel: false, counts);
                }
            }
            else
            {
                Skip(b, ref at, type, inList: false);
            }
        }
    }

    /// <summary>Skips a value of a Thrift compact type (in a list, a bool takes a byte; as a field, none).</summary>
    private static void Skip(byte[] b, ref int at, int type, bool inList)
    {
        switch (type)
        {
            case 1 or 2:
                at += inList ? 1 : 0;
                break;
            case 3:
                at++;
                break;
            case 4 or 5 or 6:
                Varint(b, ref at);
                break;
            case 7:
                at += 8;
                break;
            case 8:
                int length = (int)Varint(b, ref at); // read before at is, which the varint moves
                at += length;
                break;
            case 9 or 10:
                int elementType = b[at] & 15;
                for (int i = ListSize(b, ref at); i > 0; i--)
                {
                    Skip(b, ref at, elementType, inList: true);
                }

                break;
            case 11:
                int entries = (int)Varint(b, ref at);
                int kinds = entries > 0 ? b[at++] : 0;
                for (int i = 0; i < entries; i++)
                {
                    Skip(b, ref at, kinds >> 4, inList: true);
                    Skip(b, ref at, kinds & 15, inList: true);
                }

                break;
            case 12:
                while (b[at] != 0)
                {
                    byte header = b[at++];
                    if (header >> 4 == 0)
                    {
                        Varint(b, ref at);
                    }

                    Skip(b, ref at, header & 15, inList: false);
                }

                at++;
                break;
            default:
                throw new InvalidDataException($"Thrift compact type {type} at footer byte {at}.");
        }
    }

    private static int ListSize(byte[] b, ref int at)
    {
        int size = b[at++] >> 4;
        return size == 15 ? (int)Varint(b, ref at) : size;
    }

    private static ulong Varint(byte[] b, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte next = b[at++];
            value |= (ulong)(next & 127) << shift;
            if (next < 128)
            {
                return value;
            }
        }
    }

    private static long Unzigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
