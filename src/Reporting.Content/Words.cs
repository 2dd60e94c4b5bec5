using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Content;

/// <summary>The product's codes as people read them: a band, a breach's status in words, never as <c>at_limit</c> (team types: <see cref="Vocabulary.Describe"/>).</summary>
public static class Words
{
    /// <summary>"within", "at the limit", "amber", "red", "exempt".</summary>
    public static string Of(Band band) => band switch
    {
        Band.Within => "within",
        Band.AtLimit => "at the limit",
        Band.Amber => "amber",
        Band.Red => "red",
        _ => "exempt",
    };

    /// <summary>"new", "continuing", "back within".</summary>
    public static string Of(BreachStatus status) => status switch
    {
        BreachStatus.New => "new",
        BreachStatus.Continuing => "continuing",
        _ => "back within",
    };

    /// <summary>Text for one line (a header, a name in a sentence): control characters, line breaks above all, become spaces.</summary>
    public static string OneLine(string value) =>
        new string((value ?? throw new ArgumentNullException(nameof(value))).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
