using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Snapshots;
using NodaTime.Text;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting actions</c>: what team managers recorded about the breaches open in a week, for IT and the principal social worker.</summary>
internal static class ActionsCommand
{
    public static Command Create(CliConsole console)
    {
        var week = Periods.Week("The ISO week whose open breaches to list, e.g. 2026-W47; by default this week.");
        var format = new Option<string>("--format") { Description = "table, for a person; json, for a program.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("actions", "List the actions recorded on a week's breaches, newest first (each breach's latest is its action).") { week, format, Record(console) };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            var listed = await console.Job<ActionJob>().ListAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                WriteJson(listed, console.Bytes);
                return 0;
            }

            console.Out.WriteLine($"Actions on the breaches open in {chosen}: {listed.Count}");
            foreach (var item in listed)
            {
                var a = item.Action;
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {a.RecordedAt.ToUniversalTime():yyyy-MM-dd HH:mm}Z  {item.Worker} ({item.Team}): {Vocabulary.Code(a.Kind)} until {a.Until:yyyy-MM-dd}{(a.Reason is null ? "" : $", reason: {OneLine(a.Reason)}")}{(a.Note is null ? "" : $", note: {OneLine(a.Note)}")}; by {a.RecordedBy}{(item.Current ? "" : " (since changed)")}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>reporting actions record</c>: an action entered for a manager who cannot use the link, through the page's rules.</summary>
    private static Command Record(CliConsole console)
    {
        var week = Periods.Week("The ISO week whose breach it is about, e.g. 2026-W47.", required: true);
        var worker = new Option<string>("--worker") { Description = "The worker's worker_id.", Required = true };
        var kind = new Option<string>("--kind") { Description = "reallocate (cases moved by a date), support (extra support until a date), or exception (agreed, with a reason, until a date).", Required = true };
        kind.AcceptOnlyFromAmong("reallocate", "support", "exception");
        var until = new Option<string>("--until") { Description = "The date it runs to, yyyy-MM-dd (the page's limits apply).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why, for an exception." };
        var note = new Option<string?>("--note") { Description = "A note, as the page takes one." };
        var by = new Option<string>("--by") { Description = "Who is entering it on the manager's behalf (an email address); recorded with it.", Required = true };
        var command = new Command("record", "Record what a team manager is doing about a breach, for a manager who cannot use the link: the page's rules, limits and history; recorded as entered by --by.") { week, worker, kind, until, reason, note, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            if (!Notifications.EmailAddress.IsValid(parse.GetValue(by)!.Trim()))
            {
                await console.Error.WriteLineAsync($"--by: '{parse.GetValue(by)}' is not an email address; give the address of whoever is entering it").ConfigureAwait(false);
                return 1;
            }

            var recording = await console.Job<ActionJob>().RecordOnBehalfAsync(
                chosen, parse.GetValue(worker)!, parse.GetValue(kind)!, parse.GetValue(until)!, parse.GetValue(reason), parse.GetValue(note), parse.GetValue(by)!, cancellationToken).ConfigureAwait(false);
            foreach (var problem in recording.Problems)
            {
                await console.Error.WriteLineAsync($"--{problem.Field}: {problem.Message}").ConfigureAwait(false);
            }

            if (recording.Action is not { } action)
            {
                return 1;
            }

            await console.Out.WriteLineAsync($"recorded for {action.Breach.WorkerId} in {chosen}: {Vocabulary.Code(action.Kind)} until {action.Until:yyyy-MM-dd}, entered by {action.RecordedBy}; "
                + (recording.CountsFromNextWeek ? "this week's emails were prepared before it, so it counts from next week's" : "it shows in the next weekly emails and in show-week once that week is run")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static void WriteJson(IReadOnlyList<ListedAction> listed, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        foreach (var item in listed)
        {
            var a = item.Action;
            json.WriteStartObject();
            json.WriteString("workerId", a.Breach.WorkerId);
            json.WriteString("worker", item.Worker);
            json.WriteString("teamId", a.TeamId);
            json.WriteString("breachSince", a.Breach.Since.ToString());
            json.WriteString("kind", Vocabulary.Code(a.Kind));
            json.WriteString("until", LocalDatePattern.Iso.Format(a.Until));
            json.WriteString("reason", a.Reason);
            json.WriteString("note", a.Note);
            json.WriteString("recordedAt", a.RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("recordedBy", a.RecordedBy);
            json.WriteBoolean("current", item.Current);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
