using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace NearDup.Text;

/// <summary>Closed-class words (articles, pronouns, prepositions, conjunctions, auxiliaries) by token hash.</summary>
/// <remarks>
/// <para>
/// Article spinners replace open-class words (nouns, verbs, adjectives) and leave most function words alone, because a
/// synonym for "the" or "of" does not exist and swapping "which" or "has" breaks grammar. Function words therefore carry
/// the shape of a text through spinning (Theobald et al., SpotSigs, SIGIR 2008, anchor their signatures on them; Zhang
/// et al., DSpin, NDSS 2014, call such words immutables). The lists are per language and contain no synonyms: NearDup
/// depends on no thesaurus.
/// </para>
/// <para>Thread safety: immutable, safe for concurrent use.</para>
/// </remarks>
public sealed class FunctionWords
{
    private const string EnglishWords =
        "a about above across after against along although am among an and another any anybody anyone anything are " +
        "around as at be because been before behind being below beneath beside besides between beyond both but by " +
        "can cannot could did do does doing down during each either every everybody everyone everything few for " +
        "from further had has have having he her here hers herself him himself his how however i if in inside into is " +
        "it its itself just least less many may me might more most much must my myself neither no nobody none nor not " +
        "nothing now of off on once one only onto or other others otherwise our ours ourselves out outside over own per " +
        "rather same several shall she should since so some somebody someone something such than that the their theirs " +
        "them themselves then there therefore these they this those though through throughout thus till to too toward " +
        "towards under underneath unless until up upon us very via was we were what whatever when whenever where " +
        "whereas wherever whether which while who whoever whom whose why will with within without would yet you your " +
        "yours yourself yourselves also already still even ever never again always often quite almost instead " +
        "don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't " +
        "it's that's there's he's she's i'm you're we're they're i've you've we've they've i'd you'd he'd she'd we'd " +
        "they'd i'll you'll he'll she'll we'll they'll let's";

    private readonly FrozenSet<ulong> _hashes;

    /// <summary>Creates a set from words given in normalised form (lower case).</summary>
    /// <param name="words">The words.</param>
    /// <exception cref="ArgumentException">A word is empty.</exception>
    public FunctionWords(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var hashes = new HashSet<ulong>();
        foreach (string w in words)
        {
            if (string.IsNullOrEmpty(w))
            {
                throw new ArgumentException("a function word is empty.", nameof(words));
            }

            hashes.Add(Tokenizer.HashNormalized(w));
        }

        _hashes = hashes.ToFrozenSet();
        Count = hashes.Count;
    }

    /// <summary>English function words.</summary>
    public static FunctionWords English { get; } = new(EnglishWords.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Number of words.</summary>
    public int Count { get; }

    /// <summary>Whether the token with this hash is a function word.</summary>
    /// <param name="tokenHash">A <see cref="Token.Hash"/>.</param>
    /// <returns>True for a function word.</returns>
    public bool Contains(ulong tokenHash) => _hashes.Contains(tokenHash);
}
