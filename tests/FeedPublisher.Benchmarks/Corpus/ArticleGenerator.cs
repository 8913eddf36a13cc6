using System.Text;

namespace FeedPublisher.Benchmarks.Corpus;

/// <summary>
/// Writes articles shaped like the site's exports: 8–25 paragraphs of word-list text, about 7–8 KB, with some
/// *italics*, [links](https://example.org/x), quotes and paragraphs split mid-sentence by a blank line. Article i is
/// the same for a given seed whatever the corpus size, so the 1,000 corpus is the first 1,000 of the 10,000.
/// </summary>
internal sealed class ArticleGenerator(int seed)
{
    private static readonly DateOnly FirstDate = new(1990, 1, 1);

    /// <summary>Article i is dated i days after 1 January 1990, so the last one is the newest and all lie in the past.</summary>
    public GeneratedArticle Generate(int index)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var id = $"{index:D5}_{random.NextInt64():x16}";
        var title = Capitalize(string.Join(' ', Enumerable.Range(0, random.Next(5, 11)).Select(_ => Pick(random, WordList.Words))));
        var authors = Enumerable.Range(0, random.Next(6) == 0 ? 2 : 1)
            .Select(_ => $"{Pick(random, WordList.FirstNames)} {Pick(random, WordList.LastNames)}")
            .Distinct()
            .ToArray();
        return new GeneratedArticle(id, title, authors, FirstDate.AddDays(index), Body(random));
    }

    private static string Body(Random random)
    {
        var paragraphCount = random.Next(8, 26);
        var bodyBytes = random.Next(7100, 8000);
        var weights = Enumerable.Range(0, paragraphCount).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var totalWeight = weights.Sum();
        // Zero to two paragraphs (never the first) are split mid-sentence.
        var split = Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(1, paragraphCount)).ToHashSet();
        var paragraphs = new List<string>(paragraphCount + split.Count);
        for (var p = 0; p < paragraphCount; p++)
        {
            var budget = (int)(bodyBytes * weights[p] / totalWeight);
            var sentences = new List<List<string>>();
            var length = 0;
            do
            {
                var sentence = Sentence(random);
                sentences.Add(sentence);
                length += Encoding.UTF8.GetByteCount(string.Join(' ', sentence)) + 1;
            }
            while (length < budget - 60);
            if (split.Contains(p) && TrySplit(random, sentences, out var first, out var second))
                paragraphs.AddRange([first, second]);
            else
                paragraphs.Add(string.Join(' ', sentences.Select(s => string.Join(' ', s))));
        }
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>A sentence as words, the last carrying the full stop; some words dressed as italics or a link.</summary>
    private static List<string> Sentence(Random random)
    {
        var words = Enumerable.Range(0, random.Next(8, 23)).Select(_ => Pick(random, WordList.Words)).ToList();
        words[0] = Capitalize(words[0]);
        // Italics in the first half, a link in the second, so the two never overlap.
        if (random.Next(12) == 0)
        {
            var at = random.Next(1, words.Count / 2 - 1);
            words[at] = "*" + words[at];
            words[at + 1] += "*";
        }
        if (random.Next(16) == 0)
        {
            var at = random.Next(words.Count / 2, words.Count - 2);
            words[at] = $"[{words[at]}";
            words[at + 1] += $"](https://example.org/{words[at + 1]}-{random.Next(1000)})";
        }
        words[^1] += random.Next(15) == 0 ? "?" : ".";
        if (random.Next(20) == 0)
        {
            words[0] = "“" + words[0];
            words[^1] = words[^1][..^1] + ",” " + Pick(random, WordList.FirstNames) + " said.";
        }
        return words;
    }

    /// <summary>
    /// Cuts a paragraph inside a sentence between two plain lower-case words, as scraping does: the first part ends
    /// without punctuation, the second starts in lower case.
    /// </summary>
    private static bool TrySplit(Random random, List<List<string>> sentences, out string first, out string second)
    {
        first = second = "";
        var sentenceIndex = random.Next(sentences.Count);
        var words = sentences[sentenceIndex];
        var candidates = Enumerable.Range(2, Math.Max(0, words.Count - 4))
            .Where(i => IsPlain(words[i - 1]) && IsPlain(words[i]))
            .ToArray();
        if (candidates.Length == 0)
            return false;
        var at = candidates[random.Next(candidates.Length)];
        var before = sentences.Take(sentenceIndex).Select(s => string.Join(' ', s)).Append(string.Join(' ', words.Take(at)));
        var after = sentences.Skip(sentenceIndex + 1).Select(s => string.Join(' ', s)).Prepend(string.Join(' ', words.Skip(at)));
        first = string.Join(' ', before);
        second = string.Join(' ', after);
        return true;
    }

    private static bool IsPlain(string word) => word.All(char.IsAsciiLetterLower);

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
