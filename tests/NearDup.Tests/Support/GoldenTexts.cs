namespace NearDup.Tests.Support;

/// <summary>
/// The documents and queries behind the golden files in <c>Golden/</c> (written for them, nothing copied from
/// elsewhere). Changing one character here changes the golden bytes: regenerate them as <c>Golden/README.md</c> says,
/// and only together with a format version bump.
/// </summary>
internal static class GoldenTexts
{
    /// <summary>About a canal lock keeper (about 220 words).</summary>
    public const string CanalLock =
        "The lock keeper's cottage stands where the canal climbs out of the valley through a flight of seven locks. " +
        "For most of the last century the same family lived there, and each keeper learned the work from the one " +
        "before. The job was simple to describe and hard to do well: open the gates, fill or empty the chamber, and " +
        "send each boat on its way without wasting water. In dry summers every bucket counted, because the reservoir " +
        "at the top of the hill could run low within a few weeks.\n\n" +
        "The busiest years came before the railway reached the valley. Narrow boats carried coal, grain and bricks, " +
        "and they queued at the bottom lock from first light. The keeper kept a ledger of every boat, its cargo and " +
        "the toll it paid, and those ledgers now sit in a glass case in the town museum. They show how quickly the " +
        "trade faded once the trains began to run.\n\n" +
        "Today the boats are painted holiday cruisers, and the people who steer them are often nervous beginners. The " +
        "present keeper says that her main task is to calm them down. She explains each step, takes a rope when it is " +
        "needed, and reminds them to keep their boat away from the sill as the water drops.";

    /// <summary>About a slow night train (about 210 words).</summary>
    public const string NightTrain =
        "The night train to the coast leaves the city a little before eleven and arrives as the sun comes up over the " +
        "estuary. It is not a fast service. It stops at small stations that most passengers have never heard of, waits " +
        "in sidings while freight trains pass, and spends almost an hour in a quiet junction where the crew changes. " +
        "People who take it regularly say that the slowness is the point.\n\n" +
        "The sleeping cars were rebuilt five years ago. Each cabin now has two narrow beds, a folding table and a " +
        "window blind that actually keeps out the platform lights. A steward brings tea in the morning and a small " +
        "packet of biscuits, and he knows which of the regular travellers want to be woken early and which would " +
        "rather sleep until the last moment.\n\n" +
        "There have been many attempts to close the line. Every few years a report argues that the train costs too " +
        "much and carries too few people, and every few years the towns along the route send letters, hold meetings " +
        "and win another reprieve. The latest report is due next spring, and the steward says he has stopped worrying " +
        "about it.";

    /// <summary>The middle paragraph of <see cref="ClockRepair"/>, which <see cref="ExcerptQuery"/> quotes.</summary>
    public const string ClockRepairMiddle =
        "Most of the clocks that come in are family pieces. A mantel clock that stopped when a grandmother died, a wall " +
        "clock that has lost its pendulum, a carriage clock that someone dropped while moving house. The owner says " +
        "that people rarely care what a clock is worth. They care that it ticks in the same room where it ticked when " +
        "they were children.";

    /// <summary>About a clock repair shop (about 230 words).</summary>
    public const string ClockRepair =
        "In a narrow street behind the market there is a shop that repairs clocks and nothing else. The owner trained " +
        "as an engineer and worked for twenty years on pumps and turbines before he decided that he wanted to work with " +
        "smaller machines. He bought the shop from a retiring watchmaker, kept the old sign above the door, and spent " +
        "his first year learning how much he did not know.\n\n" +
        ClockRepairMiddle + "\n\n" +
        "The work itself is slow. Each clock is taken apart, every wheel and spring is cleaned, worn pivots are " +
        "polished or replaced, and the whole movement is put back together and left to run for a week on the bench. " +
        "Only then does he call the owner to collect it. He keeps a notebook of every repair, with a small drawing of " +
        "the movement, so that he can help the next person who brings the same model through the door.";

    /// <summary>About a village library (about 230 words).</summary>
    public const string HillLibrary =
        "The library in the hill village opens on three afternoons a week and on Saturday mornings. It occupies the " +
        "ground floor of the old school, which closed when the number of children fell below twenty. The shelves were " +
        "built by volunteers from timber donated by a local farmer, and the books came from house clearances, a town " +
        "library that was replacing its stock, and a long list of people who simply wanted their favourite novels to " +
        "find new readers.\n\n" +
        "The librarian is paid for ten hours a week but works many more. She runs a reading group for older residents, " +
        "a homework club for the few children who remain, and a small exhibition of photographs that changes every " +
        "season. In winter the building is one of the few warm places where people can meet without spending money, " +
        "and the kettle is rarely cold.\n\n" +
        "The council has promised to keep the library open for at least five more years. The villagers are grateful, " +
        "but they are also realistic. They have started a fund to buy the building outright, so that whatever happens " +
        "to the budget, the rooms will stay a place for books, conversation and the occasional argument about which " +
        "novel deserves a second reading.";

    /// <summary>About a fair on a bridge (about 210 words); the golden indexes add it, then remove it.</summary>
    public const string BridgeFair =
        "Every August the town holds a fair on the old stone bridge. The road is closed for two days, stalls are set " +
        "up along both parapets, and the river below fills with small boats whose owners have come to watch. The " +
        "tradition began as a cattle market, but nobody has sold a cow on the bridge for eighty years. Now the stalls " +
        "sell cheese, honey, wooden toys and second hand books, and a brass band plays on the town side from noon " +
        "until the light fades.\n\n" +
        "The organisers are a committee of six, most of them retired, who start planning in January. They negotiate " +
        "with the council over the road closure, find insurance for the stalls, and persuade the band to come back one " +
        "more time. The hardest job, they say, is keeping the bridge safe when crowds gather at the centre to watch " +
        "the evening boat race.\n\n" +
        "The race itself is short and chaotic. Teams row from the mill to the bridge and back, and the winners receive " +
        "a painted oar that hangs in the pub until the following summer. Nobody remembers who started it, and nobody " +
        "wants it to stop.";

    /// <summary><see cref="NightTrain"/> with five words changed: a near-duplicate.</summary>
    public const string NearQuery =
        "The night train to the coast leaves the city a little after eleven and arrives as the sun comes up over the " +
        "estuary. It is not a fast service. It stops at small stations that most passengers have never heard of, waits " +
        "in sidings while goods trains pass, and spends almost an hour in a quiet junction where the crew changes. " +
        "People who take it regularly say that the slowness is the point.\n\n" +
        "The sleeping cars were rebuilt six years ago. Each cabin now has two narrow beds, a folding table and a " +
        "window blind that actually keeps out the platform lights. A steward brings coffee in the morning and a small " +
        "packet of biscuits, and he knows which of the regular travellers want to be woken early and which would " +
        "rather sleep until the last moment.\n\n" +
        "There have been many attempts to close the line. Every few years a report argues that the train costs too " +
        "much and carries too few people, and every few years the villages along the route send letters, hold meetings " +
        "and win another reprieve. The latest report is due next spring, and the steward says he has stopped worrying " +
        "about it.";

    /// <summary><see cref="ClockRepairMiddle"/> quoted inside a text about something else: a contained excerpt.</summary>
    public const string ExcerptQuery =
        "Our local history society met last week to plan an exhibition about everyday objects. One member suggested " +
        "that we ask residents to lend us things that have stayed in their families for generations, and another " +
        "read aloud from a newspaper profile of a repairer in the next town:\n\n" +
        ClockRepairMiddle + "\n\n" +
        "That passage settled the matter. The exhibition will open in the autumn in the church hall, and every object " +
        "will be shown with a short note written by its owner explaining why it was kept. Volunteers are needed to " +
        "collect the objects, write labels and look after the hall on the opening weekend.";

    /// <summary><see cref="HillLibrary"/> with many content words replaced by synonyms: a spun copy.</summary>
    public const string SpunQuery =
        "The library in the mountain hamlet opens on three evenings a week and on Sunday mornings. It fills the " +
        "lower floor of the former school, which shut when the count of pupils dropped below twenty. The shelves were " +
        "made by helpers from wood given by a nearby grower, and the volumes came from home clearances, a city " +
        "library that was renewing its collection, and a long list of folks who just wanted their favourite stories to " +
        "find fresh readers.\n\n" +
        "The librarian is paid for ten hours a week but labours many more. She leads a reading circle for elderly " +
        "residents, a homework group for the few youngsters who stay, and a little display of pictures that alters " +
        "every season. In winter the building is one of the few warm spots where folks can gather without spending " +
        "cash, and the kettle is seldom cold.\n\n" +
        "The council has pledged to keep the library running for at least five more years. The villagers are thankful, " +
        "but they are also sensible. They have begun a fund to purchase the building outright, so that whatever " +
        "happens to the budget, the rooms will remain a place for books, talk and the odd quarrel about which story " +
        "merits a second reading.";
}
