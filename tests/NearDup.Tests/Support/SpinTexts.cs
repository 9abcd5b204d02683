namespace NearDup.Tests.Support;

/// <summary>
/// English texts written for the spun-copy tests (nothing copied from elsewhere). <see cref="Harbour"/> and
/// <see cref="Orchard"/> use plain vocabulary that <see cref="SpinTables.Content"/> covers well, so a seeded
/// <see cref="Spinner"/> can replace up to half of their content words.
/// </summary>
internal static class SpinTexts
{
    /// <summary>About a fishing harbour (about 300 words).</summary>
    public const string Harbour =
        "The old harbour at Penmarrow was built to shelter small fishing boats from the winter storms. For two " +
        "centuries the families who lived along the quay depended on the catch, and the people of the town often said " +
        "that a good season could feed a house for a whole year. Every morning the boats left before dawn, and every " +
        "evening the women waited on the stone wall to count the sails as they came home.\n\n" +
        "The work was hard and often dangerous. A sudden change in the weather could turn a calm sea into a wild one " +
        "within an hour, and many young men never returned. The town built a small chapel above the harbour where the " +
        "names of the lost were carved into a wooden board. Visitors still stop there to read the names and to look " +
        "out over the water.\n\n" +
        "In 1962 a new road reached Penmarrow, and with it came tourists, shops and a large hotel. Some people said " +
        "the road would help the town, because the old trade was already failing. Others said it would destroy the " +
        "quiet life that made the place special. Both were partly right. The fishing fleet shrank to a handful of " +
        "boats, but the cafes and galleries brought money and jobs that the sea could no longer provide.\n\n" +
        "Today the harbour is busy again, though mostly with pleasure boats. A local museum tells the story of the " +
        "fishing families, and children from the school help to clean the beach each spring. Old Tom Hendry, who " +
        "fished for forty years, said that he did not miss the cold mornings, but he missed the sound of the boats " +
        "leaving in the dark. He still walks to the end of the wall each evening, as his mother did, and counts the " +
        "lights on the water.";

    /// <summary>About apple growing (about 290 words), unrelated to <see cref="Harbour"/>.</summary>
    public const string Orchard =
        "Growing apples is a slow business that rewards patience more than strength. A young tree may take five years " +
        "to produce a useful crop, and during that time the grower must prune it, feed it and protect it from insects " +
        "and disease. Many small farms in the valley once kept an orchard beside the house, and the fruit was pressed " +
        "into cider or stored in a cool barn through the winter.\n\n" +
        "The most important work happens in the cold months. When the trees are bare, the grower can see the shape of " +
        "each branch and decide which wood to remove. A good cut lets light and air reach the centre of the tree, " +
        "which helps the fruit ripen and keeps the leaves dry. A bad cut can leave a wound that invites rot. " +
        "Experienced growers say that you should be able to throw a hat through the middle of a well pruned tree.\n\n" +
        "Spring brings a different kind of worry. A late frost can kill the blossom in a single night, and without " +
        "blossom there is no fruit. Some growers light small fires between the rows or spray the trees with water, " +
        "which freezes and releases a little heat. Bees are welcome visitors in April, and many farms keep hives near " +
        "the orchard to help with pollination.\n\n" +
        "By September the branches bend under the weight of the crop. Picking must be done by hand, because bruised " +
        "apples do not keep. Families and neighbours once gathered to help with the harvest, and the work ended with " +
        "a large meal in the barn. Today most commercial orchards hire seasonal workers, but the small farms in the " +
        "valley still invite friends to pick, and the old custom of the harvest meal has returned in several " +
        "villages.";

    /// <summary>A news report on a flood in Ellersby (about 250 words).</summary>
    /// <remarks>Shares names, numbers and a few phrases with <see cref="FloodOpinion"/>, but no passage.</remarks>
    public const string FloodReport =
        "Heavy rain fell on the hills above Ellersby for three days in late October, and on the night of the 27th the " +
        "River Wend burst its banks. Water rose to 2.4 metres in the market square, the highest level since the great " +
        "flood of 1953. Around 340 homes were damaged, and the emergency services moved more than 900 residents to the " +
        "sports hall on Garth Lane, where volunteers served soup and found dry blankets for everyone.\n\n" +
        "Mayor Tamsin Roe thanked the volunteers who worked through the night and promised that the council would " +
        "publish a full review by the spring. Engineers from the Environment Agency said the defences built after 1953 " +
        "had held along most of the river, but a section of embankment near the railway bridge had failed shortly " +
        "after midnight. Residents of Mill Street told reporters that they had received a warning only forty minutes " +
        "before the water entered their kitchens.\n\n" +
        "Insurers expect claims to exceed 12 million pounds. The county council has opened a hardship fund, and local " +
        "businesses have offered free storage for furniture saved from the water. Schools in the lower town will stay " +
        "closed until Monday while the buildings are inspected. The river fell below its banks on Thursday afternoon, " +
        "but forecasters warned that more rain is likely before the end of the month.";

    /// <summary>An opinion piece on the same Ellersby flood, written separately from <see cref="FloodReport"/>.</summary>
    public const string FloodOpinion =
        "Anyone who has lived in Ellersby for long knows that the River Wend does not forgive carelessness. Older " +
        "residents still talk about 1953, when boats were rowed down the high street, and the town will now talk " +
        "about last October, when the River Wend burst its banks and left 2.4 metres of brown water in the market " +
        "square. We were lucky that nobody died. We should not rely on luck again.\n\n" +
        "The promise from Mayor Tamsin Roe of a full review by the spring is welcome, but reviews are cheap. What the " +
        "people of Mill Street need is a wall that does not crumble, and a warning that comes hours rather than " +
        "minutes before the river reaches their doors. The embankment by the railway bridge was patched twice in the " +
        "last decade; each time the repair was described as temporary, and each time nothing followed it.\n\n" +
        "It would be unfair to blame the council alone. For thirty years new houses have been built on the meadows " +
        "that used to soak up the winter rain, and every one of those 340 damaged homes was approved by someone. If " +
        "the sports hall on Garth Lane has to shelter 900 people again, it should be because the storm was " +
        "extraordinary, not because we ignored a river that has been telling us its plans since 1953.";

    /// <summary><see cref="FloodReport"/> as a fluent rewriter would give it back: every sentence restructured (active
    /// and passive swapped, clauses moved, sentences joined or split, function words changed), the facts, names, numbers
    /// and their order kept. Written for the tests, as the report was.</summary>
    public const string FloodReportFluent =
        "For three days at the end of October, the hills that overlook Ellersby were soaked by torrential downpours, " +
        "and the River Wend overflowed on the night of the 27th. In the market square the water reached 2.4 metres, a " +
        "level not seen since the great flood of 1953. Some 340 houses suffered damage. More than 900 people were taken" +
        " by emergency crews to the sports hall on Garth Lane, where soup was handed out by volunteers who also made " +
        "sure that everybody had a dry blanket.\n\n" +
        "Those volunteers, who had kept going all night, were thanked by Mayor Tamsin Roe, and she pledged that a " +
        "complete review would be published by the council before spring. According to engineers at the Environment " +
        "Agency, most of the defences put up along the river after 1953 held firm; it was a stretch of embankment close" +
        " to the railway bridge that gave way not long after midnight. On Mill Street, residents said to reporters that" +
        " the only warning they got came forty minutes before their kitchens flooded.\n\n" +
        "Claims are expected by insurers to top 12 million pounds. A hardship fund has been set up by the county " +
        "council, while firms in the area are offering to store, at no charge, furniture rescued from the flood. Until " +
        "Monday, schools in the lower town will remain shut so that their buildings can be checked. By Thursday " +
        "afternoon the river had dropped back below its banks, yet forecasters cautioned that further rain was probable" +
        " before the month is out.";

    /// <summary><see cref="FloodReport"/> rewritten harder than <see cref="FloodReportFluent"/>, as the rewriters of the
    /// rewrites development set do: the clauses of every sentence put in another order, two sentences joined and one
    /// split, nearly every phrase said another way; the facts, names, numbers and the order of the sentences kept.
    /// Written for the tests.</summary>
    public const string FloodReportRestructured =
        "The River Wend overflowed late on 27 October, after the hills around Ellersby had taken three days of " +
        "relentless rain. Not since the great flood of 1953 had the market square stood under so much water: 2.4 " +
        "metres. Emergency crews carried over 900 people to shelter in the Garth Lane sports hall, where dry blankets " +
        "and hot soup waited, handed out by volunteers; about 340 houses were left damaged.\n\n" +
        "A complete council review will be out before spring, Mayor Tamsin Roe pledged, as she praised the volunteers " +
        "for staying on duty until morning. Along most of its length the river was held back by the post-1953 " +
        "defences, according to Environment Agency engineers. Close to the railway bridge, though, part of the " +
        "embankment collapsed soon after midnight. Forty minutes: that, Mill Street householders told the press, was " +
        "all the warning they had before their kitchens filled.\n\n" +
        "The bill for insurers is likely to pass 12 million pounds. To help, the county council has launched a " +
        "hardship fund, and shops and firms in the town will keep rescued furniture safe free of charge. Inspections " +
        "mean the schools of the lower town stay shut until Monday. Forecasters say more rain will probably come " +
        "before the month ends, even though by Thursday afternoon the river was back within its banks.";

    /// <summary><see cref="FloodReport"/> rewritten harder still: nearly every content word other than the facts said
    /// another way as well, so that its sentences share fewer content words with the report's than a rewrite needs
    /// unless it keeps its facts, which it does (names, places, dates and figures, in order). Written for the tests.</summary>
    public const string FloodReportReworded =
        "Ellersby's uplands were drenched for seventy-two hours near the close of October, until on the 27th the Wend " +
        "spilled over. Nothing like it had been seen since the deluge of 1953: 2.4 metres swamped the town centre. Crews " +
        "evacuated upwards of 900 locals to a gym on Garth Lane, and helpers handed round broth and spare bedding; 340 " +
        "dwellings were harmed.\n\n" +
        "Praising the helpers who stayed up till dawn, Mayor Tamsin Roe vowed an inquiry by springtime. Staff of the " +
        "Environment Agency reported that the post-1953 barriers mostly survived, yet a length of bank beside the rail " +
        "crossing gave out just past twelve. Mill Street householders had barely forty minutes of warning before it " +
        "reached them.\n\n" +
        "Insurance payouts could top 12 million pounds. A relief fund now exists, and traders are storing salvaged " +
        "belongings at no cost. Children below the bridge get no lessons until Monday while inspectors look round. By Thursday " +
        "afternoon the Wend had retreated, though meteorologists expect further storms this month.";
}
