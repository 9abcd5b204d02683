using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NearDup.Text;

/// <summary>
/// Folds look-alike letters to the Latin letters they imitate (Cyrillic <c>а е о р с у х і</c>, Greek <c>ο ν</c>, and
/// the rest of Unicode's confusables), as spam spinners swap them in to hide a copy: the skeletons of Unicode Technical
/// Standard #39, taken from ICU's spoof checker, the ICU that .NET already loads for NFKC.
/// </summary>
/// <remarks>
/// <para>
/// Folding works on lower case, after NFKC, so that a word hashes alike in any case: a letter folds when its skeleton,
/// or its capital's, is one ASCII letter or digit (Greek <c>β</c> folds to <c>b</c> because <c>Β</c> imitates
/// <c>B</c>; a word of Greek folds consistently, whatever its case). <c>é</c> (whose
/// skeleton is itself), CJK and every script without a Latin look-alike are left as they are, and ASCII is never
/// changed, so English text hashes as before. A word of another script may fold partly (Russian <c>сор</c> hashes as
/// <c>cop</c>); both documents of a pair fold alike, so matching is unchanged, and a word of another script becomes
/// equal to a Latin one only where the two look the same.
/// </para>
/// <para>
/// The table is built once per process from the ICU the runtime loads (about twenty thousand characters asked for,
/// a few tens of milliseconds). The skeletons follow that ICU's Unicode version, as NFKC does: indexes built on machines
/// with other ICU versions can differ in the characters a newer Unicode added. Thread safety: immutable once built.
/// </para>
/// </remarks>
internal static class Confusables
{
    private static readonly Lazy<char[]> Table = new(Build);

    /// <summary>Whether ICU's spoof checker could be loaded (every character is then folded as the table says).</summary>
    public static bool Available => Table.Value.Length > 0;

    /// <summary>The Latin letter (in lower case) <paramref name="c"/> or its capital imitates, or <paramref name="c"/> itself.</summary>
    /// <param name="c">A lower-case character after NFKC.</param>
    /// <returns>Its fold.</returns>
    public static char Fold(char c)
    {
        char[] table = Table.Value;
        return c >= 128 && table.Length > 0 && table[c] != '\0' ? table[c] : c;
    }

    /// <summary>Whether any character of an original text span is a look-alike the table folds.</summary>
    /// <param name="original">Characters of the original text.</param>
    /// <returns>True when one of them is a look-alike the table folds.</returns>
    public static bool Folds(ReadOnlySpan<char> original)
    {
        foreach (char c in original)
        {
            if (c >= 128 && Fold(char.ToLowerInvariant(c)) < 128)
            {
                return true;
            }
        }

        return false;
    }

    private static char[] Build()
    {
        if (!IcuSpoof.TryOpen(out IcuSpoof? spoof))
        {
            return [];
        }

        using (spoof)
        {
            var table = new char[65536];
            Span<char> skeleton = stackalloc char[32];
            for (int cp = 128; cp < 65536; cp++)
            {
                char c = (char)cp;
                if (char.IsSurrogate(c) || !char.IsLetterOrDigit(c) || IsUnfolded(cp) || char.ToLowerInvariant(c) != c)
                {
                    continue; // keys are lower case: folding runs after lower case
                }

                char latin = LatinLookAlike(spoof!, c, skeleton);
                if (latin == '\0' && char.ToUpperInvariant(c) is var capital && capital != c)
                {
                    latin = LatinLookAlike(spoof!, capital, skeleton);
                }

                if (latin != '\0')
                {
                    table[cp] = latin;
                }
            }

            return table;
        }
    }

    /// <summary>The ASCII letter or digit (in lower case) whose skeleton <paramref name="c"/> shares, or '\0'.</summary>
    private static char LatinLookAlike(IcuSpoof spoof, char c, Span<char> skeleton)
    {
        int written = spoof.Skeleton(c, skeleton);
        if (written <= 0)
        {
            return '\0';
        }

        // The skeleton is in NFD; composed again, a letter with an accent stays itself.
        string composed = new string(skeleton[..written]).Normalize(NormalizationForm.FormC).ToLowerInvariant();
        return composed.Length == 1 && composed[0] < 128 && char.IsLetterOrDigit(composed[0]) ? composed[0] : '\0';
    }

    /// <summary>Characters not folded: blocks with no Latin look-alike worth asking about (CJK, Hangul, Yi), skipped to
    /// keep the build short, and the final sigma, which is a case form of sigma (it folds to σ, as case folding says), not
    /// a letter imitating another.</summary>
    private static bool IsUnfolded(int cp) =>
        cp is >= 0x3040 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0xA000 and <= 0xA48F or 0x03C2;

    /// <summary>ICU's spoof checker, reached through the versioned symbols of the ICU library on this machine.</summary>
    private sealed class IcuSpoof : IDisposable
    {
        private readonly IntPtr _checker;
        private readonly SkeletonFunction _skeleton;
        private readonly CloseFunction _close;
        // UTF-16 code units as ushort: blittable, so the arrays are pinned and passed as they are (a char[] would be
        // marshalled as ANSI).
        private readonly ushort[] _source = new ushort[2];
        private readonly ushort[] _destination = new ushort[32];

        private IcuSpoof(IntPtr checker, SkeletonFunction skeleton, CloseFunction close)
        {
            _checker = checker;
            _skeleton = skeleton;
            _close = close;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr OpenFunction(ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int SkeletonFunction(IntPtr checker, uint type, [In] ushort[] id, int length, [Out] ushort[] destination, int capacity, ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void CloseFunction(IntPtr checker);

        /// <summary>Loads ICU's i18n library (the newest version this machine has) and opens a spoof checker.</summary>
        public static bool TryOpen(out IcuSpoof? spoof)
        {
            spoof = null;
            foreach ((IntPtr library, string suffix) in Libraries())
            {
                if (NativeLibrary.TryGetExport(library, "uspoof_open" + suffix, out IntPtr open)
                    && NativeLibrary.TryGetExport(library, "uspoof_getSkeleton" + suffix, out IntPtr skeleton)
                    && NativeLibrary.TryGetExport(library, "uspoof_close" + suffix, out IntPtr close))
                {
                    int status = 0;
                    IntPtr checker = Marshal.GetDelegateForFunctionPointer<OpenFunction>(open)(ref status);
                    if (status <= 0 && checker != IntPtr.Zero)
                    {
                        spoof = new IcuSpoof(
                            checker,
                            Marshal.GetDelegateForFunctionPointer<SkeletonFunction>(skeleton),
                            Marshal.GetDelegateForFunctionPointer<CloseFunction>(close));
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The skeleton of one character into <paramref name="destination"/>.</summary>
        /// <returns>Characters written; −1 on an ICU error or a skeleton longer than the destination.</returns>
        public int Skeleton(char c, Span<char> destination)
        {
            int status = 0;
            _source[0] = c;
            int written = _skeleton(_checker, 0, _source, 1, _destination, _destination.Length, ref status);
            if (status > 0 || written > _destination.Length || written > destination.Length)
            {
                return -1;
            }

            for (int k = 0; k < written; k++)
            {
                destination[k] = (char)_destination[k];
            }

            return written;
        }

        public void Dispose() => _close(_checker);

        /// <summary>ICU i18n libraries to try, with the suffix their symbols carry: versioned on Linux, plain on Windows.</summary>
        private static System.Collections.Generic.IEnumerable<(IntPtr Library, string Suffix)> Libraries()
        {
            for (int version = 90; version >= 50; version--)
            {
                if (NativeLibrary.TryLoad("libicui18n.so." + version.ToString(CultureInfo.InvariantCulture), out IntPtr library))
                {
                    yield return (library, "_" + version.ToString(CultureInfo.InvariantCulture));
                    yield return (library, string.Empty);
                }
            }

            foreach (string name in new[] { "icu.dll", "icuin.dll", "libicui18n.dylib" })
            {
                if (NativeLibrary.TryLoad(name, out IntPtr library))
                {
                    yield return (library, string.Empty);
                }
            }
        }
    }
}
