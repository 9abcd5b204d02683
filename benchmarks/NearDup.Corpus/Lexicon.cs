using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace NearDup.Benchmarks.Corpus;

/// <summary>
/// The word lists the generator works with: stopwords it never touches, a hand-written spinning table, and the
/// pieces it builds invented names and site boilerplate from. All written for this project.
/// </summary>
internal static class Lexicon
{
    /// <summary>Function words (and their contractions): kept as they are by mutation and spinning alike.</summary>
    public static readonly FrozenSet<string> Stopwords = FrozenSet.ToFrozenSet(
        """
        a about above after again against all almost also am among an and another any anyone are around as at be
        because been before being below between both but by can can't could couldn't did didn't do does doesn't doing
        don't down during each either else even ever every few for from further had hadn't has hasn't have haven't
        having he he'd he'll he's her here here's hers herself him himself his how i i'd i'll i'm i've if in into is
        isn't it it's its itself just let's many may me might more most much must mustn't my myself neither no nor
        not now of off on once one only or other ought our ours ourselves out over own perhaps quite rather same
        several she she'd she'll she's should shouldn't since so some still such than that that's the their theirs
        them themselves then there there's these they they'd they'll they're they've this those though through to
        too towards under until up upon us very was wasn't we we'd we'll we're we've were weren't what what's when
        where which while who whom whose why will with within without won't would wouldn't yet you you'd you'll
        you're you've your yours yourself said says told
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    /// <summary>
    /// Word → replacement pairs for spun copies, chosen for the vocabulary of the seed articles. Spinning looks words up
    /// in both directions, so each pair gives two entries. The replacements are deliberately the clumsy near-synonyms
    /// article spinners produce, not careful paraphrase.
    /// </summary>
    private static readonly string[] SpinPairs =
    [
        "years=annums", "local=nearby", "water=aqua", "school=academy", "city=metropolis", "new=fresh", "first=initial",
        "work=labour", "town=township", "project=undertaking", "evening=nightfall", "before=prior", "year=twelvemonth",
        "residents=inhabitants", "next=following", "early=premature", "day=daytime", "regional=provincial",
        "part=portion", "open=unlocked", "near=close", "morning=forenoon", "long=lengthy", "line=route",
        "library=archive", "late=belated", "expect=anticipate", "council=assembly", "cost=expense", "bridge=overpass",
        "ago=previously", "time=period", "record=tally", "power=energy", "people=folks", "panels=boards",
        "museum=gallery", "last=final", "hours=spans", "hour=spell", "hospital=clinic", "company=firm",
        "coins=specie", "centre=hub", "books=volumes", "already=previously", "afternoon=midday", "week=sennight",
        "valley=vale", "union=guild", "transport=transit", "took=grabbed", "staff=personnel", "schools=academies",
        "running=operating", "pupils=students", "plan=scheme", "officials=functionaries", "money=funds",
        "homes=dwellings", "held=organised", "group=band", "found=discovered", "expected=anticipated",
        "electricity=current", "earlier=sooner", "days=daytimes", "damaged=harmed", "county=shire",
        "closure=shutdown", "closed=shut", "close=shut down", "children=kids", "century=centenary", "asked=queried",
        "area=zone", "according=as per", "workers=labourers", "won=triumphed", "winter=wintertime", "wind=breeze",
        "win=triumph", "village=hamlet", "victory=triumph", "used=utilised", "use=utilise", "tram=streetcar",
        "teacher=educator", "take=grab", "supported=backed", "summer=summertime", "storm=tempest",
        "station=depot", "started=commenced", "spokesman=representative", "small=little", "shortly=briefly",
        "shelves=racks", "service=provision", "see=observe", "runners=joggers", "route=path", "roughly=approximately",
        "roof=rooftop", "road=street", "remained=stayed", "remain=stay", "raised=elevated", "public=communal",
        "previous=prior", "plant=facility", "owners=proprietors", "opening=launch", "number=quantity",
        "noted=remarked", "meeting=gathering", "mayor=burgomaster", "lost=misplaced", "less=fewer", "leave=depart",
        "largest=biggest", "knew=understood", "journeys=trips", "jobs=positions", "houses=residences",
        "hoped=wished", "hall=auditorium", "growers=cultivators", "grant=award", "government=administration",
        "game=match", "full=complete", "ferry=boat", "federation=association", "estimated=reckoned",
        "emergency=crisis", "district=quarter", "display=exhibit", "delays=holdups", "cut=slashed", "crew=team",
        "course=track", "collection=assortment", "channel=conduit", "champion=titleholder", "businesses=enterprises",
        "building=edifice", "began=commenced", "become=turned into", "autumn=fall", "announced=declared",
        "young=youthful", "working=functioning", "worked=laboured", "whole=entire", "weekend=week's end",
        "watch=observe", "wanted=desired", "volunteers=helpers", "vessel=craft", "trial=experiment",
        "trees=timber", "treated=handled", "trade=commerce", "title=crown", "thought=believed", "thieves=robbers",
        "temporary=provisional", "technology=tech", "support=backing", "supplies=provisions", "study=examination",
        "strong=powerful", "stolen=pilfered", "start=begin", "spring=springtime", "spent=expended",
        "smaller=tinier", "site=location", "single=lone", "signs=placards", "security=safety", "return=come back",
        "reported=announced", "report=account", "repair=fix", "recover=bounce back", "rain=rainfall",
        "race=contest", "quietly=silently", "promised=vowed", "produce=generate", "pressure=strain",
        "popular=well-liked", "police=constabulary", "plans=schemes", "place=spot", "photographs=pictures",
        "passengers=travellers", "parents=guardians", "owner=proprietor", "organised=arranged",
        "operation=procedure", "official=formal", "night=nighttime", "news=tidings", "market=marketplace",
        "main=principal", "made=crafted", "lower=reduced", "leading=heading", "keep=retain", "island=isle",
        "households=families", "home=abode", "help=assist", "heavy=weighty", "health=wellbeing", "handed=passed",
        "groups=clusters", "fund=kitty", "fruit=produce", "frost=rime", "food=nourishment", "firm=business",
        "fire=blaze", "figure=amount", "field=meadow", "faster=quicker", "factory=works", "equipment=gear",
        "engineers=technicians", "energy=vigour", "elderly=aged", "damaging=harmful", "customers=clients",
        "crops=harvests", "cover=blanket", "country=nation", "complained=grumbled", "confirmed=verified",
        "community=neighbourhood", "coach=trainer", "check=verify", "cause=reason", "carry=convey", "called=summoned",
        "budget=allowance", "brought=fetched", "bread=loaves", "believed=reckoned", "animal=creature",
        "agreed=concurred", "affected=impacted", "advised=counselled", "actually=truly", "big=large", "fast=rapid",
        "important=significant", "difficult=hard", "problem=issue", "decision=ruling", "choice=option",
        "worried=anxious", "shocked=stunned", "praised=lauded", "damage=harm", "losses=deficits", "cheap=inexpensive",
        "expensive=costly", "quick=speedy", "painful=agonising", "careful=cautious", "visit=call on",
        "deliveries=shipments", "investigation=inquiry", "detectives=sleuths", "experts=specialists",
        "concern=worry", "warning=caution", "dangerous=hazardous", "travelling=journeying", "families=clans",
        "student=pupil", "college=academy", "patients=sufferers", "seafood=fish", "stall=booth", "quay=wharf",
    ];

    /// <summary>Spinning lookup, both directions; multi-word entries are kept as written.</summary>
    public static readonly FrozenDictionary<string, string> Spin = BuildSpin();

    /// <summary>Extra content words mutation may draw from, so spun copies find enough words to replace.</summary>
    public static IEnumerable<string> SpinWords => Spin.Keys;

    /// <summary>Name syllables: onsets, nuclei and codas.</summary>
    public static readonly string[] Onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "th", "bl", "cl"];

    /// <summary>Name vowels.</summary>
    public static readonly string[] Nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ie"];

    /// <summary>Name codas.</summary>
    public static readonly string[] Codas = ["", "", "n", "r", "l", "s", "th", "m", "nd", "rk", "x", "ck", "ll", "nt", "sk"];

    /// <summary>Site header templates; {0} is the site name, {1} a date.</summary>
    public static readonly string[] Headers =
    [
        "{0} | Home | Local | Business | Sport | Weather | Opinion",
        "Published by the {0} newsroom on {1}. Updated {1}.",
        "Skip to main content. {0}: independent local journalism since 1978.",
        "You are reading {0}. Sign in or register to keep reading for free.",
    ];

    /// <summary>Site footer templates; {0} is the site name, {1} a year.</summary>
    public static readonly string[] Footers =
    [
        "Copyright {1} {0} Media Group. All rights reserved. Reproduction without permission is prohibited.",
        "Share this story: Email | Print | Copy link. More from {0}: Most read, Latest, Newsletters.",
        "Got a story? Contact the {0} news desk. Follow us for updates. Terms | Privacy | Cookies.",
        "This article appeared in the print edition of {0}. Subscribe from {1} for unlimited access.",
    ];

    /// <summary>Month names for boilerplate dates.</summary>
    public static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static FrozenDictionary<string, string> BuildSpin()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in SpinPairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string from = pair[..eq], to = pair[(eq + 1)..];
            map.TryAdd(from, to);
            if (!to.Contains(' ', StringComparison.Ordinal))
            {
                map.TryAdd(to, from);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
