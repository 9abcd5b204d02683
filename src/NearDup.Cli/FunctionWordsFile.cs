using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Text;

namespace NearDup.Cli;

/// <summary>The <c>--function-words FILE</c> option of <c>scan</c>, <c>explain</c> and <c>index create</c>: the closed-class
/// words of the documents' language, which make the spin skeleton (default English).</summary>
internal static class FunctionWordsFile
{
    /// <summary>A new instance of the option (System.CommandLine options belong to one command).</summary>
    /// <returns>The option.</returns>
    public static Option<FileInfo?> Option() => new("--function-words")
    {
        Description = "UTF-8 file listing the documents' function words (articles, pronouns, prepositions...), separated by spaces or lines, in any case. Default: English. Spin detection depends on it.",
    };

    /// <summary>Reads the words named by the option, or the default (null) when the option is absent.</summary>
    /// <param name="file">The option's value.</param>
    /// <param name="verb">The command, for messages.</param>
    /// <param name="stderr">Where problems are reported.</param>
    /// <param name="words">Receives the words; null for the default.</param>
    /// <returns>False (after a message naming the file and the problem) when the file is missing, unreadable, not UTF-8 or holds no word.</returns>
    public static bool TryRead(FileInfo? file, string verb, TextWriter stderr, out FunctionWords? words)
    {
        words = null;
        if (file is null)
        {
            return true;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(File.ReadAllBytes(file.FullName));
        }
        catch (DecoderFallbackException e)
        {
            stderr.WriteLine($"neardup {verb}: --function-words {file.FullName}: not valid UTF-8 (invalid byte at offset {e.Index})");
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"neardup {verb}: --function-words {file.FullName}: unreadable: {e.Message}");
            return false;
        }

        words = FunctionWords.FromText(text);
        if (words.Count == 0)
        {
            stderr.WriteLine($"neardup {verb}: --function-words {file.FullName}: holds no words");
            words = null;
            return false;
        }

        return true;
    }

    /// <summary>A new <c>--no-learning</c> option (<c>scan</c>, <c>dedup</c>, <c>explain</c>): analyse with the built-in
    /// English function words alone, learning none from the input.</summary>
    /// <returns>The option.</returns>
    public static Option<bool> NoLearningOption() => new("--no-learning")
    {
        Description = "Do not learn function words from the input: use the built-in English ones alone. Without this or --function-words, the words that most documents the English list does not cover use most often (another language's articles and prepositions) are learned from the input and used with the English ones.",
    };

    /// <summary>Says on stderr which function words were learned from the input, if any.</summary>
    /// <param name="learning">What was learned, or null when nothing was to be learned.</param>
    /// <param name="verb">The command, for the line's start.</param>
    /// <param name="stderr">Where to write.</param>
    /// <param name="englishKnown">Whether the known function words were the built-in English ones (else a list given
    /// with <c>--function-words</c>).</param>
    public static void ReportLearned(FunctionWordLearning? learning, string verb, TextWriter stderr, bool englishKnown = true)
    {
        if (learning is null || learning.Words.Count == 0)
        {
            return;
        }

        const int Shown = 12;
        string words = string.Join(", ", learning.Words.Take(Shown)) + (learning.Words.Count > Shown ? ", ..." : string.Empty);
        stderr.WriteLine($"neardup {verb}: learned {learning.Words.Count} function words from {learning.Teaching:N0} documents in another language than {(englishKnown ? "the English ones" : "those given")} ({words}); they count in those documents only.");
    }
}
