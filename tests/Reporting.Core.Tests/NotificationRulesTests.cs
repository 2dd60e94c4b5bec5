using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>Who gets which email, and what a notification is known by.</summary>
public class NotificationRulesTests
{
    [Theory]
    [InlineData("jo@council.example", true)]
    [InlineData(" Jo.Bloggs+weekly@medway.gov.uk ", true)]
    [InlineData("jo@council.example@x", false)]
    [InlineData("jo@council", false)]
    [InlineData("jo@@council.example", false)]
    [InlineData("jo smith@council.example", false)]
    [InlineData("jo@council..example", false)]
    [InlineData("jo@-council.example", false)]
    [InlineData("jo@council-.example", false)]
    [InlineData("jo@council.example.", false)]
    [InlineData("jo@coun_cil.example", false)]
    [InlineData("jo@council.co.uk", true)]
    [InlineData(".jo@council.example", false)]
    [InlineData("<jo@council.example>", false)]
    [InlineData("jo@council.example\r\nBcc: x@y.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_address_is_one_a_mail_service_takes(string? text, bool valid) => Assert.Equal(valid, EmailAddress.IsValid(text));

    [Fact]
    public void A_key_is_the_same_however_the_address_is_cased_or_padded_and_reads_back()
    {
        var key = new NotificationKey(NotificationKind.TeamManager, Recipient.Email(" Jo@Council.Example "));
        var about = new NotificationKey(NotificationKind.RefusedSnapshot, Recipient.Email("data@council.example"), "3f2a9c");

        Assert.Equal("team_manager|jo@council.example", key.ToString());
        Assert.Equal(key, new NotificationKey(NotificationKind.TeamManager, Recipient.Email("jo@council.example")));
        Assert.Equal("refused_snapshot|3f2a9c|data@council.example", about.ToString());
        Assert.True(NotificationKey.TryParse(about.ToString(), out var read));
        Assert.Equal(about, read);
        Assert.False(NotificationKey.TryParse("team_manager", out _));
        Assert.False(NotificationKey.TryParse("nobody|jo@council.example", out _));
        Assert.Throws<ArgumentException>(() => Recipient.Email("a|b@council.example"));
        Assert.Throws<ArgumentException>(() => new NotificationKey(NotificationKind.TeamManager, Recipient.Email("jo@council.example"), "a|b"));
    }

    [Fact]
    public void A_key_names_its_channel_only_when_it_is_not_the_kinds_usual_one_so_keys_written_before_channels_read_the_same()
    {
        // Keys as the ledger held them before recipients named their channel: a team's card went to Teams, the rest by email.
        Assert.True(NotificationKey.TryParse("teams_channel|T07|default", out var card));
        Assert.Equal((NotificationKind.TeamsChannel, Recipient.Teams("default"), "T07"), (card.Kind, card.To, card.About));
        Assert.True(NotificationKey.TryParse("team_manager|jo@council.example", out var email));
        Assert.Equal(Recipient.Email("jo@council.example"), email.To);
        Assert.Equal("teams_channel|T07|default", new NotificationKey(NotificationKind.TeamsChannel, Recipient.Teams("Default"), "T07").ToString());

        // Any other channel is written after the kind, and read back.
        var webhook = new NotificationKey(NotificationKind.TeamManager, new Recipient("council-webhook", "Duty-Room"));
        Assert.Equal("team_manager:council-webhook|duty-room", webhook.ToString());
        Assert.True(NotificationKey.TryParse(webhook.ToString(), out var read));
        Assert.Equal(webhook, read);
        Assert.Equal("duty-room (council-webhook)", read.To.ToString());

        // The usual channel spelled out would give one notification two keys; a channel's name is lower case.
        Assert.False(NotificationKey.TryParse("team_manager:email|jo@council.example", out _));
        Assert.False(NotificationKey.TryParse("team_manager:Webhook|jo@council.example", out _));
        Assert.False(NotificationKey.TryParse("team_manager:a:b|jo@council.example", out _));
        Assert.Throws<ArgumentException>(() => new Recipient("Council Webhook", "duty-room"));
    }

    private static (CaseloadEvaluation Evaluation, CaseloadSummary Caseloads) Roster(params (string Team, string? Manager, string? Head)[] teams)
    {
        var builder = new SnapshotBuilder();
        foreach (var (team, manager, head) in teams)
        {
            builder.AddTeam(new Team(team, $"Team {team}", TeamType.CinCp, manager is null ? null : $"M-{team}", "Safeguarding", head, null));
            if (manager is not null)
            {
                builder.AddWorker(new Worker($"M-{team}", "Manager", manager, team, Role.TeamManager, 1m, false, false));
            }
        }

        var caseloads = CaseloadSummary.Of(builder.Build(new LocalDate(2026, 11, 16), "test"));
        return (CaseloadEvaluation.Evaluate(caseloads, Policy.Default), caseloads);
    }

    [Fact]
    public void Each_manager_gets_one_email_about_all_their_teams_and_each_head_of_service_one_roll_up()
    {
        var (evaluation, caseloads) = Roster(("T1", "mo@council.example", "hos@council.example"), ("T2", "MO@council.example", "hos@council.example"), ("T3", "jo@council.example", "other@council.example"));

        var addressees = WeeklyRecipients.Of(evaluation, caseloads, "fallback@council.example");

        Assert.Equal(
            ["team_manager|mo@council.example:T1,T2", "team_manager|jo@council.example:T3", "service_roll_up|hos@council.example:T1,T2", "service_roll_up|other@council.example:T3"],
            addressees.All.Select(a => $"{a.Key}:{string.Join(',', a.TeamIds)}"));
        Assert.Empty(addressees.Unaddressed);
        Assert.Empty(addressees.Rerouted);
    }

    [Fact]
    public void A_team_without_a_manager_or_whose_manager_has_no_real_address_goes_to_the_fallback_else_is_reported()
    {
        var (evaluation, caseloads) = Roster(("T1", null, null), ("T2", "jo@council.example@x", null), ("T3", "mo@council.example", null));

        var withFallback = WeeklyRecipients.Of(evaluation, caseloads, "fallback@council.example");
        var without = WeeklyRecipients.Of(evaluation, caseloads, null);

        Assert.Equal(["team_manager|fallback@council.example:T1,T2", "team_manager|mo@council.example:T3"], withFallback.All.Select(a => $"{a.Key}:{string.Join(',', a.TeamIds)}"));
        Assert.Equal(["T2"], withFallback.Rerouted);
        Assert.Equal(["T1", "T2"], without.Unaddressed);
        Assert.Equal(["team_manager|mo@council.example"], without.All.Select(a => a.Key.ToString()));
    }

    [Fact]
    public void The_sweep_looks_at_this_week_and_last_and_this_month_and_last() =>
        Assert.Equal(["2026-W48", "2026-W49", "2026-11", "2026-12"], DeliverySweep.PeriodsOn(new LocalDate(2026, 12, 1)).Select(p => p.ToString()));

    [Fact]
    public void A_teams_card_goes_to_its_own_channel_else_its_services_else_the_default_else_nowhere()
    {
        var team = new Team("T07", "Safeguarding East", TeamType.CinCp, null, "Front Door & Assessment", null, null);
        var unserviced = team with { Id = "T08", Service = null };
        var own = new HashSet<string>(["t07", "FrontDoorAssessment", "default"], StringComparer.OrdinalIgnoreCase);
        var service = new HashSet<string>(["FrontDoorAssessment", "default"], StringComparer.OrdinalIgnoreCase);
        var fallback = new HashSet<string>(["default"], StringComparer.OrdinalIgnoreCase);

        Assert.Equal("T07", TeamsChannels.For(team, own));
        Assert.Equal("FrontDoorAssessment", TeamsChannels.For(team, service));
        Assert.Equal("default", TeamsChannels.For(team, fallback));
        Assert.Equal("default", TeamsChannels.For(unserviced, service));
        Assert.Null(TeamsChannels.For(team, new HashSet<string>()));
        Assert.Equal("FrontDoorAssessment", TeamsChannels.SettingName("Front Door & Assessment"));
    }
}
