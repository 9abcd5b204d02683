using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NearDup.Cli;

/// <summary>Writes records as JSON lines, the same way for every command: UTF-8 text as it is (an id "é1.txt" stays
/// "é1.txt", not "\u00E91.txt"), with the characters JSON requires escaped.</summary>
internal static class JsonLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes each item as one line, through one reused buffer.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="output">Where the lines go; flushed at the end.</param>
    /// <param name="write">Writes one item as one JSON value.</param>
    public static void WriteAll<T>(IEnumerable<T> items, TextWriter output, Action<T, Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        foreach (T item in items)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                write(item, json);
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        output.Flush();
    }
}
