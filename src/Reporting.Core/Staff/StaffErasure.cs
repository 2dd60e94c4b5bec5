using Caseload.Reporting.Actions;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Staff;

/// <summary>A worker to be erased on their request: who they were, and what stands for them from now on.</summary>
/// <param name="WorkerId">Their roster id.</param>
/// <param name="Addresses">Every email address the stored rosters gave them (an action they recorded names them by it).</param>
/// <param name="Pseudonyms">The council's pseudonyms.</param>
public sealed record ForgottenWorker(string WorkerId, IReadOnlySet<string> Addresses, StaffPseudonyms Pseudonyms)
{
    /// <summary>What stands for them.</summary>
    public Pseudonym Pseudonym => Pseudonyms.Of(WorkerId);
}

/// <summary>
/// What data protection changes in what is stored about staff, as pure functions: every figure, band, date and trend
/// stays as it was; only who it was about, and what a manager wrote, go (docs/data-protection.md).
/// </summary>
public static class StaffErasure
{
    /// <summary>
    /// Past the council's staff retention: each worker's name becomes their pseudonym (their roster id stays, so that
    /// the week still joins the weeks after it), each action's note is deleted and who recorded it is pseudonymised.
    /// </summary>
    public static CaseloadEvaluation Pseudonymise(CaseloadEvaluation evaluation, StaffPseudonyms pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        return evaluation with
        {
            Workers = [.. evaluation.Workers.Select(w => w with
            {
                Name = StaffPseudonyms.IsPseudonymName(w.Name) ? w.Name : pseudonyms.Of(w.WorkerId).Name,
                FollowUp = w.FollowUp.WithAction(a => Pseudonymise(a, pseudonyms)),
            })],
        };
    }

    /// <summary>An action past the council's staff retention: its note deleted, who recorded it pseudonymised.</summary>
    public static BreachAction Pseudonymise(BreachAction action, StaffPseudonyms pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        return action with { Note = null, RecordedBy = StaffPseudonyms.IsPseudonymAddress(action.RecordedBy) ? action.RecordedBy : pseudonyms.OfAddress(action.RecordedBy) };
    }

    /// <summary>Whether an evaluation names anyone by name still.</summary>
    public static bool Pseudonymised(CaseloadEvaluation evaluation) =>
        (evaluation ?? throw new ArgumentNullException(nameof(evaluation))).Workers.All(w => StaffPseudonyms.IsPseudonymName(w.Name) && (w.FollowUp.Action is null || Pseudonymised(w.FollowUp.Action)));

    /// <summary>Whether an action has no note and names no one.</summary>
    public static bool Pseudonymised(BreachAction action) =>
        (action ?? throw new ArgumentNullException(nameof(action))).Note is null && StaffPseudonyms.IsPseudonymAddress(action.RecordedBy);

    /// <summary>
    /// One worker erased on their request: their name and roster id become their pseudonym wherever the week holds
    /// them (their row, the moves suggested to or from them, the actions on their breaches, whose notes are
    /// deleted), and an action they recorded names them by pseudonym. Nothing else changes.
    /// </summary>
    public static CaseloadEvaluation Forget(CaseloadEvaluation evaluation, ForgottenWorker worker)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(worker);
        var pseudonym = worker.Pseudonym;
        string Id(string id) => id == worker.WorkerId ? pseudonym.WorkerId : id;
        return evaluation with
        {
            Workers = [.. evaluation.Workers.Select(w => w.WorkerId == worker.WorkerId
                ? w with { WorkerId = pseudonym.WorkerId, Name = pseudonym.Name, FollowUp = w.FollowUp.WithAction(a => Forget(a, worker)) }
                : w with { FollowUp = w.FollowUp.WithAction(a => Forget(a, worker)) })],
            Teams = [.. evaluation.Teams.Select(t => t.Capacity.Moves.Any(m => m.From == worker.WorkerId || m.To == worker.WorkerId)
                ? t with { Capacity = t.Capacity with { Moves = [.. t.Capacity.Moves.Select(m => new CaseMove(Id(m.From), Id(m.To), m.Cases))] } }
                : t)],
        };
    }

    /// <summary>An action as <see cref="Forget(CaseloadEvaluation, ForgottenWorker)"/> leaves it: on their breach, re-keyed and without its note; recorded by them, named by pseudonym.</summary>
    public static BreachAction Forget(BreachAction action, ForgottenWorker worker)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(worker);
        var forgotten = action.Breach.WorkerId == worker.WorkerId
            ? action with { Breach = action.Breach with { WorkerId = worker.Pseudonym.WorkerId }, Note = null }
            : action;
        return worker.Addresses.Contains(action.RecordedBy.Trim())
            ? forgotten with { RecordedBy = worker.Pseudonyms.OfAddress(action.RecordedBy) }
            : forgotten;
    }

    /// <summary>Whether a week names the worker at all.</summary>
    public static bool Names(CaseloadEvaluation evaluation, ForgottenWorker worker)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(worker);
        return evaluation.Workers.Any(w => w.WorkerId == worker.WorkerId || (w.FollowUp.Action is { } a && worker.Addresses.Contains(a.RecordedBy.Trim())));
    }
}
