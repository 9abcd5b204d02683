using System;

namespace NearDup.Redis.Tests.Support;

/// <summary>The cluster slot of a key by the Redis Cluster specification (CRC16/XMODEM of the key, or of its hash tag,
/// modulo 16384): the oracle the layout tests check keys against, written from the specification, not from the
/// backend.</summary>
internal static class Slots
{
    public static int Of(ReadOnlySpan<byte> key)
    {
        int open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            int close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }

        ushort crc = 0;
        foreach (byte b in key)
        {
            crc ^= (ushort)(b << 8);
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc & 16383;
    }
}
