using System.Globalization;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Staff;
using NodaTime;

namespace Caseload.Reporting.Content.Pages;

/// <summary>
/// A worker's subject access request as they read it: one page, in words, of everything stored about them
/// (<see cref="SubjectAccess"/>); the JSON beside it carries the same.
/// </summary>
/// <param name="Title">The page's title.</param>
/// <param name="Made">When it was made, in words.</param>
/// <param name="Roster">What the rosters said, a row per run of snapshots: dates, then each fact.</param>
/// <param name="Weeks">Each week's figures, a row per week.</param>
/// <param name="Actions">The actions recorded on their breaches.</param>
/// <param name="Notifications">The notifications that named them.</param>
public sealed record SubjectAccessPage(
    string Title,
    string Made,
    IReadOnlyList<IReadOnlyList<string>> Roster,
    IReadOnlyList<IReadOnlyList<string>> Weeks,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<SubjectAccessMessage> Notifications)
{
    /// <summary>The headings of the roster table.</summary>
    public static IReadOnlyList<string> RosterHeadings { get; } = ["Snapshots", "Name", "Email", "Team", "Role", "FTE", "ASYE", "Agency", "Long absence"];

    /// <summary>The headings of the weeks table.</summary>
    public static IReadOnlyList<string> WeekHeadings { get; } = ["Week", "Data as at", "Team", "FTE", "Caseload", "Limit", "Band", "Over the limit since"];

    /// <summary>The roster's column of addresses: an address is one long word, which may break anywhere.</summary>
    public const int AddressColumn = 2;

    /// <summary>The breach page's style, with room for tables.</summary>
    /// <remarks>A table takes the page's width and its cells wrap between words, an address anywhere, so that nothing runs off a narrow window.</remarks>
    public const string StyleSheet = BreachPage.StyleSheet +
        "main{max-width:60rem}table{border-collapse:collapse;margin:.5rem 0;font-size:.95rem;width:100%}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}td.address{overflow-wrap:anywhere}" +
        "h3{font-size:1rem;margin:1rem 0 .25rem}";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The page of what was collected.</summary>
    /// <param name="access">What is stored about the worker.</param>
    /// <param name="zone">The council's time zone.</param>
    public static SubjectAccessPage Of(SubjectAccess access, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(access);
        var name = access.Roster.Count > 0 ? access.Roster[^1].Name : access.Weeks.Count > 0 ? access.Weeks[^1].Name : null;
        var weighted = access.Weeks.Any(w => w.Load != w.Caseload);
        return new SubjectAccessPage(
            name is null ? "What Caseload Reporting holds about you" : $"What Caseload Reporting holds about {Words.OneLine(name)}",
            Instant.FromDateTimeOffset(access.MadeAt).InZone(zone).ToString("d MMMM yyyy, HH:mm", Culture),
            [.. access.Roster.Select(r => (IReadOnlyList<string>)
            [
                r.From == r.To ? Date(r.From) : $"{Date(r.From)} to {Date(r.To)} ({Counted.Of(r.Snapshots, "snapshot")})",
                Words.OneLine(r.Name) + (r.SweNumber is { } swe ? $" (Social Work England {swe})" : ""), r.Email, r.Team, Vocabulary.Describe(r.Role), r.Fte.ToString("0.##", Culture),
                r.Asye ? "yes" : "no", r.Agency ? "yes" : "no",
                r.AwayFrom is { } from ? $"from {Date(from)}{(r.AwayUntil is { } until ? $" to {Date(until)}" : ", no end date")}" : "none",
            ])],
            [.. access.Weeks.Select(w => (IReadOnlyList<string>)
            [
                w.Week.ToString(), Date(w.AsOf), w.Team, w.Fte.ToString("0.##", Culture),
                weighted ? $"{Counted.Of(w.Caseload, "case")} (weighted load {w.Load.ToString("0.0", Culture)})" : Counted.Of(w.Caseload, "case"),
                w.Limit?.ToString("0.##", Culture) ?? "none (role without a limit)",
                Words.Of(w.Band) + (w.Away ? ", away" : ""),
                w.OverSince is { } since ? Date(since) : "",
            ])],
            [.. access.Actions.Select(a => BreachPage.View(a, zone))],
            [.. access.Notifications.Select(n => new SubjectAccessMessage(
                n.Period, Sentence(Caseload.Reporting.Notifications.NotificationKinds.Describe(n.Kind)), n.Recipient, n.Subject,
                n.Sent is { } sent ? "sent " + Instant.FromDateTimeOffset(sent).InZone(zone).ToString("d MMMM yyyy, HH:mm", Culture) : "not sent",
                [.. n.Lines.Select(WithoutBullet)]))]);
    }

    /// <summary>A line of a message as the page lists it: the message's own bullet ("- ", "• ") left off, the page's list giving one.</summary>
    private static string WithoutBullet(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 1 && trimmed[0] is '-' or '•' or '*' && trimmed[1] == ' ' ? trimmed[2..].TrimStart() : trimmed;
    }

    private static string Date(LocalDate date) => date.ToString("d MMM yyyy", Culture);

    private static string Sentence(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
}

/// <summary>A notification that named the worker, in words.</summary>
/// <param name="Period">Its week or month.</param>
/// <param name="What">What it was.</param>
/// <param name="To">To whom.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Sent">"sent" and when, or "not sent".</param>
/// <param name="Lines">What it said about them.</param>
public sealed record SubjectAccessMessage(string Period, string What, string To, string Subject, string Sent, IReadOnlyList<string> Lines);
