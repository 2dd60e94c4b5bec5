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
        var command = new Command("actions", "List the actions recorded on a week's breaches, newest first (each breach's latest is its action).") { week, format };
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
