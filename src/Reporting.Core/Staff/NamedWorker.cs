using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Staff;

/// <summary>
/// A worker as one week's messages named them: by their name as told apart from a namesake in their team, within
/// their team. What finds them in a message, and only them: a namesake in another team is another person.
/// </summary>
/// <param name="TeamId">Their team that week.</param>
/// <param name="Mentions">Their names and team, and everyone else's.</param>
public sealed record NamedWorker(string TeamId, Mentions Mentions)
{
    /// <summary>The worker as a week's evaluation named them, everyone else in the lines about them replaced (subject access).</summary>
    public static NamedWorker Of(CaseloadEvaluation evaluation, WorkerCaseload worker) => Of(evaluation, worker, othersReplaced: true);

    /// <summary>
    /// The worker as a week's evaluation named them, to find the messages that did (erasure): no one else's name is
    /// replaced, so that a year of weeks is held without a pattern of every colleague's name for each.
    /// </summary>
    public static NamedWorker Finding(CaseloadEvaluation evaluation, WorkerCaseload worker) => Of(evaluation, worker, othersReplaced: false);

    private static NamedWorker Of(CaseloadEvaluation evaluation, WorkerCaseload worker, bool othersReplaced)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(worker);
        var names = WorkerNames.Of(evaluation.Workers);
        var others = othersReplaced ? evaluation.Workers.Where(w => w.WorkerId != worker.WorkerId).SelectMany(w => new[] { names.Full(w).ToString(), names.Brief(w).ToString() }) : [];
        var team = evaluation.Teams.FirstOrDefault(t => t.TeamId == worker.TeamId)?.Name ?? worker.TeamId;
        return new NamedWorker(worker.TeamId, new Mentions([names.Full(worker).ToString(), names.Brief(worker).ToString()], others, team, evaluation.Teams.Select(t => t.Name)));
    }

    /// <summary>What a message said about them (<see cref="Mentions.LinesAbout"/>); a team's card, only when it is their team's.</summary>
    /// <param name="key">The message's key.</param>
    /// <param name="text">Its text.</param>
    public IReadOnlyList<string> LinesIn(NotificationKey key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return key.Kind == NotificationKind.TeamsChannel && key.About != TeamId ? [] : Mentions.LinesAbout(text);
    }
}
