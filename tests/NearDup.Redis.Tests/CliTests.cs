using System;
using System.IO;
using NearDup.Redis.Tests.Support;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary><c>neardup index …</c> with a <c>redis://</c> PATH, through <see cref="Cli.Program.Run"/>, against one
/// in-process Garnet node.</summary>
[TestFixture]
public class CliTests
{
    private GarnetNodes _nodes = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _nodes = GarnetNodes.Single();
        _folder = Path.Combine(Path.GetTempPath(), "neardup-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "originals"));
        File.WriteAllText(Path.Combine(_folder, "originals", "boats.txt"), "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.");
        File.WriteAllText(Path.Combine(_folder, "originals", "store.txt"), "Quarterly revenue at the cooperative grew by a tenth as the new cold store let members sell their catch in the winter months.");
        File.WriteAllText(Path.Combine(_folder, "suspect.txt"), "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.");
        File.WriteAllText(Path.Combine(_folder, "password"), "not-needed-by-this-server\n");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _nodes.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Test]
    public void Index_verbs_work_on_a_redis_location()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli";
        var create = Run("index", "create", uri, "--planned-documents", "100");
        var add = Run("index", "add", uri, Path.Combine(_folder, "originals"));
        var query = Run("index", "query", uri, Path.Combine(_folder, "suspect.txt"));
        var remove = Run("index", "remove", uri, "store.txt");
        var info = Run("index", "info", uri);
        var verify = Run("index", "verify", uri);
        var compact = Run("index", "compact", uri);
        var again = Run("index", "create", uri);
        Assert.Multiple(() =>
        {
            Assert.That(create, Is.EqualTo((0, $"created index at {uri} ({Detection.IndexOptions.Default.Analysis.MinHash})" + Environment.NewLine, "")));
            Assert.That(add.Code, Is.EqualTo(0), add.Err);
            Assert.That(query.Code, Is.EqualTo(0), query.Err);
            Assert.That(query.Out, Does.Contain("boats.txt").And.Contain("exact"));
            Assert.That(remove.Code, Is.EqualTo(0), remove.Err);
            Assert.That(info.Out, Does.Contain($"location:         {uri}").And.Contain("documents:        1"));
            Assert.That(verify.Out, Does.Contain("ok:"));
            Assert.That(compact.Code, Is.EqualTo(0), compact.Err);
            Assert.That(again.Code, Is.EqualTo(1));
            Assert.That(again.Err, Does.Contain("already holds an index"));
        });
    }

    [Test]
    public void Password_is_read_from_its_file_and_never_printed()
    {
        // Garnet here asks for no password and ignores AUTH's absence; what matters is that the text never shows.
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-secret";
        var create = Run("index", "create", uri, "--password-file", Path.Combine(_folder, "password"));
        var info = Run("index", "info", uri, "--password-file", Path.Combine(_folder, "password"));
        Assert.That(create.Out + create.Err + info.Out + info.Err, Does.Not.Contain("not-needed-by-this-server"));
    }

    [Test]
    public void Repair_refuses_a_redis_location()
    {
        var repair = Run("index", "repair", $"redis://{_nodes.Endpoints[0]}/cli");
        Assert.That(repair.Err, Does.Contain("no files to repair"));
    }
}
