using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

/// <summary>What the explicit huge-page tests read of the system: its transparent huge page setting and the process's
/// anonymous memory in huge pages.</summary>
internal static class TransparentHugePages
{
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>Ignores the calling test unless this is Linux with transparent huge pages on "madvise" (given on
    /// request, which is what an advice is tested against).</summary>
    public static void RequireMadvise()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Setting) || !File.ReadAllText(Setting).Contains("[madvise]", StringComparison.Ordinal))
        {
            Assert.Ignore("needs Linux with transparent huge pages on \"madvise\"");
        }
    }

    /// <summary>The process's anonymous memory mapped in huge pages, KiB (<c>AnonHugePages</c> of /proc/self/smaps_rollup).</summary>
    public static long AnonHugePagesKiB() =>
        long.Parse(
            File.ReadAllLines("/proc/self/smaps_rollup").First(l => l.StartsWith("AnonHugePages:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
}
