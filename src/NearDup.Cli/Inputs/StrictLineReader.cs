using System;
using System.Buffers;
using System.IO;
using System.Text;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Reads lines of strict UTF-8 from a byte stream (standard input, a JSON Lines file), one line at a time: a line that
/// is not valid UTF-8 throws <see cref="DecoderFallbackException"/> from <see cref="ReadLine"/>, and the next call reads
/// the line after it.
/// </summary>
/// <remarks>
/// The console's own reader replaces invalid bytes with U+FFFD, so a JSON line with a broken id was added under an id
/// that was not the one sent; a <see cref="StreamReader"/> that throws instead cannot go on past the bad bytes. Lines end
/// at '\n' (a '\r' before it is dropped); a leading byte order mark on the first line is dropped. Thread safety: not
/// thread-safe.
/// </remarks>
/// <param name="stream">The bytes, read to the end; disposed with the reader.</param>
internal sealed class StrictLineReader(Stream stream) : TextReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start, _end;
    private bool _ended, _first = true;

    /// <inheritdoc/>
    /// <exception cref="DecoderFallbackException">The line is not valid UTF-8 (it is consumed all the same).</exception>
    public override string? ReadLine()
    {
        if (!ReadRawLine(out ReadOnlySpan<byte> bytes))
        {
            return null;
        }

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

    /// <summary>Reads the next line's bytes as they stand, without its '\n' (a '\r' before it and a byte order mark
    /// kept): what a copy of the lines writes back; the lines are numbered as <see cref="ReadLine"/> numbers them.</summary>
    /// <param name="line">The line's bytes, valid until the next read.</param>
    /// <returns>False at the end of the stream.</returns>
    public bool ReadRawLine(out ReadOnlySpan<byte> line)
    {
        _line.ResetWrittenCount();
        bool newline = false;
        while (!newline)
        {
            if (_start == _end)
            {
                _end = _ended ? 0 : stream.Read(_buffer);
                _start = 0;
                if (_end == 0)
                {
                    _ended = true;
                    break;
                }
            }

            ReadOnlySpan<byte> rest = _buffer.AsSpan(_start, _end - _start);
            int at = rest.IndexOf((byte)'\n');
            newline = at >= 0;
            int take = newline ? at : rest.Length;
            _line.Write(rest[..take]);
            _start += newline ? take + 1 : take;
        }

        line = _line.WrittenSpan;
        return newline || _line.WrittenCount > 0;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
