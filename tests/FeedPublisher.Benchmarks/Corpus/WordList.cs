namespace FeedPublisher.Benchmarks.Corpus;

/// <summary>Plain lower-case words and made-up names the generated articles are written from.</summary>
internal static class WordList
{
    public static readonly string[] Words =
    [
        "council", "harbour", "bridge", "repair", "budget", "vote", "street", "market", "school", "teacher",
        "river", "morning", "evening", "week", "month", "year", "plan", "report", "committee", "member",
        "resident", "district", "station", "train", "ferry", "road", "traffic", "weather", "storm", "rain",
        "library", "museum", "garden", "park", "festival", "concert", "theatre", "player", "team", "match",
        "season", "coach", "result", "office", "worker", "union", "wage", "price", "rent", "housing",
        "builder", "project", "contract", "company", "factory", "shift", "hospital", "nurse", "doctor", "patient",
        "clinic", "water", "supply", "energy", "power", "grid", "line", "cable", "tower", "signal",
        "meeting", "hearing", "court", "judge", "lawyer", "question", "answer", "letter", "notice", "decision",
        "the", "a", "of", "and", "to", "in", "on", "for", "with", "by",
        "after", "before", "during", "about", "against", "between", "under", "over", "near", "through",
        "said", "told", "asked", "voted", "agreed", "opened", "closed", "started", "finished", "moved",
        "raised", "cut", "kept", "left", "found", "showed", "called", "brought", "held", "made",
        "new", "old", "local", "public", "central", "northern", "southern", "early", "late", "small",
        "large", "long", "short", "quiet", "busy", "open", "full", "empty", "first", "last",
        "several", "many", "few", "most", "some", "other", "every", "each", "both", "such",
        "still", "again", "also", "already", "often", "rarely", "soon", "later", "today", "yesterday",
    ];

    public static readonly string[] FirstNames =
    [
        "Maria", "Tom", "Aisha", "Jonas", "Elena", "Samuel", "Noor", "Peter", "Ines", "Kwame",
        "Hanna", "Luis", "Mei", "Oskar", "Fatima", "Daniel", "Rosa", "Viktor", "Amara", "Leo",
    ];

    public static readonly string[] LastNames =
    [
        "Lopez", "Becker", "Khan", "Lindqvist", "Marin", "Okafor", "Haddad", "Novak", "Ferreira", "Mensah",
        "Kowalski", "Ortega", "Chen", "Nilsen", "Rahman", "Weber", "Silva", "Petrov", "Diallo", "Moretti",
    ];
}
