using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

/// <summary>policy.json: merged over the defaults field by field; every bad field named.</summary>
public class PolicyDocumentTests
{
    private static InvalidInputException Rejected(string json) =>
        Assert.Throws<InvalidInputException>(() => PolicyDocument.Parse(json));

    [Fact]
    public void An_empty_document_is_the_built_in_defaults()
    {
        var policy = PolicyDocument.Parse("{}");

        Assert.Equal("2026-11-a", policy.Version);
        Assert.Equal(CountBy.Child, policy.CountBy);
        Assert.Equal(LimitOn.Count, policy.LimitOn);
        Assert.Equal(18m, policy.Limits.Default);
        Assert.Equal(15m, policy.Limits.For(TeamType.Adolescent));
        Assert.Equal(0.8m, policy.Asye.Fraction);
        Assert.Null(policy.Asye.Max);
        Assert.True(policy.ProRataFte);
        Assert.Equal(2m, policy.AmberMax);
        Assert.Equal([Role.TeamManager, Role.FamilyWorker, Role.Student], policy.ExemptRoles.Order());
        Assert.Equal(1.5m, policy.Weights.Of(CaseType.Cp, false));
        Assert.Equal(0.5m, policy.Weights.InProceedingsUplift);
    }

    [Fact]
    public void Objects_merge_field_by_field()
    {
        var policy = PolicyDocument.Parse("""{"weights": {"cp": 2}, "limits": {"default": 17}, "asye": {"max": 12}}""");

        Assert.Equal(2m, policy.Weights.Of(CaseType.Cp, false));
        Assert.Equal(1.25m, policy.Weights.Of(CaseType.Cla, false));
        Assert.Equal(17m, policy.Limits.Default);
        Assert.Equal(15m, policy.Limits.For(TeamType.Adolescent));
        Assert.Equal(0.8m, policy.Asye.Fraction);
        Assert.Equal(12m, policy.Asye.Max);
    }

    [Fact]
    public void Team_type_limits_add_to_the_defaults()
    {
        var policy = PolicyDocument.Parse("""{"limits": {"teamTypes": {"children_in_care": 16}}}""");

        Assert.Equal(16m, policy.Limits.For(TeamType.ChildrenInCare));
        Assert.Equal(15m, policy.Limits.For(TeamType.Adolescent));
    }

    [Fact]
    public void Arrays_replace()
    {
        var policy = PolicyDocument.Parse("""{"exemptRoles": ["student"]}""");

        Assert.Equal([Role.Student], policy.ExemptRoles);
    }

    [Fact]
    public void A_fraction_can_be_removed_to_leave_the_max_alone()
    {
        var policy = PolicyDocument.Parse("""{"asye": {"fraction": null, "max": 12}}""");

        Assert.Equal(new AsyeProtection(null, 12m), policy.Asye);
    }

    [Fact]
    public void The_example_policy_of_the_spec_reads()
    {
        var policy = PolicyDocument.Parse("""
            { "version": "2026-11-a", "countBy": "child", "limitOn": "count",
              "limits": { "default": 18, "teamTypes": { "adolescent": 15 } }, "asye": { "fraction": 0.8 },
              "proRataFte": true, "amberMax": 2, "exemptRoles": ["team_manager", "family_worker", "student"],
              "weights": { "assessment": 1.0, "cin": 1.0, "cp": 1.5, "cla": 1.25, "care_leaver": 0.5,
                           "early_help": 0.75, "other": 1.0, "inProceedingsUplift": 0.5 } }
            """);

        Assert.Equal(Policy.Default.Limits.Default, policy.Limits.Default);
        Assert.Equal(Policy.Default.ExemptRoles.Order(), policy.ExemptRoles.Order());
    }

    [Theory]
    [InlineData("""{"limit": 18}""", "limit", "unknown field")]
    [InlineData("""{"weights": {"cpp": 2}}""", "weights.cpp", "unknown field")]
    [InlineData("""{"limits": {"teamTypes": {"adolescents": 15}}}""", "limits.teamTypes.adolescents", "unknown field")]
    [InlineData("""{"limits": {"default": "18"}}""", "limits.default", "expected a number")]
    [InlineData("""{"limits": {"default": 0}}""", "limits.default", "greater than 0")]
    [InlineData("""{"asye": {"fraction": 1.5}}""", "asye.fraction", "at most 1")]
    [InlineData("""{"proRataFte": "yes"}""", "proRataFte", "expected true or false")]
    [InlineData("""{"countBy": "household"}""", "countBy", "'household' is not one of child, family")]
    [InlineData("""{"limitOn": 3}""", "limitOn", "expected a string")]
    [InlineData("""{"exemptRoles": ["manager"]}""", "exemptRoles[0]", "'manager' is not one of")]
    [InlineData("""{"exemptRoles": "student"}""", "exemptRoles", "expected an array")]
    [InlineData("""{"amberMax": -1}""", "amberMax", "0 or more")]
    [InlineData("""{"version": ""}""", "version", "empty")]
    [InlineData("""[]""", "(document)", "expected an object")]
    public void A_bad_field_is_an_error_naming_the_field(string json, string field, string message)
    {
        var problem = Assert.Single(Rejected(json).Problems);

        Assert.Equal(Severity.Error, problem.Severity);
        Assert.Equal(field, problem.Column);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"policy.json: {field}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var problems = Rejected("""{"countBy": "x", "weights": {"cp": -1, "zz": 1}, "extra": true}""").Problems;

        Assert.Equal(["countBy", "extra", "weights.cp", "weights.zz"], problems.Select(p => p.Column).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_that_is_not_json_is_an_error_with_its_line_and_column_in_words()
    {
        var problem = Assert.Single(Rejected("{\n  \"limits\": {\"default\": 18,}\n}").Problems);

        Assert.Equal(2, problem.Line);
        Assert.Equal("policy.json:2: column 28: a comma before }: remove it; fix the JSON and set it again", problem.ToString());
    }

    [Fact]
    public void The_policy_in_force_written_as_a_document_reads_back_as_the_same_policy_and_is_the_example()
    {
        var changed = PolicyDocument.Parse("""{"version": "v2", "countBy": "family", "limits": {"teamTypes": {"cin_cp": 16}}, "asye": {"max": 12}, "weights": {"cp": 2}, "exemptRoles": ["student"]}""");

        var written = PolicyDocument.Write(changed);
        var again = PolicyDocument.Parse(written);

        Assert.Equal(written, PolicyDocument.Write(again));
        Assert.Equal((changed.Version, changed.CountBy, changed.Limits.Default, changed.Asye, changed.AmberMax, changed.Escalation), (again.Version, again.CountBy, again.Limits.Default, again.Asye, again.AmberMax, again.Escalation));
        Assert.Equal(changed.Limits.TeamTypes.OrderBy(t => t.Key), again.Limits.TeamTypes.OrderBy(t => t.Key));
        Assert.Equal(changed.Weights.ByCaseType.OrderBy(t => t.Key), again.Weights.ByCaseType.OrderBy(t => t.Key));
        Assert.Equal(changed.ExemptRoles.Order(), again.ExemptRoles.Order());
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policy.json")).Trim(), PolicyDocument.Write(Policy.Default));
    }
}
