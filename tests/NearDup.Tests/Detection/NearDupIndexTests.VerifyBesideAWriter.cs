using System.Collections.Generic;
using System.IO;
using NearDup.Detection;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary><c>VerifyFiles</c> runs beside a writer: a problem seen while the files changed under it is looked for again;
/// one seen in files that did not change is damage, reported at once.</summary>
public partial class NearDupIndexTests
{
    [Test]
    public void VerifyFiles_AProblemSeenWhileTheLogChanged_IsLookedForAgainAndGoneWhenTheFilesAreSound()
    {
        using (Filled(NearDupIndex.Create(Directory)))
        {
        }

        int passes = 0;
        IReadOnlyList<string> problems = NearDupIndex.VerifyFiles(Directory, directory =>
        {
            passes++;
            if (passes > 1)
            {
                return [];
            }

            // As a commit landing mid-read does: the log grows, and this pass saw half a batch.
            File.AppendAllText(Path.Combine(directory, "wal.ndlog"), string.Empty);
            File.SetLastWriteTimeUtc(Path.Combine(directory, "wal.ndlog"), System.DateTime.UtcNow.AddMinutes(1));
            return ["wal.ndlog: an incomplete batch at its end"];
        });
        Assert.That((passes, problems), Is.EqualTo((2, (IReadOnlyList<string>)[])));
    }

    [Test]
    public void VerifyFiles_AProblemSeenInFilesThatDidNotChange_IsReportedAtOnce()
    {
        using (Filled(NearDupIndex.Create(Directory)))
        {
        }

        int passes = 0;
        IReadOnlyList<string> problems = NearDupIndex.VerifyFiles(Directory, _ =>
        {
            passes++;
            return ["snapshot.ndup: a checksum does not match"];
        });
        Assert.That((passes, problems), Is.EqualTo((1, new[] { "snapshot.ndup: a checksum does not match" })));
    }
}
