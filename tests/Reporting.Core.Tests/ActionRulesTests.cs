using System.Text;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The actions spec by example: what a manager may record, when it is in date, whom a breach reaches, and the links.</summary>
public class ActionRulesTests
{
    private static readonly LocalDate Today = new(2026, 11, 24);
    private static readonly IsoWeek Week47 = new(2026, 47);
    private static readonly DateTimeOffset Monday47 = new(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-signing-key-of-at-least-32-characters!");

    [Theory]
    [InlineData(ActionKind.Reallocate, 28, null, null)]
    [InlineData(ActionKind.Reallocate, 29, null, "until")]
    [InlineData(ActionKind.Support, 56, null, null)]
    [InlineData(ActionKind.Support, 57, null, "until")]
    [InlineData(ActionKind.Exception, 56, "Case closing at court on 2 Dec", null)]
    [InlineData(ActionKind.Exception, 56, " ", "reason")]
    [InlineData(ActionKind.Reallocate, -1, null, "until")]
    [InlineData(ActionKind.Reallocate, 0, null, null)]
    public void Each_kind_runs_at_most_its_weeks_from_the_day_it_is_recorded(ActionKind kind, int days, string? reason, string? wrong)
    {
        var problems = ActionRules.Check(kind, Today.PlusDays(days), reason, Today);

        Assert.Equal(wrong, problems.Select(p => p.Field).SingleOrDefault());
    }

    [Fact]
    public void An_action_stamped_at_or_before_a_claim_that_it_met_is_stamped_just_after_the_latest_such_claim()
    {
        var stamp = new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);

        Assert.Null(ActionRules.AfterPreparation(stamp, []));
        Assert.Null(ActionRules.AfterPreparation(stamp, [stamp.AddDays(-7), stamp.AddTicks(-1)]));
        Assert.Equal(stamp.AddMilliseconds(1), ActionRules.AfterPreparation(stamp, [stamp]));
        Assert.Equal(stamp.AddSeconds(2).AddMilliseconds(1), ActionRules.AfterPreparation(stamp, [stamp.AddDays(-7), stamp.AddSeconds(2), stamp.AddSeconds(1)]));
    }

    [Fact]
    public void A_note_is_kept_as_plain_text_and_cut_at_500_characters_never_mid_character()
    {
        var note = "Line one\r\nLine\u0007 two\u0000" + new string('x', 497) + "😀tail";

        var kept = ActionRules.Clean(note, ActionRules.NoteLength)!;

        Assert.StartsWith("Line one\nLine two", kept, StringComparison.Ordinal);
        Assert.True(kept.Length <= 500);
        Assert.False(char.IsHighSurrogate(kept[^1]));
        Assert.Null(ActionRules.Clean(" \r\n\t ", 500));
    }

    [Theory]
    // weeks in breach → escalation with no action, under the spec's defaults (head of service 2, leadership 6)
    [InlineData(1, null)]
    [InlineData(2, Escalation.HeadOfService)]
    [InlineData(5, Escalation.HeadOfService)]
    [InlineData(6, Escalation.Leadership)]
    [InlineData(30, Escalation.Leadership)]
    public void A_breach_nobody_acts_on_reaches_the_head_of_service_then_leadership(int weeks, Escalation? expected)
    {
        var worker = InBreach(weeks);

        var followUp = BreachFollowUp.Of(worker, Week47, Monday47, BreachActions.None, EscalationPolicy.Default);

        Assert.Equal(expected, followUp.Escalation);
        Assert.Null(followUp.Action);
        Assert.False(followUp.Excepted);
    }

    [Fact]
    public void An_action_in_date_stops_escalation_and_one_past_its_date_or_recorded_after_the_evaluation_does_not()
    {
        var worker = InBreach(weeks: 3);  // began in week 45
        var breach = new BreachKey("W1", new IsoWeek(2026, 45));
        BreachAction Act(ActionKind kind, LocalDate until, DateTimeOffset at) =>
            new(breach, "T1", kind, until, kind == ActionKind.Exception ? "Case closing" : null, null, at, "manager@council.example");

        var inDate = BreachFollowUp.Of(worker, Week47, Monday47, new([Act(ActionKind.Reallocate, new LocalDate(2026, 11, 16), Monday47.AddDays(-5))]), EscalationPolicy.Default);
        var pastItsDate = BreachFollowUp.Of(worker, Week47, Monday47, new([Act(ActionKind.Reallocate, new LocalDate(2026, 11, 15), Monday47.AddDays(-5))]), EscalationPolicy.Default);
        var afterTheEvaluation = BreachFollowUp.Of(worker, Week47, Monday47, new([Act(ActionKind.Support, new LocalDate(2026, 12, 1), Monday47.AddHours(2))]), EscalationPolicy.Default);
        var excepted = BreachFollowUp.Of(worker, Week47, Monday47, new([Act(ActionKind.Exception, new LocalDate(2026, 12, 31), Monday47.AddDays(-1))]), EscalationPolicy.Default);
        var otherBreach = BreachFollowUp.Of(worker, Week47, Monday47, new([Act(ActionKind.Reallocate, new LocalDate(2026, 12, 1), Monday47.AddDays(-1)) with { Breach = breach with { Since = new IsoWeek(2026, 40) } }]), EscalationPolicy.Default);

        Assert.Equal((true, (Escalation?)null, false), (inDate.InDate, inDate.Escalation, inDate.Excepted));
        Assert.Equal((false, (Escalation?)Escalation.HeadOfService), (pastItsDate.InDate, pastItsDate.Escalation));
        Assert.NotNull(pastItsDate.Action);  // shown, with its date passed
        Assert.Equal(((BreachAction?)null, (Escalation?)Escalation.HeadOfService), (afterTheEvaluation.Action, afterTheEvaluation.Escalation));
        Assert.Equal((true, (Escalation?)null, true), (excepted.InDate, excepted.Escalation, excepted.Excepted));
        Assert.Null(otherBreach.Action);  // a later breach of the same worker needs its own
    }

    [Fact]
    public void The_latest_action_recorded_is_the_breaches_action()
    {
        var breach = new BreachKey("W1", new IsoWeek(2026, 46));
        var first = new BreachAction(breach, "T1", ActionKind.Support, new LocalDate(2026, 12, 20), null, "first", Monday47.AddDays(-6), "a@council.example");
        var second = first with { Kind = ActionKind.Reallocate, Until = new LocalDate(2026, 12, 1), Note = "second", RecordedAt = Monday47.AddDays(-2) };

        var actions = new BreachActions([second, first]);

        Assert.Equal("second", actions.LatestOf(breach, Monday47)!.Note);
        Assert.Equal("first", actions.LatestOf(breach, Monday47.AddDays(-3))!.Note);
        Assert.Equal(["first", "second"], actions.HistoryOf(breach).Select(a => a.Note));
    }

    [Fact]
    public void The_evaluation_gives_each_breach_its_action_and_escalation_and_the_policy_sets_the_weeks()
    {
        var policy = PolicyDocument.Parse("""{"escalation": {"headOfServiceAfterWeeks": 1, "leadershipAfterWeeks": 3}}""");
        var council = new Council().Team("T1").Worker("W1").Cases(21, "W1").Worker("W2").Cases(20, "W2").Worker("W3").Cases(5, "W3");
        var recorded = new BreachAction(new BreachKey("W2", Week47), "T1", ActionKind.Reallocate, new LocalDate(2026, 12, 1), null, null, Monday47.AddMinutes(-1), "m@council.example");

        var caseloads = CaseloadSummary.Of(council.Snapshot());
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, policy, null, new ActionsInWeek(Week47, Monday47, new BreachActions([recorded])));
        var withoutStorage = CaseloadEvaluation.Evaluate(caseloads, policy);

        Assert.Equal(Escalation.HeadOfService, evaluation.Worker("W1").FollowUp.Escalation);
        Assert.Equal((true, (Escalation?)null), (evaluation.Worker("W2").FollowUp.InDate, evaluation.Worker("W2").FollowUp.Escalation));
        Assert.Same(BreachFollowUp.None, evaluation.Worker("W3").FollowUp);
        Assert.Null(withoutStorage.Worker("W2").FollowUp.Action);
        Assert.Equal(Escalation.HeadOfService, withoutStorage.Worker("W2").FollowUp.Escalation);  // from weeks alone
    }

    [Theory]
    [InlineData("""{"escalation": {"headOfServiceAfterWeeks": 4, "leadershipAfterWeeks": 3}}""", "escalation.leadershipAfterWeeks")]
    [InlineData("""{"escalation": {"headOfServiceAfterWeeks": 0}}""", "escalation.headOfServiceAfterWeeks")]
    [InlineData("""{"escalation": {"leadershipAfterWeeks": 2.5}}""", "escalation.leadershipAfterWeeks")]
    [InlineData("""{"escalation": {"afterWeeks": 2}}""", "escalation.afterWeeks")]
    public void Escalation_settings_that_cannot_work_are_refused_at_their_path(string json, string path)
    {
        var refused = Assert.Throws<InvalidInputException>(() => PolicyDocument.Parse(json));

        Assert.Contains(refused.Problems, p => p.Column == path);
    }

    [Fact]
    public void A_policy_that_gives_one_escalation_setting_keeps_the_default_of_the_other()
    {
        Assert.Equal(new EscalationPolicy(3, 6), PolicyDocument.Parse("""{"escalation": {"headOfServiceAfterWeeks": 3}}""").Escalation);
        Assert.Equal(new EscalationPolicy(2, 6), Policy.Default.Escalation);
    }

    [Fact]
    public void A_link_is_believed_only_whole_unaltered_in_date_and_signed_with_the_key()
    {
        var link = new BreachLink(Key);
        var claims = new LinkClaims(Week47, "T1", "W1", "manager@council.example", Monday47.AddDays(14));
        var token = link.Sign(claims);
        var parts = token.Split('.');
        var altered = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[2])).Replace("W1", "W2", StringComparison.Ordinal);
        var forgedWorker = $"{parts[0]}.{parts[1]}.{System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(altered))}.{parts[3]}";

        Assert.Equal(claims, link.Check(token, Monday47).Claims);
        Assert.Equal(LinkRefusal.Expired, link.Check(token, Monday47.AddDays(14)).Refusal);
        Assert.Equal(LinkRefusal.Forged, link.Check(forgedWorker, Monday47).Refusal);
        Assert.Equal(LinkRefusal.Retired, new BreachLink(Encoding.UTF8.GetBytes("another-key-of-at-least-32-characters!!")).Check(token, Monday47).Refusal);
        Assert.All(new[] { "", "v1", "v1..", "v2...", "v1." + parts[2] + "." + parts[3], "v3." + string.Join('.', parts[1..]), token + "x", token[..^2], "../../etc/passwd", new string('a', 5000) },
            bad => Assert.Equal(LinkRefusal.Forged, link.Check(bad, Monday47).Refusal));
        Assert.Throws<ArgumentException>(() => new BreachLink(Encoding.UTF8.GetBytes("short")));
    }

    [Fact]
    public void Keys_rotate_a_link_signed_with_a_previous_key_is_believed_and_one_whose_key_is_gone_is_told_apart_from_an_altered_one()
    {
        var old = Encoding.UTF8.GetBytes("the-old-key-of-at-least-32-characters!!");
        var current = Encoding.UTF8.GetBytes("the-new-key-of-at-least-32-characters!!");
        var claims = new LinkClaims(Week47, "T1", "W1", "manager@council.example", Monday47.AddDays(14));
        var signedBefore = new BreachLink(old).Sign(claims);
        var rotating = new BreachLink(current, old);
        var signedAfter = rotating.Sign(claims);

        // A first-version link (no key id), as sent before key ids: checked with every key in use.
        var body = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new[] { "2026-W47", "T1", "W1", "manager@council.example", Monday47.AddDays(14).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var firstVersion = $"v1.{body}.{System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(old, Encoding.ASCII.GetBytes($"v1.{body}")))}";

        Assert.Equal(claims, rotating.Check(signedBefore, Monday47).Claims);
        Assert.Equal(claims, rotating.Check(signedAfter, Monday47).Claims);
        Assert.Equal(claims, rotating.Check(firstVersion, Monday47).Claims);
        Assert.NotEqual(signedBefore.Split('.')[1], signedAfter.Split('.')[1]);   // each key has its own id
        Assert.DoesNotContain("key", signedAfter, StringComparison.Ordinal);

        var retired = new BreachLink(current);
        Assert.Equal(LinkRefusal.Retired, retired.Check(signedBefore, Monday47).Refusal);
        Assert.Equal(LinkRefusal.Forged, retired.Check(signedAfter[..^3] + "AAA", Monday47).Refusal);
        Assert.Equal(LinkRefusal.Forged, retired.Check(firstVersion, Monday47).Refusal);
        Assert.Throws<ArgumentException>(() => new BreachLink(current, Encoding.UTF8.GetBytes("short")));
    }

    [Fact]
    public void A_weeks_links_expire_a_set_time_after_its_monday_and_are_the_same_each_time_they_are_made()
    {
        var links = new ActionLinks(new Uri("https://func-caseload.azurewebsites.net"), new BreachLink(Key), Period.FromDays(14));

        var first = links.For(Week47, "T1", "W1", "m@council.example");
        var again = links.For(Week47, "T1", "W1", "m@council.example");

        Assert.Equal(first, again);
        Assert.StartsWith("https://func-caseload.azurewebsites.net/api/breach/v2.", first.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), ActionLinks.Expiry(Week47, Period.FromDays(14)));
    }

    private static WorkerCaseload InBreach(int weeks) =>
        new("W1", "Worker W1", "T1", Snapshots.Role.SocialWorker, 1m, false, false, 21, 21m, 18m, 3m, Band.Red, weeks == 1 ? BreachStatus.New : BreachStatus.Continuing, weeks, false, 0m, BreachFollowUp.None);
}
