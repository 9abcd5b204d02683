using System;

namespace NearDup.Redis;

/// <summary>CRC16/XMODEM, the checksum Redis Cluster takes modulo 16,384 for a key's slot, and its inverse over two
/// appended bytes: what puts a derived key in the slot of the key it derives from without a hash tag.</summary>
/// <remarks>
/// <para>
/// The CRC is linear with no final XOR, so appending two bytes <c>x</c> to a message whose CRC register is <c>R</c>
/// gives the CRC of the two bytes <c>R ⊕ x</c> from a zero register, and that map is a bijection on 16 bits: for any
/// target there is exactly one <c>x</c>, read from an inverse table.
/// </para>
/// <para>Thread safety: stateless; the tables are built once.</para>
/// </remarks>
internal static class Crc16
{
    private static readonly ushort[] Table = BuildTable();
    private static readonly ushort[] Inverse = BuildInverse();

    /// <summary>The CRC of some bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The CRC (the slot is it modulo 16,384).</returns>
    public static ushort Of(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0;
        foreach (byte b in bytes)
        {
            crc = (ushort)((crc << 8) ^ Table[(crc >> 8) ^ b]);
        }

        return crc;
    }

    /// <summary>Sets the last two bytes of <paramref name="key"/> so that the CRC of all of it is <paramref name="target"/>.</summary>
    /// <param name="key">The key, its last two bytes free.</param>
    /// <param name="target">The CRC wanted.</param>
    public static void Force(Span<byte> key, ushort target)
    {
        ushort register = Of(key[..^2]);
        ushort y = Inverse[target];
        key[^2] = (byte)((register >> 8) ^ (y >> 8));
        key[^1] = (byte)(register ^ y);
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort crc = (ushort)(i << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }

    private static ushort[] BuildInverse()
    {
        var inverse = new ushort[65_536];
        Span<byte> two = stackalloc byte[2];
        for (int y = 0; y < 65_536; y++)
        {
            two[0] = (byte)(y >> 8);
            two[1] = (byte)y;
            inverse[Of(two)] = (ushort)y;
        }

        return inverse;
    }
}
