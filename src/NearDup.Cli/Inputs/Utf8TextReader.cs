using System;
using System.IO;
using System.Text;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Reads a dataset file's text as strict UTF-8 (a <see cref="StreamReader"/> that throws on invalid bytes) and turns
/// the decoder's error, which knows only an offset inside the block it was decoding, into an <see cref="IOException"/>
/// that names the file and the line of the first invalid bytes, found by reading the file's bytes again.
/// </summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
/// <param name="path">The file.</param>
internal sealed class Utf8TextReader(string path) : TextReader
{
    private readonly StreamReader _reader = new(Datasets.OpenBytes(path), new UTF8Encoding(false, throwOnInvalidBytes: true));

    /// <inheritdoc/>
    public override int Peek() => Checked(() => _reader.Peek());

    /// <inheritdoc/>
    public override int Read() => Checked(() => _reader.Read());

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => Checked(() => _reader.Read(buffer, index, count));

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        try
        {
            return _reader.Read(buffer);
        }
        catch (DecoderFallbackException e)
        {
            throw Invalid(e);
        }
    }

    /// <inheritdoc/>
    public override string? ReadLine() => Checked(() => _reader.ReadLine());

    /// <inheritdoc/>
    public override string ReadToEnd() => Checked(() => _reader.ReadToEnd());

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }

    private T Checked<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException e)
        {
            throw Invalid(e);
        }
    }

    private IOException Invalid(DecoderFallbackException e) => new(FirstInvalidLine(path), e);

    /// <summary>Where a file's first bytes that are not UTF-8 lie: "PATH line N is not valid UTF-8 (invalid byte at
    /// offset K of the line)", lines ending at '\n'.</summary>
    /// <param name="path">The file (through gzip when its name ends in <c>.gz</c>).</param>
    /// <returns>The message.</returns>
    internal static string FirstInvalidLine(string path)
    {
        using var lines = new StrictLineReader(Datasets.OpenBytes(path));
        for (long number = 1; ; number++)
        {
            try
            {
                if (lines.ReadLine() is null)
                {
                    return $"{path}: not valid UTF-8; the file is read as UTF-8 only.";
                }
            }
            catch (DecoderFallbackException e)
            {
                return $"{path} line {number} is not valid UTF-8 (invalid byte at offset {e.Index} of the line); the file is read as UTF-8 only.";
            }
        }
    }
}
