using System.IO;

namespace NearDup.Storage;

/// <summary>A stored file is corrupt, truncated, of another format version, or does not match the requested options.</summary>
/// <remarks>The message names the file, the section and the byte offset, and says what was expected. It derives from
/// <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base, is sealed.</remarks>
public sealed class NearDupFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file, section and offset.</param>
    public NearDupFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The cause.</param>
    public NearDupFormatException(string message, System.Exception inner)
        : base(message, inner)
    {
    }
}
