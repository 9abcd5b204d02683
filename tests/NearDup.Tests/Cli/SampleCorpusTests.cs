using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>The first command of the README, <c>neardup scan samples/</c>, flags exactly the pairs
/// <c>samples/corpus/LABELS.md</c> lists, each of its kind, and nothing else: not the two other stories of the same
/// flood, nor the roundup's own items.</summary>
public class SampleCorpusTests
{
    [Test]
    public void Scan_TheBundledSamples_FlagsExactlyTheLabelledPairs()
    {
        string samples = Path.Combine(SharedData.RequireRepoRoot(), "samples");
        (int exit, string output, _) = CliRun.Run("scan", samples, "--format", "jsonl", "-q");
        var flags = CliRun.Lines(output).Select(l => JsonNode.Parse(l)!).Select(v => ((string)v["a"]!, (string)v["b"]!, (string)v["kind"]!));
        Assert.That((exit, flags), Is.EqualTo((0, new[]
        {
            ("corpus/copies/mirror-site/flood-response.txt", "corpus/originals/flood-response.txt", "exact"),
            ("corpus/copies/council-budget-edited.txt", "corpus/originals/council-budget.txt", "near-duplicate"),
            ("corpus/copies/zh-library-opening-edited.txt", "corpus/originals/zh-library-opening.txt", "near-duplicate"),
            ("corpus/copies/quillfeather-tech/sodium-battery-breakthrough.txt", "corpus/originals/battery-study.txt", "contained"),
            ("corpus/copies/content-farm/garden-column-with-transfer-excerpt.txt", "corpus/originals/striker-transfer.txt", "contained"),
            ("corpus/copies/content-farm/flood-response-spun.txt", "corpus/copies/mirror-site/flood-response.txt", "spun"),
            ("corpus/copies/content-farm/flood-response-spun.txt", "corpus/originals/flood-response.txt", "spun"),
            ("corpus/copies/content-farm/city-roundup-with-rewritten-budget-story.txt", "corpus/copies/council-budget-edited.txt", "spun"),
            ("corpus/copies/content-farm/city-roundup-with-rewritten-budget-story.txt", "corpus/originals/council-budget.txt", "spun"),
        })));
    }
}
