using System.IO;

namespace NearDup.Tests.Support;

/// <summary>Damage the tests do to files an index wrote, as a disk or a careless hand might.</summary>
internal static class DamagedFiles
{
    /// <summary>Flips bits of one byte of a file in place.</summary>
    /// <param name="path">The file.</param>
    /// <param name="offset">The byte's offset.</param>
    /// <param name="bits">The bits flipped (default one bit, 0x20).</param>
    public static void FlipByte(string path, long offset, byte bits = 0x20)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= bits;
        File.WriteAllBytes(path, bytes);
    }
}
