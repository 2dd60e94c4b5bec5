using System.Text.Encodings.Web;
using System.Text.Json;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime.Text;

namespace Caseload.Reporting.Evaluation;

/// <summary>
/// Writes an evaluation as the JSON contract of the policy spec: camelCase, arrays sorted by team then worker,
/// figures that are not whole rounded to one decimal (limits in weighted mode to two), nothing identifying a child.
/// </summary>
public static class EvaluationJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the evaluation to a stream.</summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="stream">Where to.</param>
    /// <param name="stored">A stored week's (<c>show-week</c>): the teams' trend from the stored weeks is given too.</param>
    public static void Write(CaseloadEvaluation evaluation, Stream stream, bool stored = false)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("asOf", LocalDatePattern.Iso.Format(evaluation.AsOf));
        json.WriteString("week", evaluation.Week.ToString());
        json.WriteString("policyVersion", evaluation.PolicyVersion);

        json.WriteStartArray("workers");
        var limitDecimals = evaluation.LimitOn == LimitOn.Weighted ? 2 : 1;
        foreach (var worker in evaluation.Workers)
        {
            json.WriteStartObject();
            json.WriteString("workerId", worker.WorkerId);
            json.WriteString("name", worker.Name);
            json.WriteString("teamId", worker.TeamId);
            json.WriteString("role", Vocabulary.Code(worker.Role));
            json.WriteNumber("fte", worker.Fte);
            json.WriteBoolean("asye", worker.Asye);
            json.WriteBoolean("agency", worker.Agency);
            json.WriteNumber("caseload", worker.Caseload);
            json.WriteNumber("weightedLoad", Round(worker.WeightedLoad, 1));
            WriteNumberOrNull(json, "limit", worker.Limit, limitDecimals);
            json.WriteNumber("overBy", Round(worker.OverBy, 1));
            json.WriteString("band", Vocabulary.Code(worker.Band));
            if (worker.Status is { } status)
            {
                json.WriteString("status", Vocabulary.Code(status));
            }
            else
            {
                json.WriteNull("status");
            }

            json.WriteNumber("weeksInBreach", worker.WeeksInBreach);
            if (worker.OverSince is { } since)
            {
                json.WriteString("overSince", since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("overSince");
            }

            json.WriteBoolean("historyStarts", worker.HistoryStarts);
            json.WriteBoolean("absent", worker.Absent);
            json.WriteNumber("headroom", Round(worker.Headroom, 1));
            WriteFollowUp(json, worker.FollowUp);
            json.WriteEndObject();
            FlushWhenFull(json);
        }

        json.WriteEndArray();

        json.WriteStartArray("teams");
        foreach (var team in evaluation.Teams)
        {
            json.WriteStartObject();
            json.WriteString("teamId", team.TeamId);
            json.WriteString("name", team.Name);
            json.WriteString("teamType", Vocabulary.Code(team.TeamType));
            WriteFigures(json, team.Figures);
            WriteCapacity(json, team.Capacity.Headroom, team.Capacity.Excess, team.Capacity.CoverNeeded, team.Capacity.Shortfall, team.Capacity.FteNeeded);
            json.WriteStartArray("moves");
            foreach (var move in team.Capacity.Moves)
            {
                json.WriteStartObject();
                json.WriteString("from", move.From);
                json.WriteString("to", move.To);
                json.WriteNumber("cases", move.Cases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (stored)
            {
                WriteNumberOrNull(json, "trendPerWeek", team.Capacity.TrendPerWeek, 1);
                if (team.Capacity.WeeksToWithin is { } weeks)
                {
                    json.WriteNumber("weeksToWithin", weeks);
                }
                else
                {
                    json.WriteNull("weeksToWithin");
                }
            }

            json.WriteEndObject();
            FlushWhenFull(json);
        }

        json.WriteEndArray();

        json.WriteStartObject("totals");
        WriteFigures(json, evaluation.Totals);
        var capacity = evaluation.Capacity;
        WriteCapacity(json, capacity.Headroom, capacity.Excess, capacity.CoverNeeded, capacity.Shortfall, capacity.FteNeeded);
        json.WriteEndObject();

        json.WriteStartArray("dataQuality");
        foreach (var problem in evaluation.DataQuality)
        {
            json.WriteStartObject();
            json.WriteString("severity", Vocabulary.Code(problem.Severity));
            json.WriteString("code", problem.Code);
            json.WriteString("message", problem.Column is null ? problem.Message : $"{problem.Column}: {problem.Message}");
            json.WriteString("where", problem.Where);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The actions spec's fields: the breach's action (null when none), whom it has reached, whether an exception covers it.</summary>
    private static void WriteFollowUp(Utf8JsonWriter json, BreachFollowUp followUp)
    {
        if (followUp.Action is { } action)
        {
            json.WriteStartObject("action");
            json.WriteString("kind", Vocabulary.Code(action.Kind));
            json.WriteString("until", LocalDatePattern.Iso.Format(action.Until));
            json.WriteString("recordedAt", action.RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("recordedBy", action.RecordedBy);
            json.WriteStringOrNull("reason", action.Reason);
            json.WriteStringOrNull("note", action.Note);
            json.WriteBoolean("inDate", followUp.InDate);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("action");
        }

        if (followUp.Escalation is { } escalation)
        {
            json.WriteString("escalation", Vocabulary.Code(escalation));
        }
        else
        {
            json.WriteNull("escalation");
        }

        json.WriteBoolean("excepted", followUp.Excepted);
    }

    /// <summary>The writer buffers everything until flushed: a national roster would sit whole in memory.</summary>
    private static void FlushWhenFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > 1 << 16)
        {
            json.Flush();
        }
    }

    private static void WriteFigures(Utf8JsonWriter json, CaseloadFigures figures)
    {
        json.WriteNumber("caseHolders", figures.CaseHolders);
        json.WriteNumber("cases", figures.Cases);
        WriteNumberOrNull(json, "averageCaseload", figures.AverageCaseload, 1);
        WriteNumberOrNull(json, "casesPerFte", figures.CasesPerFte, 1);
        json.WriteNumber("workersOverLimit", figures.WorkersOverLimit);
        json.WriteNumber("unallocated", figures.Unallocated);
    }

    private static void WriteCapacity(Utf8JsonWriter json, decimal headroom, decimal excess, decimal coverNeeded, decimal shortfall, decimal fteNeeded)
    {
        json.WriteNumber("headroom", Round(headroom, 1));
        json.WriteNumber("excess", Round(excess, 1));
        json.WriteNumber("coverNeeded", Round(coverNeeded, 1));
        json.WriteNumber("shortfall", Round(shortfall, 1));
        json.WriteNumber("fteNeeded", Round(fteNeeded, 1));
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, decimal? value, int decimals) =>
        json.WriteNumberOrNull(name, value is { } number ? Round(number, decimals) : null);

    /// <summary>Half away from zero, as a person rounds: 17.25 is 17.3.</summary>
    private static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
