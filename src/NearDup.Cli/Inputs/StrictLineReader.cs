using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Reads lines of strict UTF-8 from a byte stream (standard input), one line at a time: a line that is not valid UTF-8
/// throws <see cref="DecoderFallbackException"/> from <see cref="ReadLine"/>, and the next call reads the line after it.
/// </summary>
/// <remarks>
/// The console's own reader replaces invalid bytes with U+FFFD, so a JSON line with a broken id was added under an id
/// that was not the one sent; files are refused for the same bytes. Lines end at '\n' (a '\r' before it is dropped); a
/// leading byte order mark on the first line is dropped. Thread safety: not thread-safe.
/// </remarks>
/// <param name="stream">The bytes, read to the end; owned by the caller.</param>
internal sealed class StrictLineReader(Stream stream) : TextReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly BufferedStream _input = new(stream, 1 << 16);
    private readonly List<byte> _line = [];
    private bool _first = true;

    /// <inheritdoc/>
    /// <exception cref="DecoderFallbackException">The line is not valid UTF-8 (it is consumed all the same).</exception>
    public override string? ReadLine()
    {
        _line.Clear();
        int b;
        while ((b = _input.ReadByte()) >= 0 && b != '\n')
        {
            _line.Add((byte)b);
        }

        if (b < 0 && _line.Count == 0)
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line);
        if (_first && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        _first = false;
        if (!bytes.IsEmpty && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }

        return StrictUtf8.GetString(bytes);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }
}
