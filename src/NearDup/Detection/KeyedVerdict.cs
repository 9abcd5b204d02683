using System.Collections.Generic;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>A verdict of a query with the candidate index's key of its indexed document (the verdict's A): what a
/// backend needs to tell one indexed document from another when it decides an add-unless-copy.</summary>
/// <param name="Verdict">The verdict, the indexed document as A.</param>
/// <param name="Key">The indexed document's key (see <see cref="CandidateDocument.Key"/>).</param>
/// <remarks>Thread safety: immutable.</remarks>
internal readonly record struct KeyedVerdict(PairVerdict Verdict, long Key)
{
    /// <summary>The verdicts of keyed verdicts, in order.</summary>
    /// <param name="keyed">The keyed verdicts.</param>
    /// <returns>Their verdicts.</returns>
    public static PairVerdict[] Verdicts(IReadOnlyList<KeyedVerdict> keyed)
    {
        var verdicts = new PairVerdict[keyed.Count];
        for (int i = 0; i < verdicts.Length; i++)
        {
            verdicts[i] = keyed[i].Verdict;
        }

        return verdicts;
    }
}
