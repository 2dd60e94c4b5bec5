using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using NodaTime;

namespace Caseload.Reporting.Actions;

/// <summary>
/// A breach: one worker's run of weeks in breach, known by the worker and the week it began (actions spec). Actions
/// belong to it; a later breach of the same worker is another, and needs its own.
/// </summary>
/// <param name="WorkerId">The worker.</param>
/// <param name="Since">The week it became new.</param>
public sealed record BreachKey(string WorkerId, IsoWeek Since)
{
    /// <summary>The worker; never empty.</summary>
    public string WorkerId { get; init => field = Must.NotEmpty(value, nameof(WorkerId)); } = Must.NotEmpty(WorkerId, nameof(WorkerId));

    /// <summary>The breach a worker is in in a week, or null when they are not in breach.</summary>
    public static BreachKey? Of(WorkerCaseload worker, IsoWeek week)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.InBreach ? new BreachKey(worker.WorkerId, IsoWeek.Of(week.Monday.PlusWeeks(1 - worker.WeeksInBreach))) : null;
    }
}

/// <summary>What a team manager recorded about a breach, by whom and when. The latest recorded is the breach's action; earlier ones are its history.</summary>
/// <param name="Breach">The breach.</param>
/// <param name="TeamId">The worker's team when it was recorded.</param>
/// <param name="Kind">What is being done.</param>
/// <param name="Until">By when (reallocate), the review date (support), or when the exception ends.</param>
/// <param name="Reason">Why an exception was agreed; null for other kinds.</param>
/// <param name="Note">The manager's note, plain text, at most <see cref="ActionRules.NoteLength"/> characters; null for none.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="RecordedBy">Who recorded it: the manager's address the link was sent to.</param>
public sealed record BreachAction(BreachKey Breach, string TeamId, ActionKind Kind, LocalDate Until, string? Reason, string? Note, DateTimeOffset RecordedAt, string RecordedBy)
{
    /// <summary>Why an exception was agreed: given for an exception, at most <see cref="ActionRules.ReasonLength"/> characters.</summary>
    public string? Reason { get; init => field = CheckedReason(value, Kind); } = CheckedReason(Reason, Kind);

    /// <summary>The note: at most <see cref="ActionRules.NoteLength"/> characters.</summary>
    public string? Note { get; init => field = Must.Shorter(value, ActionRules.NoteLength, nameof(Note)); } = Must.Shorter(Note, ActionRules.NoteLength, nameof(Note));

    /// <summary>Who recorded it; never empty.</summary>
    public string RecordedBy { get; init => field = Must.NotEmpty(value, nameof(RecordedBy)); } = Must.NotEmpty(RecordedBy, nameof(RecordedBy));

    /// <summary>In date for a week: recorded on or before the week's evaluation, and its date not before the week's Monday.</summary>
    public bool InDateFor(IsoWeek week, DateTimeOffset evaluatedAt) => RecordedAt <= evaluatedAt && Until >= week.Monday;

    private static string? CheckedReason(string? reason, ActionKind kind) =>
        (kind == ActionKind.Exception) == !string.IsNullOrWhiteSpace(reason)
            ? Must.Shorter(reason, ActionRules.ReasonLength, nameof(Reason))
            : throw new ArgumentException("An exception has a reason; other actions have none.", nameof(reason));
}
