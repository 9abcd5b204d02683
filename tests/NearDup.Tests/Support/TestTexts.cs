using System;
using System.Linq;

namespace NearDup.Tests.Support;

/// <summary>English texts written for these tests (nothing copied from elsewhere), about 300 words each.</summary>
internal static class TestTexts
{
    /// <summary>Two hundred made-up content words (letters only, "babo", "bado", …), each once.</summary>
    /// <returns>The words.</returns>
    public static string[] MadeUpWords()
    {
        string[] onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
        string[] vowels = ["a", "e", "i", "o", "u"];
        return onsets.SelectMany(o => vowels.SelectMany(v => onsets.Select(c => o + v + c + "o"))).Take(200).ToArray();
    }

    /// <summary>About lighthouse keepers.</summary>
    public const string Lighthouse =
        "For most of the nineteenth century a lighthouse depended on the patience of the people who lived beside it. " +
        "Keepers trimmed wicks every few hours through the night, polished brass lenses until their fingers cracked, and " +
        "wrote the state of the weather into a logbook that inspectors read with suspicious care. A station on a remote " +
        "rock might see a supply boat once a month when the sea allowed it, so families learned to bake their own bread, " +
        "keep a few hens in a sheltered corner, and mend whatever broke with the tools they had carried out in spring.\n\n" +
        "The work was lonely but rarely idle. Fog demanded a bell or a horn that had to be sounded at fixed intervals, " +
        "sometimes for two days without pause, and a keeper who fell asleep could lose his post. Children were taught " +
        "to read by lamplight and to recognise passing ships by the shape of their rigging. Some stations kept small " +
        "libraries that travelled from one light to the next in wooden crates, so a keeper on a northern headland might " +
        "read the same battered novel as a stranger two hundred miles down the coast.\n\n" +
        "Electric lamps and automatic timers ended the profession slowly and then all at once. By the late twentieth " +
        "century most towers ran unattended, checked by engineers who arrived by helicopter and left before dark. The " +
        "cottages were sold as holiday homes or left to the gulls. Yet the logbooks survive in county archives, and " +
        "they read like diaries of a vanished trade: the price of lamp oil, the names of drowned sailors, a note that " +
        "the youngest daughter had finally learned to swim in the cold harbour below the rocks.";

    /// <summary>About sourdough baking: unrelated to <see cref="Lighthouse"/>.</summary>
    public const string Sourdough =
        "A sourdough starter is little more than flour and water left long enough for wild yeast and bacteria to settle " +
        "in, yet bakers speak about theirs as if it were a difficult pet. It must be fed on a schedule, kept warm but " +
        "not hot, and watched for the faint smell of acetone that means it has gone hungry. Some people name their " +
        "starters and hand portions to friends like cuttings from a garden plant.\n\n" +
        "The bread itself takes a day or more. Dough is mixed, rested, folded every half hour, shaped into a tight ball " +
        "and left to rise slowly in a cool kitchen or overnight in the refrigerator. The long fermentation develops " +
        "flavour and a chewy, open crumb, and it breaks down some of the compounds that make ordinary bread hard for a " +
        "few people to digest. A very hot oven and a heavy covered pot give the crust its blistered, glossy finish.\n\n" +
        "Beginners usually fail in the same ways. They use a starter before it is active, add too much water for flour " +
        "that cannot absorb it, or cut the loaf while it is still steaming and find the inside gummy. Experienced " +
        "bakers keep notes on room temperature, hydration and timing, because a recipe that works in a warm July " +
        "kitchen behaves quite differently in January. The reward for all this fuss is a loaf that keeps for days, " +
        "tastes faintly sour and nutty, and costs almost nothing beyond flour, salt, water and an unreasonable amount " +
        "of attention. Many bakers say the waiting teaches them more than the kneading ever could, and that the best " +
        "loaves arrive only after a season of flat, dense and disappointing ones that went to the ducks.";

    /// <summary>About urban beekeeping, one writer's view.</summary>
    public const string BeesOne =
        "Keeping bees on a city roof sounds odd until you notice how many flowers a town contains. Parks, railway " +
        "embankments, window boxes and neglected gardens bloom at different times, so urban hives often have food " +
        "from early spring until late autumn. A single colony can gather more honey in a leafy suburb than in a field " +
        "of wheat, where everything flowers for two weeks and then nothing at all.\n\n" +
        "Newcomers worry mostly about stings and neighbours. In practice a calm colony on a roof pays little attention " +
        "to people below, because the bees fly up and away to forage. Good beekeepers still warn the people next door, " +
        "place a water tray near the hive so the insects do not visit a paddling pool, and inspect regularly for signs " +
        "that the colony is preparing to swarm. A swarm hanging from a lamp post is harmless but alarming.\n\n" +
        "The harder problems are disease and crowding. Some districts now hold more hives than their flowers can " +
        "support, and wild bees lose out to the managed ones. Mites spread quickly between colonies that sit close " +
        "together. Several cities have begun to ask keepers to register their hives and to plant nectar rich shrubs " +
        "for every colony they add, which seems a fair trade for a jar of dark, floral honey.";

    /// <summary>About urban beekeeping, written separately from <see cref="BeesOne"/>: same topic, different text.</summary>
    public const string BeesTwo =
        "Honey from town hives tastes of lime trees, clover and whatever the council planted along the ring road. That " +
        "variety is one reason rooftop apiaries have multiplied: an urban colony rarely starves in summer, since some " +
        "street or allotment is always in flower. Restaurants and hotels like to advertise hives on their roofs, and " +
        "schools use observation boxes to show pupils how a queen is fed and guarded.\n\n" +
        "Ecologists are less enthusiastic than the marketing suggests. Honeybees are domestic animals, closer to " +
        "chickens than to wildlife, and a dense cluster of them competes with solitary bees and hoverflies for the same " +
        "limited blossom. Where hive numbers have grown fastest, surveys have found fewer wild pollinators and more " +
        "varroa mites, which travel from weak colonies to strong ones as bees rob each other.\n\n" +
        "None of this means a city should ban hives. It suggests that the flowers matter more than the boxes. Planting " +
        "wildflower verges, leaving some lawns uncut and choosing shrubs that bloom in the gaps of the season helps " +
        "every insect, kept or wild. A beekeeper who adds a hive without adding forage is borrowing food from " +
        "neighbours who never agreed to lend it, and the neighbours here are mostly small, quiet and unpaid.";

    /// <summary>The words of <paramref name="text"/> (split on white space).</summary>
    public static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A contiguous run of whole words covering <paramref name="share"/> of the text, starting at word <paramref name="fromShare"/>.</summary>
    public static string Excerpt(string text, double fromShare, double share)
    {
        string[] words = Words(text);
        int start = (int)(words.Length * fromShare);
        int count = (int)(words.Length * share);
        return string.Join(' ', words.Skip(start).Take(count));
    }

    /// <summary><paramref name="text"/> with every third word of six letters or more split in two at its middle, as a
    /// mail's soft line breaks split them: every word kept, but few word 5-grams (a near-duplicate the word LSH, tuned
    /// for a Jaccard of 0.5, does not propose; about 0.28 for the flood report of <c>SpinTexts</c>).</summary>
    /// <param name="text">The text, its words separated by single spaces.</param>
    /// <returns>The text with the words split.</returns>
    public static string SplitEveryThirdLongWord(string text) =>
        string.Join(' ', text.Split(' ').Select((w, i) => i % 3 == 2 && w.Length >= 6 ? w[..(w.Length / 2)] + " " + w[(w.Length / 2)..] : w));

    /// <summary>The text with the word at each given word index replaced by another word.</summary>
    public static string ReplaceWords(string text, params int[] indices)
    {
        string[] words = Words(text);
        foreach (int i in indices)
        {
            words[i] = "zebra" + i;
        }

        return string.Join(' ', words);
    }

    /// <summary><paramref name="host"/> with <paramref name="passage"/> inserted at its middle word.</summary>
    public static string Embed(string host, string passage)
    {
        string[] words = Words(host);
        int middle = words.Length / 2;
        return string.Join(' ', words.Take(middle)) + " " + passage + " " + string.Join(' ', words.Skip(middle));
    }
}
