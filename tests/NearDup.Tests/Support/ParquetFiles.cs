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
}
