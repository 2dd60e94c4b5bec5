using System.Globalization;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Content.Pages;

/// <summary>An action as the page lists it.</summary>
/// <param name="What">The kind and its date, in words.</param>
/// <param name="Reason">An exception's reason, or null.</param>
/// <param name="Note">The note, or null.</param>
/// <param name="RecordedBy">Who recorded it.</param>
/// <param name="RecordedAt">When, in the council's time.</param>
public sealed record ActionView(string What, string? Reason, string? Note, string RecordedBy, string RecordedAt);

/// <summary>What the form holds: as last submitted when it is shown again with problems, else empty.</summary>
/// <param name="Kind">reallocate, support or exception, or empty.</param>
/// <param name="Until">The date as typed (yyyy-MM-dd), or empty.</param>
/// <param name="Reason">The reason as typed.</param>
/// <param name="Note">The note as typed.</param>
public sealed record ActionForm(string Kind, string Until, string Reason, string Note)
{
    /// <summary>An empty form.</summary>
    public static ActionForm Empty { get; } = new("", "", "", "");
}

/// <summary>The breach page: the worker's load against their limit and weeks over, what has been recorded, and the form.</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="Team">Their team's name.</param>
/// <param name="Week">The week the link is from, e.g. 2026-W47.</param>
/// <param name="AsOf">The data's date, e.g. 16 Nov 2026.</param>
/// <param name="LoadHeading">"Caseload" or "Weighted load".</param>
/// <param name="Load">Their load that week.</param>
/// <param name="Limit">Their limit.</param>
/// <param name="OverBy">How far over.</param>
/// <param name="Band">amber or red; empty when not in breach.</param>
/// <param name="Since">How long they have been over, in words (<see cref="Weekly.BreachAge"/>).</param>
/// <param name="InBreach">In breach that week: the form is shown only then.</param>
/// <param name="History">What has been recorded about this breach, newest first; the first is its action.</param>
/// <param name="Form">The form's values.</param>
/// <param name="Problems">What is wrong with the last submission, by field.</param>
/// <param name="Confirmation">What was just recorded, or null.</param>
/// <param name="Today">Today in the council's time, yyyy-MM-dd: the earliest date the form takes.</param>
/// <param name="ReallocateBy">The latest date a reallocation may give, yyyy-MM-dd.</param>
/// <param name="OtherBy">The latest date support or an exception may give, yyyy-MM-dd.</param>
/// <param name="LinkWorksUntil">When the link stops working, in the council's time: "23 December 2026, 07:00".</param>
public sealed record BreachPage(
    string Worker,
    string Team,
    string Week,
    string AsOf,
    string LoadHeading,
    string Load,
    string Limit,
    string OverBy,
    string Band,
    string Since,
    bool InBreach,
    IReadOnlyList<ActionView> History,
    ActionForm Form,
    IReadOnlyList<ActionProblem> Problems,
    string? Confirmation,
    string Today,
    string ReallocateBy,
    string OtherBy,
    string LinkWorksUntil)
{
    /// <summary>The page's title.</summary>
    public string Title => $"{Worker}: what you are doing about their caseload";

    /// <summary>The CSS of every breach page: readable on a phone, large targets, visible focus, no external fonts.</summary>
    public const string StyleSheet =
        "body{font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;margin:0;background:#f2f6fa}" +
        "main{max-width:36rem;margin:0 auto;padding:1rem;background:#fff}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}" +
        "dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:bold}dd{margin:0}" +
        "fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:bold;margin-bottom:.25rem}" +
        ".choice{display:flex;gap:.5rem;align-items:flex-start;margin:.4rem 0}.choice input{flex:none;width:1.4rem;height:1.4rem;margin:.1rem 0 0}" +
        "label.field{display:block;font-weight:bold;margin:.75rem 0 .25rem}input[type=date],textarea{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:2px solid #555}" +
        "textarea{min-height:6rem}.hint{color:#444;font-size:.9rem;margin:0}.error{color:#b00020;font-weight:bold;margin:.25rem 0}" +
        "button{font:inherit;font-weight:bold;background:#0b57d0;color:#fff;border:0;padding:.75rem 1.5rem;margin-top:1rem;min-height:44px;cursor:pointer}" +
        ":focus{outline:3px solid #ffbf47;outline-offset:2px}.done{background:#e6f4ea;border-left:6px solid #1e7b34;padding:.75rem}" +
        ".problems{border:3px solid #b00020;padding:.75rem}.band{font-weight:bold}ol.history{padding-left:1.25rem}ol.history li{margin-bottom:.75rem}" +
        ".note{white-space:pre-wrap;overflow-wrap:anywhere}";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The page of a worker's breach in a week, with the actions recorded on it so far (oldest first).</summary>
    /// <param name="evaluation">The week's stored evaluation.</param>
    /// <param name="worker">The worker, from that evaluation.</param>
    /// <param name="history">The breach's actions, oldest first.</param>
    /// <param name="today">Today in the council's time.</param>
    /// <param name="zone">The council's time zone, to show when each was recorded.</param>
    /// <param name="linkExpires">When the page's link stops working.</param>
    public static BreachPage Of(CaseloadEvaluation evaluation, WorkerCaseload worker, IReadOnlyList<BreachAction> history, LocalDate today, DateTimeZone zone, DateTimeOffset linkExpires)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(history);
        var weighted = evaluation.LimitOn == LimitOn.Weighted;
        var team = evaluation.Teams.FirstOrDefault(t => t.TeamId == worker.TeamId)?.Name ?? worker.TeamId;
        return new BreachPage(
            Words.OneLine(WorkerNames.Of(evaluation.Workers.Where(w => w.TeamId == worker.TeamId)).Full(worker).ToString()),
            team,
            evaluation.Week.ToString(),
            evaluation.AsOf.ToString("d MMM yyyy", Culture),
            weighted ? "Weighted load" : "Caseload",
            weighted ? worker.WeightedLoad.ToString("0.0", Culture) : worker.Caseload.ToString(Culture),
            worker.Limit?.ToString("0.##", Culture) ?? "",
            worker.OverBy.ToString("0.#", Culture),
            worker.InBreach ? Words.Of(worker.Band) : "",
            Weekly.BreachAge.Of(worker),
            worker.InBreach,
            [.. history.Reverse().Select(a => View(a, zone))],
            ActionForm.Empty,
            [],
            null,
            Iso(today),
            Iso(today.Plus(ActionRules.Horizon(ActionKind.Reallocate))),
            Iso(today.Plus(ActionRules.Horizon(ActionKind.Support))),
            Instant.FromDateTimeOffset(linkExpires).InZone(zone).ToString("d MMMM yyyy, HH:mm", Culture));
    }

    /// <summary>An action in words.</summary>
    public static ActionView View(BreachAction action, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(action);
        var until = action.Until.ToString("d MMMM yyyy", Culture);
        var what = action.Kind switch
        {
            ActionKind.Reallocate => $"Reallocating cases, to be done by {until}",
            ActionKind.Support => $"Support in place, to be reviewed on {until}",
            _ => $"Agreed exception until {until}",
        };
        var at = Instant.FromDateTimeOffset(action.RecordedAt).InZone(zone);
        return new ActionView(what, action.Reason, action.Note, action.RecordedBy, at.ToString("d MMMM yyyy, HH:mm", Culture));
    }

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", Culture);
}

/// <summary>A page that only says something, in the breach page's style.</summary>
/// <param name="Title">Its heading.</param>
/// <param name="Text">What it says.</param>
public sealed record MessagePage(string Title, string Text);
