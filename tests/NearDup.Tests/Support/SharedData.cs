using System;
using System.IO;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>Finds the team's shared folder (corpora, labels), which lives beside the repository, not in it.</summary>
internal static class SharedData
{
    /// <summary>The repository root: the nearest folder above the test binaries holding NearDup.sln.</summary>
    public static string? RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NearDup.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    /// <summary>The repository root (see <see cref="RepoRoot"/>); throws when the tests do not run from a checkout.</summary>
    /// <returns>The root.</returns>
    /// <exception cref="InvalidOperationException">No folder above the test binaries holds NearDup.sln.</exception>
    public static string RequireRepoRoot() =>
        RepoRoot() ?? throw new InvalidOperationException("NearDup.sln not found above the test directory.");

    /// <summary>The path of <paramref name="relative"/> under ../shared, or Assert.Ignore when it is not there.</summary>
    public static string RequirePath(string relative)
    {
        string? root = RepoRoot();
        if (root is null)
        {
            Assert.Ignore("NearDup.sln not found above the test directory, so ../shared cannot be located.");
        }

        string path = Path.GetFullPath(Path.Combine(root!, "..", "shared", relative));
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            Assert.Ignore($"shared data not present: {path}");
        }

        return path;
    }
}
