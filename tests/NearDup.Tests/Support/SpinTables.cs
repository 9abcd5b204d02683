using System.Collections.Generic;

namespace NearDup.Tests.Support;

/// <summary>
/// Substitution tables written for these tests (chosen by hand, no thesaurus): what the <see cref="Spinner"/> may
/// replace a word with. Some replacements are phrases and many change the word's length, as commercial spinners do.
/// </summary>
internal static class SpinTables
{
    /// <summary>Content words (nouns, verbs, adjectives, adverbs) of <see cref="SpinTexts"/> and their replacements.</summary>
    public static readonly IReadOnlyDictionary<string, string> Content = new Dictionary<string, string>
    {
        // Harbour
        ["boats"] = "vessels", ["said"] = "stated", ["old"] = "ancient", ["harbour"] = "port", ["fishing"] = "angling",
        ["town"] = "settlement", ["built"] = "constructed", ["small"] = "tiny", ["families"] = "households",
        ["people"] = "individuals", ["evening"] = "dusk", ["wall"] = "barrier", ["came"] = "arrived", ["sea"] = "ocean",
        ["names"] = "titles", ["water"] = "liquid", ["road"] = "highway", ["help"] = "give assistance to",
        ["shelter"] = "shield", ["winter"] = "wintertime", ["storms"] = "tempests", ["centuries"] = "hundreds of years",
        ["lived"] = "resided", ["quay"] = "dock", ["depended"] = "relied", ["catch"] = "haul", ["good"] = "decent",
        ["season"] = "period", ["feed"] = "nourish", ["house"] = "dwelling", ["whole"] = "entire", ["morning"] = "daybreak",
        ["left"] = "departed", ["dawn"] = "sunrise", ["women"] = "ladies", ["waited"] = "lingered", ["stone"] = "rock",
        ["count"] = "tally", ["home"] = "one's abode", ["work"] = "labour", ["hard"] = "arduous", ["dangerous"] = "perilous",
        ["sudden"] = "abrupt", ["weather"] = "climate conditions", ["turn"] = "transform", ["calm"] = "tranquil",
        ["wild"] = "untamed", ["hour"] = "sixty minutes", ["young"] = "youthful", ["men"] = "males",
        ["returned"] = "came back", ["chapel"] = "little church", ["carved"] = "engraved", ["wooden"] = "timber",
        ["board"] = "plank", ["visitors"] = "guests", ["read"] = "peruse", ["new"] = "fresh", ["reached"] = "arrived at",
        ["tourists"] = "holidaymakers", ["shops"] = "stores", ["large"] = "big", ["trade"] = "commerce",
        ["failing"] = "declining", ["destroy"] = "ruin", ["quiet"] = "peaceful", ["life"] = "existence",
        ["special"] = "distinctive", ["partly"] = "partially", ["fleet"] = "flotilla", ["shrank"] = "dwindled",
        ["money"] = "cash", ["jobs"] = "employment", ["provide"] = "supply", ["busy"] = "bustling", ["mostly"] = "largely",
        ["museum"] = "heritage centre", ["story"] = "tale", ["children"] = "kids", ["beach"] = "shore",
        ["spring"] = "springtime", ["miss"] = "long for", ["cold"] = "chilly", ["sound"] = "noise", ["walks"] = "strolls",
        ["mother"] = "mum", ["lights"] = "lamps",

        // Orchard
        ["tree"] = "sapling", ["trees"] = "saplings", ["farms"] = "holdings", ["fruit"] = "produce", ["apples"] = "pomes",
        ["crop"] = "yield", ["grower"] = "cultivator", ["growers"] = "farmers", ["valley"] = "vale",
        ["orchard"] = "fruit garden", ["barn"] = "shed", ["cut"] = "incision", ["light"] = "illumination",
        ["blossom"] = "bloom", ["keep"] = "retain", ["harvest"] = "reaping", ["meal"] = "feast", ["slow"] = "sluggish",
        ["business"] = "enterprise", ["patience"] = "perseverance", ["strength"] = "power", ["produce"] = "create",
        ["useful"] = "helpful", ["prune"] = "trim", ["protect"] = "safeguard", ["insects"] = "bugs",
        ["disease"] = "illness", ["cider"] = "apple wine", ["stored"] = "warehoused", ["important"] = "significant",
        ["happens"] = "occurs", ["months"] = "moons", ["bare"] = "naked", ["shape"] = "form", ["branch"] = "limb",
        ["decide"] = "determine", ["remove"] = "eliminate", ["wound"] = "injury", ["rot"] = "decay",
        ["experienced"] = "seasoned", ["throw"] = "toss", ["middle"] = "centre", ["spray"] = "mist",
        ["freezes"] = "ices over", ["releases"] = "gives off", ["heat"] = "warmth", ["hives"] = "colonies",
        ["weight"] = "heaviness", ["bruised"] = "damaged", ["neighbours"] = "nearby residents", ["gathered"] = "assembled",
        ["ended"] = "concluded", ["commercial"] = "industrial", ["workers"] = "labourers", ["friends"] = "companions",
        ["villages"] = "hamlets",
    };

    /// <summary>Function words a careless spinner also swaps, and what it puts in their place.</summary>
    public static readonly IReadOnlyDictionary<string, string> Function = new Dictionary<string, string>
    {
        ["about"] = "regarding", ["above"] = "over", ["before"] = "prior to", ["because"] = "since",
        ["often"] = "frequently", ["still"] = "yet", ["each"] = "every", ["every"] = "each", ["many"] = "numerous",
        ["which"] = "that", ["into"] = "in", ["though"] = "although", ["some"] = "certain", ["when"] = "once",
        ["with"] = "alongside", ["within"] = "inside", ["never"] = "not ever", ["already"] = "previously",
        ["along"] = "beside", ["again"] = "once more", ["but"] = "yet", ["and"] = "plus", ["under"] = "beneath",
        ["during"] = "throughout", ["through"] = "via", ["between"] = "amid", ["without"] = "lacking",
    };
}
