using System.Text.RegularExpressions;

namespace Caseload.Reporting.Staff;

/// <summary>
/// Everyone else the text shown to a worker may name (a line of a message about them, a note on their breach): each
/// replaced by "another worker", so that answering one person's request never discloses another's data. A name is
/// a name only as whole words ("Ann Lee" is not in "Ann Leeds"); the worker's own names are never replaced, even
/// where a namesake elsewhere shares them.
/// </summary>
public sealed class OtherPeople
{
    /// <summary>What stands for another person a text named.</summary>
    public const string SomeoneElse = "another worker";

    private readonly Regex? names;

    /// <summary>The people to replace.</summary>
    /// <param name="names">How they are named.</param>
    /// <param name="except">The worker's own names.</param>
    public OtherPeople(IEnumerable<string> names, IEnumerable<string> except)
    {
        ArgumentNullException.ThrowIfNull(except);
        var own = except.ToHashSet(StringComparer.Ordinal);
        var others = Longest(names).Where(n => !own.Contains(n)).ToList();
        this.names = others.Count == 0 ? null : Whole(others);
    }

    /// <summary>The text with every other person it names replaced; null stays null.</summary>
    public string? Redact(string? text) => text is null || names is null ? text : names.Replace(text, SomeoneElse);

    /// <summary>A pattern for any of the names as whole words, longest first (so that "Ann Leeds" is taken before "Ann Lee").</summary>
    internal static Regex Whole(IEnumerable<string> names) =>
        new($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', names.Select(Regex.Escape))})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));

    /// <summary>The names given, each once, longest first.</summary>
    internal static List<string> Longest(IEnumerable<string> names) =>
        [.. (names ?? throw new ArgumentNullException(nameof(names))).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length)];
}
