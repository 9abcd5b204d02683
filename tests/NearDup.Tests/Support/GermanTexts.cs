using NearDup.Text;

namespace NearDup.Tests.Support;

/// <summary>
/// A German text and a spun copy of it, written for the function-word tests (nothing copied from elsewhere), with
/// German function words: the case where a caller's own function-word list decides what the spin skeleton holds.
/// Under <see cref="FunctionWords.English"/> a German text's skeleton is only its capitalised nouns, numbers and
/// punctuation; under <see cref="FunctionWordList"/> it keeps the articles, prepositions and conjunctions too.
/// </summary>
internal static class GermanTexts
{
    /// <summary>Closed-class German words: articles, pronouns, prepositions, conjunctions, auxiliaries (lower case).</summary>
    public static readonly string[] FunctionWordSpellings =
    [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
        "und", "oder", "aber", "als", "wenn", "weil", "dass", "denn", "ob", "wie", "was", "wer",
        "in", "im", "an", "am", "auf", "aus", "bei", "mit", "von", "vom", "zu", "zum", "zur", "nach", "vor", "über",
        "unter", "zwischen", "bis", "seit", "seitdem", "für", "gegen", "ohne", "um", "durch",
        "ich", "du", "er", "sie", "es", "wir", "ihr", "man", "sich", "ihre", "ihren", "ihrem", "ihrer", "sein", "seine",
        "nicht", "noch", "nur", "schon", "auch", "wieder", "dann", "hier", "so", "sehr", "jedes", "jeden", "jedem",
        "jeder", "alle", "alles", "viele", "einige", "andere", "beide", "wurde", "wurden", "war", "waren", "ist",
        "sind", "hat", "hatte", "hatten", "haben", "musste", "konnten", "wollten", "dürfe", "kann", "muss",
    ];

    /// <summary><see cref="FunctionWordSpellings"/> as a set.</summary>
    public static FunctionWords FunctionWordList { get; } = new(FunctionWordSpellings);

    /// <summary>About an old water mill (about 290 words).</summary>
    public const string Mill =
        "Die alte Mühle am Rand von Oberweiler wurde im Jahr 1784 gebaut und gehörte lange der Familie Brandt. Über " +
        "viele Generationen mahlten die Müller hier das Korn der Bauern aus dem ganzen Tal, und das Mehl wurde mit " +
        "Pferdewagen bis in die Stadt gebracht. Im Winter, wenn der Bach zufror, stand das große Rad still, und die " +
        "Familie lebte von dem, was sie im Herbst gespart hatte.\n\n" +
        "Die Arbeit war schwer und oft gefährlich. Ein Müller musste die schweren Säcke tragen, die Steine schärfen " +
        "und bei jedem Wetter auf das Wasser achten. Als im Frühjahr 1893 ein Hochwasser den Damm zerstörte, verlor " +
        "die Familie fast alles. Die Nachbarn halfen beim Wiederaufbau, und seitdem feiert das Dorf jedes Jahr im Mai " +
        "ein kleines Fest an der Mühle.\n\n" +
        "Nach dem Krieg kamen neue Maschinen, und die großen Betriebe in der Stadt konnten billiger mahlen. Im Jahr " +
        "1961 schloss die Mühle endgültig. Einige Leute im Dorf wollten das Gebäude abreißen, weil es nur noch Geld " +
        "kostete. Andere meinten, dass man ein Stück Geschichte nicht einfach verschwinden lassen dürfe. Beide hatten " +
        "ein wenig recht.\n\n" +
        "Heute ist die Mühle ein kleines Museum. Schüler aus der Gegend besuchen sie mit ihren Lehrern, und an jedem " +
        "ersten Sonntag im Monat dreht sich das Rad wieder für die Gäste. Die alte Greta Brandt, die als Kind noch " +
        "zwischen den Säcken gespielt hat, erzählt dann von den langen Nächten, in denen ihr Vater bei Kerzenlicht die " +
        "Maschinen prüfte. Sie sagt, dass sie den Staub nicht vermisst, aber das Geräusch des Wassers, das in der " +
        "Nacht gegen das Rad schlug.";

    /// <summary>
    /// <see cref="Mill"/> spun by hand: about a third of the verbs, adjectives and adverbs and a few nouns replaced by
    /// synonyms; function words, names and numbers kept, as a spinner leaves them.
    /// </summary>
    public const string MillSpun =
        "Die betagte Mühle am Rand von Oberweiler wurde im Jahr 1784 errichtet und gehörte lange der Familie Brandt. " +
        "Über zahlreiche Generationen mahlten die Müller hier das Getreide der Bauern aus dem gesamten Tal, und das " +
        "Mehl wurde mit Pferdewagen bis in die Stadt gefahren. Im Winter, wenn der Bach gefror, stand das riesige Rad " +
        "still, und die Familie lebte von dem, was sie im Herbst zurückgelegt hatte.\n\n" +
        "Die Arbeit war mühsam und häufig riskant. Ein Müller musste die schweren Säcke schleppen, die Steine schleifen " +
        "und bei jedem Wetter auf das Wasser aufpassen. Als im Frühjahr 1893 ein Hochwasser den Damm zerstörte, büßte " +
        "die Familie beinahe alles ein. Die Nachbarn halfen beim Wiederaufbau, und seitdem begeht das Dorf jedes Jahr " +
        "im Mai ein kleines Fest an der Mühle.\n\n" +
        "Nach dem Krieg kamen moderne Maschinen, und die großen Betriebe in der Stadt konnten günstiger mahlen. Im " +
        "Jahr 1961 schloss die Mühle für immer. Einige Leute im Dorf wollten das Gebäude niederreißen, weil es nur " +
        "noch Geld verschlang. Andere fanden, dass man ein Stück Geschichte nicht einfach untergehen lassen dürfe. " +
        "Beide hatten ein bisschen recht.\n\n" +
        "Heute ist die Mühle ein kleines Museum. Schüler aus der Umgebung besuchen sie mit ihren Lehrern, und an jedem " +
        "ersten Sonntag im Monat dreht sich das Rad wieder für die Besucher. Die greise Greta Brandt, die als Kind noch " +
        "zwischen den Säcken gespielt hat, berichtet dann von den langen Nächten, in denen ihr Vater bei Kerzenlicht " +
        "die Maschinen kontrollierte. Sie sagt, dass sie den Staub nicht vermisst, aber das Rauschen des Wassers, das " +
        "in der Nacht gegen das Rad prallte.";
}
