using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using NearDup.Analysis;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Storage;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Writes and reads the options of a persistent index (the store's options blob).</summary>
/// <remarks>
/// <para>
/// Layout, little-endian: u16 codec version (2); MinHash parameters (family u8, k u16, seed u64, shingle unit u8, size
/// u8) for the word sketch and for the spin sketch; SimHash seed u64, feature unit u8, size u8; winnowing windows u16 ×2;
/// LSH thresholds f64 ×2; min shared fingerprints u16 ×2; max postings u32; verification thresholds f64 ×3, i32 ×2,
/// f64, i32, f64 ×2, i32, f64 ×3; function words: tag u8, 0 = the built-in English list (<see cref="FunctionWords.English"/>,
/// nothing follows) or 1 = an explicit list, followed by its count u32 and that many token hashes u64, strictly
/// ascending. A list equal to the English one as a set is written as tag 0. The store checksums the blob.
/// </para>
/// <para>
/// Version 1 (still read, no longer written) has the same fields up to the function words, which are one language byte
/// instead, always 0 = English: version 1 did not record a custom list, so an index made with one reopens as English.
/// </para>
/// </remarks>
internal static class IndexOptionsCodec
{
    private const ushort Version = 2;

    /// <summary>Function-word tag of version 2 (and language byte of version 1): the built-in English list.</summary>
    private const byte EnglishTag = 0;

    /// <summary>Function-word tag of version 2: an explicit list of token hashes follows.</summary>
    private const byte ListTag = 1;

    public static byte[] Write(IndexOptions o)
    {
        var bytes = new List<byte>(128);
        U16(bytes, Version);
        MinHash(bytes, o.Analysis.MinHash);
        MinHash(bytes, o.Analysis.SpinSketch);
        U64(bytes, o.Analysis.SimHash.Seed);
        bytes.Add((byte)o.Analysis.SimHash.Features.Unit);
        bytes.Add((byte)o.Analysis.SimHash.Features.Size);
        U16(bytes, (ushort)o.Analysis.WinnowingWindow);
        U16(bytes, (ushort)o.Analysis.SpinWinnowingWindow);
        F64(bytes, o.LshThreshold);
        F64(bytes, o.SpinLshThreshold);
        U16(bytes, (ushort)o.MinSharedFingerprints);
        U16(bytes, (ushort)o.MinSharedSpinFingerprints);
        U32(bytes, (uint)o.MaxPostings);
        VerificationOptions v = o.Verification;
        F64(bytes, v.NearDuplicateCoverage);
        F64(bytes, v.ContainedCoverage);
        F64(bytes, v.MinPassageShare);
        U32(bytes, (uint)v.MinPassageShingles);
        U32(bytes, (uint)v.PassageGap);
        F64(bytes, v.MinSpinRate);
        U32(bytes, (uint)v.MinSpinSubstitutions);
        F64(bytes, v.MinSpunCoverage);
        U32(bytes, (uint)v.MinSpunAlignedTokens);
        F64(bytes, v.MinSpunMatchRate);
        F64(bytes, v.MinSpunContentMatchRate);
        F64(bytes, v.MinSpunDensity);
        FunctionWordList(bytes, o.Analysis.FunctionWords);
        return bytes.ToArray();
    }

    public static IndexOptions Read(ReadOnlySpan<byte> blob, string source)
    {
        var r = new Reader(blob, source);
        ushort version = r.U16();
        if (version > Version)
        {
            throw new NearDupFormatException($"{source}: options format {version} is newer than this build (reads ≤ {Version}).");
        }

        try
        {
            MinHashParameters minHash = r.MinHash();
            MinHashParameters spin = r.MinHash();
            ulong simSeed = r.U64();
            var simFeatures = new ShingleSpec((ShingleUnit)r.U8(), r.U8());
            int window = r.U16(), spinWindow = r.U16();
            double lsh = r.F64(), spinLsh = r.F64();
            int minShared = r.U16(), minSpinShared = r.U16();
            int maxPostings = (int)r.U32();
            var verification = new VerificationOptions(
                r.F64(), r.F64(), r.F64(), (int)r.U32(), (int)r.U32(), r.F64(), (int)r.U32(), r.F64(), (int)r.U32(), r.F64(), r.F64(), r.F64());
            FunctionWords functionWords = version < 2 ? r.Language() : r.FunctionWordList();
            r.End();
            var analysis = new AnalysisOptions(minHash, new SimHashParameters(simSeed, simFeatures), window, spin, spinWindow, functionWords);
            return new IndexOptions(analysis, verification, lsh, minShared, maxPostings, 0, spinLsh, minSpinShared);
        }
        catch (ArgumentException e)
        {
            throw new NearDupFormatException($"{source}: options hold an invalid value: {e.Message}", e);
        }
    }

    /// <summary>Says how the parts that decide stored data differ, or null when they agree.</summary>
    // forwarder: callers move to AnalysisOptions.Difference
    public static string? Difference(IndexOptions stored, IndexOptions requested) => stored.Analysis.Difference(requested.Analysis, "requested");

    /// <summary>See <see cref="AnalysisOptions.Difference(AnalysisOptions, string)"/>.</summary>
    // forwarder: callers move to AnalysisOptions.Difference
    public static string? Difference(AnalysisOptions index, AnalysisOptions other, string otherName) => index.Difference(other, otherName);

    private static void FunctionWordList(List<byte> bytes, FunctionWords words)
    {
        if (words.SetEquals(FunctionWords.English))
        {
            bytes.Add(EnglishTag);
            return;
        }

        bytes.Add(ListTag);
        U32(bytes, (uint)words.Count);
        foreach (ulong hash in words.SortedHashes)
        {
            U64(bytes, hash);
        }
    }

    private static void MinHash(List<byte> bytes, MinHashParameters p)
    {
        bytes.Add((byte)p.Family);
        U16(bytes, (ushort)p.HashCount);
        U64(bytes, p.Seed);
        bytes.Add((byte)p.Shingles.Unit);
        bytes.Add((byte)p.Shingles.Size);
    }

    private static void U16(List<byte> b, ushort v)
    {
        Span<byte> s = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        b.AddRange(s);
    }

    private static void U32(List<byte> b, uint v)
    {
        Span<byte> s = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        b.AddRange(s);
    }

    private static void U64(List<byte> b, ulong v)
    {
        Span<byte> s = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(s, v);
        b.AddRange(s);
    }

    private static void F64(List<byte> b, double v) => U64(b, BitConverter.DoubleToUInt64Bits(v));

    private ref struct Reader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte U8() => Take(1)[0];

        public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public double F64() => BitConverter.UInt64BitsToDouble(U64());

        public MinHashParameters MinHash()
        {
            var family = (MinHashFamily)U8();
            int k = U16();
            ulong seed = U64();
            var spec = new ShingleSpec((ShingleUnit)U8(), U8());
            return new MinHashParameters(family, k, seed, spec);
        }

        /// <summary>Version 1's function words: a language byte, which only ever named English.</summary>
        public FunctionWords Language()
        {
            byte language = U8();
            if (language != EnglishTag)
            {
                throw new NearDupFormatException($"{source}: options name function-word language {language}, which this build does not know.");
            }

            return FunctionWords.English;
        }

        /// <summary>Version 2's function words: a tag, then for an explicit list its count and ascending token hashes.</summary>
        public FunctionWords FunctionWordList()
        {
            int tagAt = _at;
            byte tag = U8();
            if (tag == EnglishTag)
            {
                return FunctionWords.English;
            }

            if (tag != ListTag)
            {
                throw new NearDupFormatException(
                    $"{source}: options have function-word tag {tag} at offset {tagAt}, which this build does not know (0 = English, 1 = a list).");
            }

            uint count = U32();
            long needed = count * 8L;
            if (needed > _data.Length - _at)
            {
                throw new NearDupFormatException(
                    $"{source}: options list {count} function-word hashes ({needed} bytes) at offset {_at}, but only {_data.Length - _at} bytes follow.");
            }

            ReadOnlySpan<byte> bytes = Take((int)needed);
            var hashes = new ulong[count];
            for (int i = 0; i < hashes.Length; i++)
            {
                hashes[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i * 8, 8));
            }

            // Not sorted or repeated: the ArgumentException becomes "options hold an invalid value" with the position.
            return FunctionWords.FromSortedHashes(hashes);
        }

        public readonly void End()
        {
            if (_at != _data.Length)
            {
                throw new NearDupFormatException($"{source}: options have {_data.Length - _at} unexpected bytes after offset {_at}.");
            }
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (_data.Length - _at < n)
            {
                throw new NearDupFormatException($"{source}: options ended after {_data.Length} bytes; {_at + n} needed.");
            }

            ReadOnlySpan<byte> s = _data.Slice(_at, n);
            _at += n;
            return s;
        }
    }
}
