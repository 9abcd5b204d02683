using System.Collections.Generic;

namespace NearDup.Detection;

/// <summary>A passage that recurs across a collection: a footer, a signature, a licence, a template's frame, a notice.</summary>
/// <param name="Text">The passage as the first document holding it writes it.</param>
/// <param name="Documents">How many documents hold it.</param>
/// <param name="Tokens">Its length in words (content tokens) in that first document.</param>
/// <param name="ExampleIds">Ids of documents holding it, in collection order, at most <see cref="NearDupIndex.MaxRecurringExamples"/>.</param>
/// <remarks>What <see cref="NearDupIndex.FindRecurringPassages(int, int)"/> reports, so that a user can see and strip the text the
/// verdicts weigh down (a pair that shares only such text is not a copy). Thread safety: immutable.</remarks>
public sealed record RecurringPassage(string Text, int Documents, int Tokens, IReadOnlyList<string> ExampleIds);
