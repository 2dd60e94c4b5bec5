using System.Text;
using NodaTime;

namespace Caseload.Reporting.Actions;

/// <summary>One thing wrong with an action as a manager filled it in, by field.</summary>
/// <param name="Field">The form's field: kind, until, reason or note.</param>
/// <param name="Message">What is wrong and what to do, in the manager's words.</param>
public sealed record ActionProblem(string Field, string Message);

/// <summary>What a manager may record (actions spec): each kind's date limit, an exception's reason, a note's length.</summary>
public static class ActionRules
{
    /// <summary>The longest note kept.</summary>
    public const int NoteLength = 500;

    /// <summary>The longest reason for an exception.</summary>
    public const int ReasonLength = 200;

    /// <summary>How far ahead an action of a kind may run from the day it is recorded.</summary>
    public static Period Horizon(ActionKind kind) => kind == ActionKind.Reallocate ? Period.FromWeeks(4) : Period.FromWeeks(8);

    /// <summary>
    /// An action is counted by a week's evaluation when it was recorded at or before the run claimed the week. One
    /// stamped before a claim but stored after the run read the actions could be missed without a trace, so an action
    /// that finds a claim at or after its stamp is stamped again just after the latest such claim: clearly after
    /// that week's run, counted from the next. Returns the new stamp, or null when the action stands as stamped.
    /// </summary>
    /// <param name="recordedAt">The action's stamp.</param>
    /// <param name="claimedAt">When the runs of the weeks it could count for claimed them, as stored once the action was.</param>
    public static DateTimeOffset? AfterPreparation(DateTimeOffset recordedAt, IEnumerable<DateTimeOffset> claimedAt)
    {
        var latest = claimedAt.Where(at => at >= recordedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        return latest == DateTimeOffset.MinValue ? null : latest.AddTicks(TimeSpan.TicksPerMillisecond);
    }

    /// <summary>The problems with an action recorded on <paramref name="recordedOn"/>; none when it may be recorded.</summary>
    public static IReadOnlyList<ActionProblem> Check(ActionKind kind, LocalDate? until, string? reason, LocalDate recordedOn)
    {
        var problems = new List<ActionProblem>();
        var latest = recordedOn.Plus(Horizon(kind));
        if (until is not { } date)
        {
            problems.Add(new ActionProblem("until", "Give a date."));
        }
        else if (date < recordedOn)
        {
            problems.Add(new ActionProblem("until", "The date has passed: give today or a later date."));
        }
        else if (date > latest)
        {
            problems.Add(new ActionProblem("until", $"Give a date no later than {latest:d MMMM yyyy}: {Describe(kind)} runs at most {Horizon(kind).Weeks} weeks at a time; record it again then if it is still needed."));
        }

        if (kind == ActionKind.Exception && string.IsNullOrWhiteSpace(reason))
        {
            problems.Add(new ActionProblem("reason", "Say why the exception was agreed."));
        }

        return problems;
    }

    /// <summary>
    /// Text as kept: control characters (but line breaks) dropped, line breaks made \n, trimmed, at most
    /// <paramref name="length"/> characters (a longer one is cut, not refused: the form says so); null when empty.
    /// </summary>
    public static string? Clean(string? text, int length)
    {
        if (text is null)
        {
            return null;
        }

        var kept = new StringBuilder(Math.Min(text.Length, length));
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c == '\n' || !char.IsControl(c))
            {
                kept.Append(c);
            }
        }

        var clean = kept.ToString().Trim();
        if (clean.Length > length)
        {
            // Never leave half a surrogate pair at the cut.
            clean = clean[..(char.IsHighSurrogate(clean[length - 1]) ? length - 1 : length)].TrimEnd();
        }

        return clean.Length == 0 ? null : clean;
    }

    /// <summary>A kind in the manager's words.</summary>
    public static string Describe(ActionKind kind) => kind switch
    {
        ActionKind.Reallocate => "reallocating cases",
        ActionKind.Support => "support in place",
        _ => "an agreed exception",
    };
}
