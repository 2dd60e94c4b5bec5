using System.Text.RegularExpressions;

namespace Caseload.Reporting.Staff;

/// <summary>
/// The parts of a message about one worker, for their subject access request and their erasure: the lines that
/// name them, with anyone else those lines name replaced, so that one person's request never discloses another's
/// data. A name is a name only as whole words ("Ann Lee" is not in "Ann Leeds"), and only within the worker's team:
/// a line is theirs when it, or else the nearest line above it that names a team (a table's row, a section's
/// heading), names their team — a namesake in another team is another person. Made once for a worker in a period,
/// then asked of each of its messages.
/// </summary>
public sealed class Mentions
{
    private readonly Regex own;
    private readonly OtherPeople others;
    private readonly string team;
    private readonly Regex teams;

    /// <summary>How one worker, and everyone else, are named in a period's messages.</summary>
    /// <param name="names">How the worker is named (their full name as told apart from a namesake, their short name).</param>
    /// <param name="others">How everyone else is named.</param>
    /// <param name="team">The worker's team's name.</param>
    /// <param name="teams">Every team's name, theirs among them.</param>
    public Mentions(IEnumerable<string> names, IEnumerable<string> others, string team, IEnumerable<string> teams)
    {
        this.team = Must.NotEmpty(team, nameof(team));
        this.teams = OtherPeople.Whole(OtherPeople.Longest((teams ?? throw new ArgumentNullException(nameof(teams))).Append(team)));
        var ownNames = OtherPeople.Longest(names);
        if (ownNames.Count == 0)
        {
            throw new ArgumentException("A worker is named somehow.", nameof(names));
        }

        own = OtherPeople.Whole(ownNames);
        this.others = new OtherPeople(others, except: ownNames);
    }

    /// <summary>The lines of <paramref name="text"/> that name the worker, each on one line, others' names replaced.</summary>
    /// <param name="text">What a person read: an email's text part, a card's text.</param>
    public IReadOnlyList<string> LinesAbout(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!own.IsMatch(text))
        {
            return [];
        }

        // Before any line names a team, the message's teams are the teams it names anywhere (a team's card, the
        // opening of its manager's email).
        var named = Teams(text);
        var context = named.Count == 1 ? named : [];
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (Teams(line) is { Count: > 0 } here)
            {
                context = here;
            }

            if (!context.Contains(team))
            {
                continue;
            }

            // The worker's own name is held aside while others' are replaced, so that another's name found inside
            // theirs is left alone.
            var held = new List<string>();
            line = own.Replace(line, m =>
            {
                held.Add(m.Value);
                return $"\u0001{held.Count - 1}\u0002";
            });
            if (held.Count == 0)
            {
                continue;
            }

            line = others.Redact(line)!;
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

    private HashSet<string> Teams(string text) => [.. teams.Matches(text).Select(m => m.Value)];
}
