using System.Text.Encodings.Web;
using System.Text.Json;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Staff;

/// <summary>
/// A subject access request's answer as JSON, beside its page (docs/data-protection.md): camelCase, dates ISO 8601,
/// codes as the specs write them.
/// </summary>
public static class SubjectAccessJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the answer to a stream.</summary>
    public static void Write(SubjectAccess access, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(access);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("workerId", access.WorkerId);
        json.WriteString("madeAt", access.MadeAt);

        json.WriteStartArray("roster");
        foreach (var r in access.Roster)
        {
            json.WriteStartObject();
            Date(json, "from", r.From);
            Date(json, "to", r.To);
            json.WriteNumber("snapshots", r.Snapshots);
            json.WriteString("name", r.Name);
            json.WriteString("email", r.Email);
            json.WriteString("sweNumber", r.SweNumber);
            json.WriteString("team", r.Team);
            json.WriteString("role", Vocabulary.Code(r.Role));
            json.WriteNumber("fte", r.Fte);
            json.WriteBoolean("asye", r.Asye);
            json.WriteBoolean("agency", r.Agency);
            Date(json, "absenceFrom", r.AwayFrom);
            Date(json, "absenceTo", r.AwayUntil);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("weeks");
        foreach (var w in access.Weeks)
        {
            json.WriteStartObject();
            json.WriteString("week", w.Week.ToString());
            Date(json, "asOf", w.AsOf);
            json.WriteString("name", w.Name);
            json.WriteString("team", w.Team);
            json.WriteNumber("fte", w.Fte);
            json.WriteNumber("caseload", w.Caseload);
            json.WriteNumber("load", w.Load);
            json.WriteNumberOrNull("limit", w.Limit);

            json.WriteString("band", Vocabulary.Code(w.Band));
            Date(json, "overSince", w.OverSince);
            json.WriteNumber("weeksInBreach", w.WeeksInBreach);
            json.WriteBoolean("absent", w.Away);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("actions");
        foreach (var a in access.Actions)
        {
            json.WriteStartObject();
            json.WriteString("breachSince", a.Breach.Since.ToString());
            json.WriteString("action", Vocabulary.Code(a.Kind));
            Date(json, "until", a.Until);
            json.WriteString("reason", a.Reason);
            json.WriteString("note", a.Note);
            json.WriteString("recordedAt", a.RecordedAt);
            json.WriteString("recordedBy", a.RecordedBy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notifications");
        foreach (var n in access.Notifications)
        {
            json.WriteStartObject();
            json.WriteString("period", n.Period);
            json.WriteString("kind", Vocabulary.Code(n.Kind));
            json.WriteString("recipient", n.Recipient);
            json.WriteString("subject", n.Subject);
            if (n.Sent is { } sent)
            {
                json.WriteString("sentAt", sent);
            }
            else
            {
                json.WriteNull("sentAt");
            }

            json.WriteStartArray("aboutYou");
            foreach (var line in n.Lines)
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Date(Utf8JsonWriter json, string name, LocalDate? date) =>
        json.WriteStringOrNull(name, date is { } d ? LocalDatePattern.Iso.Format(d) : null);
}
