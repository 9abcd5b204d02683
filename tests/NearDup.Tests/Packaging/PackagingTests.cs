using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: both are packed (with symbols) into a local feed, the tool is installed from it
/// and scans the bundled samples, and a small consumer project builds and runs against the <c>NearDup</c> package.
/// Each run packs a version of its own, so NuGet's cache never hands back an older build.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public class PackagingTests
{
    private string _root = string.Empty;
    private string _version = string.Empty;

    /// <summary>The repository root, found above the test binaries: a CI build maps source paths to <c>/_/</c>, so the
    /// compiled-in path of this file does not lead back to the checkout.</summary>
    private static string RepositoryRoot() => SharedData.RequireRepoRoot();

    private string Feed => Path.Combine(_root, "feed");

    [OneTimeSetUp]
    public void Pack()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-pack-" + Guid.NewGuid().ToString("N"));
        _version = "0.0.0-test." + Guid.NewGuid().ToString("N")[..12];
        foreach (string project in new[] { "src/NearDup", "src/NearDup.Cli" })
        {
            Dotnet(RepositoryRoot(), "pack", Path.Combine(RepositoryRoot(), project), "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(_root, "artifacts"), $"-p:Version={_version}");
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "neardup", "neardup.cli" })
        {
            string packed = Path.Combine(cache, id, _version);
            if (Directory.Exists(packed))
            {
                Directory.Delete(packed, recursive: true);
            }
        }
    }

    /// <summary>Runs dotnet; fails the test with its output unless it exits 0.</summary>
    private static string Dotnet(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, $"dotnet {string.Join(' ', args)} finished");
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(' ', args)}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    [Test]
    public void Both_packages_carry_the_licence_a_readme_and_a_symbols_package()
    {
        string[] expected = [$"NearDup.{_version}.nupkg", $"NearDup.{_version}.snupkg", $"NearDup.Cli.{_version}.nupkg", $"NearDup.Cli.{_version}.snupkg"];
        Assert.That(Directory.GetFiles(Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(expected.Order(StringComparer.Ordinal)));
        foreach (string id in new[] { "NearDup", "NearDup.Cli" })
        {
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(Feed, $"{id}.{_version}.nupkg"));
            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            string text = nuspec.ReadToEnd();
            Assert.That(
                (text.Contains("<license type=\"expression\">MIT</license>", StringComparison.Ordinal), text.Contains("<readme>README.md</readme>", StringComparison.Ordinal), package.GetEntry("README.md") is not null),
                Is.EqualTo((true, true, true)),
                id);
        }
    }

    [Test]
    public void The_tool_installs_from_the_feed_and_scans_the_samples()
    {
        string tools = Path.Combine(_root, "tools");
        Dotnet(_root, "tool", "install", "NearDup.Cli", "--tool-path", tools, "--add-source", Feed, "--version", _version);
        string output = Dotnet(_root, Path.Combine(tools, ".store", "neardup.cli", _version, "neardup.cli", _version, "tools", "net10.0", "any", "neardup.dll"), "scan", Path.Combine(RepositoryRoot(), "samples"), "--format", "jsonl", "-q");
        Assert.That(output, Does.Contain("\"a\":\"corpus/copies/mirror-site/flood-response.txt\",\"b\":\"corpus/originals/flood-response.txt\",\"kind\":\"exact\""));
    }

    [Test]
    public void A_consumer_project_builds_and_runs_against_the_library_package()
    {
        string consumer = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><add key=\"local-feed\" value=\"{Feed}\" /></packageSources></configuration>\n");
        File.WriteAllText(Path.Combine(consumer, "consumer.csproj"), $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup><PackageReference Include=\"NearDup\" Version=\"{_version}\" /></ItemGroup></Project>\n");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using System.Linq;
            using NearDup.Detection;
            using NearDup.Verification;

            string text = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"word{i % 37} item{i}"));
            using NearDupIndex index = NearDupIndex.CreateInMemory();
            index.AddBatch([("original", text)]);
            foreach (PairVerdict v in index.Query(text.ToUpperInvariant(), "copy"))
            {
                System.Console.WriteLine($"{v.Kind.ToName()} {v.A} {v.B}");
            }
            """);

        // The consumer lives outside the repository, so neither Directory.Build.props nor Directory.Packages.props applies.
        Assert.That(Dotnet(consumer, "run", "-c", "Release").Trim(), Is.EqualTo("exact original copy"));
    }
}
