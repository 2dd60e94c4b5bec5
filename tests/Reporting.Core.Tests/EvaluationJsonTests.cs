using System.Text.Json;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

/// <summary>The evaluation output is a contract: the policy spec's field names, meanings and rounding.</summary>
public class EvaluationJsonTests
{
    private static JsonElement Json(CaseloadEvaluation evaluation)
    {
        using var stream = new MemoryStream();
        EvaluationJson.Write(evaluation, stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Output_has_the_spec_fields_in_camel_case()
    {
        var json = Json(new Council().Team("T1").Worker("W1").Cases(21, "W1").Case("U1", null, "T1").Evaluate());

        Assert.Equal(["asOf", "week", "policyVersion", "workers", "teams", "totals", "dataQuality"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-16", json.GetProperty("asOf").GetString());
        Assert.Equal("2026-W47", json.GetProperty("week").GetString());
        Assert.Equal("2026-11-a", json.GetProperty("policyVersion").GetString());

        var worker = json.GetProperty("workers")[0];
        Assert.Equal(
            ["workerId", "name", "teamId", "role", "fte", "asye", "agency", "caseload", "weightedLoad", "limit", "overBy", "band", "status", "weeksInBreach", "overSince", "historyStarts", "absent", "headroom", "action", "escalation", "excepted"],
            worker.EnumerateObject().Select(p => p.Name));
        Assert.Equal("social_worker", worker.GetProperty("role").GetString());
        Assert.Equal(18, worker.GetProperty("limit").GetDecimal());
        Assert.Equal(3, worker.GetProperty("overBy").GetDecimal());
        Assert.Equal("red", worker.GetProperty("band").GetString());
        Assert.Equal("new", worker.GetProperty("status").GetString());

        var team = json.GetProperty("teams")[0];
        Assert.Equal(
            ["teamId", "name", "teamType", "caseHolders", "cases", "averageCaseload", "casesPerFte", "workersOverLimit", "unallocated", "headroom", "excess", "coverNeeded", "shortfall", "fteNeeded", "moves"],
            team.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cin_cp", team.GetProperty("teamType").GetString());
        Assert.Equal(22, team.GetProperty("cases").GetInt32());
        Assert.Equal(1, json.GetProperty("totals").GetProperty("unallocated").GetInt32());
    }

    [Fact]
    public void Figures_that_are_not_whole_are_rounded_to_one_decimal()
    {
        var evaluation = new Council().Team("T1").Worker("W1").Worker("W2").Worker("W3")
            .Cases(10, "W1").Cases(10, "W2").Cases(11, "W3").Case("C", "W1", type: CaseType.Cla)
            .Evaluate();

        var team = Json(evaluation).GetProperty("teams")[0];
        Assert.Equal(10.7m, team.GetProperty("averageCaseload").GetDecimal()); // 32 / 3
        Assert.Equal(11.3m, Json(evaluation).GetProperty("workers")[0].GetProperty("weightedLoad").GetDecimal()); // 11.25, half away from zero
    }

    [Fact]
    public void Limits_on_weighted_loads_keep_two_decimals()
    {
        var evaluation = new Council().Team("T1").Worker("W1", fte: 0.7m, asye: true).Cases(8, "W1", CaseType.Cp)
            .Evaluate(Policy.Default with { LimitOn = LimitOn.Weighted });

        var worker = Json(evaluation).GetProperty("workers")[0];
        Assert.Equal(10.08m, worker.GetProperty("limit").GetDecimal());
        Assert.Equal(1.9m, worker.GetProperty("overBy").GetDecimal()); // 12 - 10.08 = 1.92
    }

    [Fact]
    public void An_exempt_worker_has_a_null_limit_and_status()
    {
        var worker = Json(Council.OneWorker(30, Role.TeamManager).Evaluate()).GetProperty("workers")[0];

        Assert.Equal(JsonValueKind.Null, worker.GetProperty("limit").ValueKind);
        Assert.Equal(JsonValueKind.Null, worker.GetProperty("status").ValueKind);
        Assert.Equal("exempt", worker.GetProperty("band").GetString());
    }

    [Fact]
    public void Output_names_no_child()
    {
        var text = JsonSerializer.Serialize(Json(new Council().Team("T1").Worker("W1").Case("CHILD-7731", "W1").Case("CHILD-7732", null, "T1").Evaluate()));

        Assert.DoesNotContain("CHILD-77", text, StringComparison.Ordinal);
    }
}
