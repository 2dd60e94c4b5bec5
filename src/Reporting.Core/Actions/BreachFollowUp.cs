using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Actions;

/// <summary>
/// What is being done about a worker's breach in a week, as evaluated with the week (actions spec): its action (the
/// latest recorded by the evaluation), whether that is in date, and whom the breach has reached if nobody is acting
/// on it. Made only by <see cref="Of"/>, so that an escalation never stands beside an action in date.
/// </summary>
public sealed record BreachFollowUp
{
    [System.Text.Json.Serialization.JsonConstructor]
    private BreachFollowUp(BreachAction? action, bool inDate, Escalation? escalation)
    {
        (Action, InDate, Escalation) = (action, inDate && action is not null, inDate && action is not null ? null : escalation);
    }

    /// <summary>Not in breach, or in breach with nothing recorded and not yet escalated.</summary>
    public static BreachFollowUp None { get; } = new(null, false, null);

    /// <summary>The breach's action; null when it has none (or the worker is not in breach).</summary>
    public BreachAction? Action { get; }

    /// <summary>The action is in date for the week.</summary>
    public bool InDate { get; }

    /// <summary>Whom the breach has reached; null when an action is in date, or not yet.</summary>
    public Escalation? Escalation { get; }

    /// <summary>The same follow-up with its action changed as data protection asks (a note erased, a name pseudonymised): what was done, and when, stay.</summary>
    public BreachFollowUp WithAction(Func<BreachAction, BreachAction> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Action is null ? this : new BreachFollowUp(change(Action), InDate, Escalation);
    }

    /// <summary>An agreed exception is in date: the band still shows, escalation stops.</summary>
    public bool Excepted => InDate && Action!.Kind == ActionKind.Exception;

    /// <summary>The follow-up of a worker in a week evaluated at <paramref name="evaluatedAt"/>, given the actions recorded so far.</summary>
    public static BreachFollowUp Of(WorkerCaseload worker, IsoWeek week, DateTimeOffset evaluatedAt, BreachActions actions, EscalationPolicy escalation)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(escalation);
        if (BreachKey.Of(worker, week) is not { } breach)
        {
            return None;
        }

        // An absent worker's breach is the team's to cover, not theirs to act on: it does not escalate (capacity spec).
        var action = actions.LatestOf(breach, evaluatedAt);
        var inDate = action?.InDateFor(week, evaluatedAt) ?? false;
        return new BreachFollowUp(action, inDate, worker.Absent ? null : escalation.For(worker.WeeksInBreach));
    }
}

/// <summary>The actions recorded on the breaches of a week, each breach's in the order recorded.</summary>
public sealed class BreachActions
{
    private readonly Dictionary<BreachKey, List<BreachAction>> byBreach = [];

    /// <summary>Holds the actions given.</summary>
    public BreachActions(IEnumerable<BreachAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions.OrderBy(a => a.RecordedAt))
        {
            (byBreach.TryGetValue(action.Breach, out var list) ? list : byBreach[action.Breach] = []).Add(action);
        }
    }

    /// <summary>No actions: what an evaluation without storage (<c>reporting evaluate</c>) knows.</summary>
    public static BreachActions None { get; } = new([]);

    /// <summary>A breach's action as at a moment: the latest recorded by then.</summary>
    public BreachAction? LatestOf(BreachKey breach, DateTimeOffset at) =>
        byBreach.TryGetValue(breach, out var list) ? list.LastOrDefault(a => a.RecordedAt <= at) : null;

    /// <summary>A breach's history, oldest first.</summary>
    public IReadOnlyList<BreachAction> HistoryOf(BreachKey breach) => byBreach.TryGetValue(breach, out var list) ? list : [];
}
