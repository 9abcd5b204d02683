using System.IO;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>Flushing a folder's entries after a rename: works on a folder, names the folder when it cannot.</summary>
public class DirectorySyncTests : StoreTestBase
{
    [Test]
    public void Flush_AFolderAfterARename_Succeeds()
    {
        string from = Path.Combine(Directory, "a.tmp"), to = Path.Combine(Directory, "a");
        File.WriteAllText(from, "x");
        File.Move(from, to);
        Assert.That(() => DirectorySync.Flush(Directory), Throws.Nothing);
    }

    [Test]
    public void Flush_AFolderThatDoesNotExist_ThrowsNamingIt()
    {
        Assume.That(System.OperatingSystem.IsLinux() || System.OperatingSystem.IsMacOS(), "folders are flushed on POSIX systems only");
        string missing = Path.Combine(Directory, "missing");
        Assert.That(() => DirectorySync.Flush(missing), Throws.TypeOf<IOException>().With.Message.StartsWith($"{missing}: cannot open the folder to flush its entries to disk (errno "));
    }
}
