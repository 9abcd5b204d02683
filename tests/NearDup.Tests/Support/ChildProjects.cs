using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>
/// The console projects under tests/ that tests start as child processes (NearDup.CrashWriter, NearDup.VectorCheck).
/// The test project references each with ReferenceOutputAssembly="false", so they are built first, to the same
/// configuration and framework folder of their own project.
/// </summary>
internal static class ChildProjects
{
    /// <summary>The built assembly of tests/<paramref name="project"/>, beside the test assembly's own relative folder.</summary>
    public static string Dll(string project)
    {
        // The test assembly sits in tests/NearDup.Tests/<bin/Config/tfm>; the child is in the same relative folder of
        // tests/<project>.
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        DirectoryInfo? root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NearDup.sln")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, $"no NearDup.sln above {testDirectory.FullName}");
        string relative = Path.GetRelativePath(Path.Combine(root!.FullName, "tests", "NearDup.Tests"), testDirectory.FullName);
        string dll = Path.Combine(root.FullName, "tests", project, relative, project + ".dll");
        Assert.That(File.Exists(dll), Is.True, $"{project} not built at {dll}");
        return dll;
    }

    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/> on the host that runs the tests, output redirected.</summary>
    public static ProcessStartInfo Start(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
