using System.Text.RegularExpressions;

namespace Caseload.Reporting.Staff;

/// <summary>
/// The parts of a message about one worker, for their subject access request: the lines that name them, with anyone
/// else those lines name replaced, so that one person's request never discloses another's data.
/// </summary>
public static class Mentions
{
    /// <summary>What stands in a line for another worker it named.</summary>
    public const string SomeoneElse = "another worker";

    /// <summary>The lines of <paramref name="text"/> that name the worker, each on one line, others' names replaced.</summary>
    /// <param name="text">What a person read: an email's text part, a card's text.</param>
    /// <param name="names">How the worker is named in it (their full name as told apart, their short name); longest matched first.</param>
    /// <param name="others">How everyone else is named in it.</param>
    public static IReadOnlyList<string> LinesAbout(string text, IEnumerable<string> names, IEnumerable<string> others)
    {
        ArgumentNullException.ThrowIfNull(text);
        var own = Longest(names);
        if (own.Count == 0)
        {
            return [];
        }

        // The worker's own name is held aside while others' are replaced, so that another's name found inside theirs
        // is left alone; a name is a name only as whole words ("Ann Lee" is not in "Ann Leeds").
        var ownName = Whole(own);
        var otherNames = Longest(others).Where(o => !own.Contains(o, StringComparer.Ordinal)).ToList();
        var otherName = otherNames.Count == 0 ? null : Whole(otherNames);
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var held = new List<string>();
            line = ownName.Replace(line, m =>
            {
                held.Add(m.Value);
                return $"\u0001{held.Count - 1}\u0002";
            });
            if (held.Count == 0)
            {
                continue;
            }

            line = otherName?.Replace(line, SomeoneElse) ?? line;
            for (var i = 0; i < held.Count; i++)
            {
                line = line.Replace($"\u0001{i}\u0002", held[i], StringComparison.Ordinal);
            }

            if (!lines.Contains(line, StringComparer.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static Regex Whole(IEnumerable<string> names) =>
        new($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', names.Select(Regex.Escape))})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static List<string> Longest(IEnumerable<string> names) =>
        [.. (names ?? throw new ArgumentNullException(nameof(names))).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length)];
}
