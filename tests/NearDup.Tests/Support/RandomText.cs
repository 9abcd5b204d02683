using System;
using System.Text;

namespace NearDup.Tests.Support;

/// <summary>Seeded texts of made-up words: as many distinct texts as a test needs, none a copy of another (two texts of
/// 80 words from a vocabulary of thousands share hardly a 5-word run), each the same on every machine.</summary>
internal static class RandomText
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "pri", "na", "gor", "le", "bu", "tis", "on", "fa", "ze", "cha", "mur", "ti"];

    /// <summary><paramref name="words"/> made-up words of two to four syllables, separated by spaces, with a full stop
    /// every twelve words.</summary>
    public static string Of(Random random, int words = 80)
    {
        var text = new StringBuilder();
        for (int w = 0; w < words; w++)
        {
            if (w > 0)
            {
                text.Append(w % 12 == 0 ? ". " : " ");
            }

            for (int s = random.Next(2, 5); s > 0; s--)
            {
                text.Append(Syllables[random.Next(Syllables.Length)]);
            }
        }

        return text.Append('.').ToString();
    }
}
