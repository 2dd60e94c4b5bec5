using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Each team's weekly card in its Teams channel, through the same ledger as email, against a loopback stand-in that
/// checks each card: once per team and week, however often the week runs; retried on 429 and 5xx; a 4xx reported.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class TeamsChannelTests(AzuriteFixture azurite) : IDisposable
{
    private readonly CouncilFolders council = new(weeks: 1, workers: 40, seed: 4);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => council.Dispose();

    [Fact]
    public async Task Each_team_gets_one_card_a_week_in_its_channel_else_its_services_else_the_default_and_never_twice()
    {
        await using var teams = await TeamsWebhook.StartAsync();
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var own = snapshot.Teams[0];
        var service = snapshot.Teams.First(t => t.Service != own.Service && t.Service is not null).Service!;
        var serviceSetting = TeamsChannels.SettingName(service);
        teams.Script[own.Id] = new([429, 503]);   // Teams is busy twice, then takes it
        await using var reporting = MemoryReporting.Create(clock, council.Outbox, settings: new Dictionary<string, string?>
        {
            [$"Reporting:Teams:Channels:{own.Id}"] = teams.Url(own.Id),
            [$"Reporting:Teams:Channels:{serviceSetting}"] = teams.Url(serviceSetting),
            ["Reporting:Teams:Channels:default"] = teams.Url("default"),
        });
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = IsoWeek.Of(snapshot.AsOf);

        var (_, first) = await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week));
        var (_, again) = await reporting.Job<WeeklyJob>().RunAsync(week);
        var sent = teams.Posts.Where(p => p.Status == 202).ToList();

        Assert.Empty(teams.Invalid);
        Assert.Equal(snapshot.Teams.Count, sent.Count);                                          // one card per team
        Assert.Equal(snapshot.Teams.Count, sent.Select(p => p.Card.GetProperty("body")[0].GetProperty("text").GetString()).Distinct().Count());
        Assert.Equal(3, teams.Posts.Count(p => p.Channel == own.Id));                            // 429, 503, then 202
        Assert.Equal(snapshot.Teams.Count(t => t.Service == service && t.Id != own.Id), sent.Count(p => p.Channel == serviceSetting));
        Assert.Equal(snapshot.Teams.Count(t => t.Service != service && t.Id != own.Id), sent.Count(p => p.Channel == "default"));
        Assert.Empty(first!.NotSent);
        Assert.Equal(0, again!.Sent);                                                           // the second run sends nothing
        // The counts are the week's: over the limit of the case holders, and every breach new in a first week.
        var evaluation = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(snapshot), Policy.Default);
        var ownFigures = evaluation.Teams.Single(t => t.TeamId == own.Id).Figures;
        var facts = sent.First(p => p.Channel == own.Id).Card.GetProperty("body")[2].GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal($"{ownFigures.WorkersOverLimit} of {ownFigures.CaseHolders} case holders", facts["Over their limit"]);
        Assert.Equal(ownFigures.WorkersOverLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), facts["New this week"]);
        Assert.Equal(ownFigures.Unallocated.ToString(System.Globalization.CultureInfo.InvariantCulture), facts["Unallocated children"]);
        var card = sent.First(p => p.Channel == own.Id).Card.GetRawText();
        Assert.DoesNotMatch("[0-9]{7}", card);                                                 // no child ids
        Assert.DoesNotContain("http", card.Replace("http://adaptivecards.io/schemas/adaptive-card.json", "", StringComparison.Ordinal), StringComparison.Ordinal);  // no links

        // Read back as a person read it (a worker's subject access): the card's texts and facts, line by line.
        var stored = await reporting.StoresAsync();
        var read = new List<string>();
        await foreach (var message in reporting.Job<Caseload.Reporting.Jobs.StaffData.StoredMessages>().ReadAsync(stored, week))
        {
            if (message.Record.Key.About == own.Id)
            {
                read.Add(message.Text);
            }
        }

        var text = Assert.Single(read).Split('\n');
        Assert.Contains(sent.First(p => p.Channel == own.Id).Card.GetProperty("body")[0].GetProperty("text").GetString(), text);
        Assert.Contains($"{ownFigures.WorkersOverLimit} of {ownFigures.CaseHolders} case holders", text);
    }

    [Fact]
    public async Task Run_weekly_prepares_the_cards_with_the_emails_says_how_many_and_posts_each_once()
    {
        await using var teams = await TeamsWebhook.StartAsync();
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        await using var reporting = azurite.Reporting(clock, council.Outbox, settings: new Dictionary<string, string?> { ["Reporting:Teams:Channels:default"] = teams.Url("default") });
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString }).Build();
        var week = IsoWeek.Of(snapshot.AsOf).ToString();

        using var first = new MemoryStream();
        Assert.Equal(0, ReportingCli.Run(["run-weekly", "--week", week], first, TextWriter.Null, settings, clock));
        using var again = new MemoryStream();
        Assert.Equal(0, ReportingCli.Run(["run-weekly", "--week", week], again, TextWriter.Null, settings, clock));

        var emails = Directory.GetFiles(Path.Combine(council.Outbox, week), "*.eml").Length;
        Assert.Contains($"{emails} emails, {snapshot.Teams.Count} Teams cards", Encoding.UTF8.GetString(first.ToArray()), StringComparison.Ordinal);
        Assert.Equal(snapshot.Teams.Count, teams.Posts.Count);                                  // each card once, however often the week runs
        Assert.Equal(snapshot.Teams.Count, teams.Posts.Select(p => p.Card.GetProperty("body")[0].GetProperty("text").GetString()).Distinct().Count());
        Assert.Contains($"emails: 0 sent, {emails + snapshot.Teams.Count} already sent", Encoding.UTF8.GetString(again.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_team_named_like_a_link_or_markdown_is_plain_text_in_its_card()
    {
        await using var teams = await TeamsWebhook.StartAsync();
        var teamsCsv = Path.Combine(council.Weeks[0], "teams.csv");
        var lines = File.ReadAllLines(teamsCsv);
        var fields = lines[1].Split(',');
        fields[1] = "\"**Urgent** [sign in](https://evil.example/login) www.evil.example\"";
        lines[1] = string.Join(',', fields);
        File.WriteAllLines(teamsCsv, lines);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox, settings: new Dictionary<string, string?> { ["Reporting:Teams:Channels:default"] = teams.Url("default") });
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);

        await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(snapshot.AsOf));

        var card = teams.Posts.Select(p => p.Card).Single(c => c.GetProperty("body")[0].GetProperty("text").GetString()!.Contains("Urgent", StringComparison.Ordinal));
        var name = card.GetProperty("body")[0].GetProperty("text").GetString();
        Assert.Equal("Urgent sign inhttps: //evil.example/login www evil.example", name);
        Assert.Empty(teams.Invalid);
    }

    [Fact]
    public async Task A_channel_that_refuses_the_card_is_recorded_failed_and_reported_and_the_others_go()
    {
        await using var teams = await TeamsWebhook.StartAsync();
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var refusing = snapshot.Teams[0];
        teams.Script[refusing.Id] = new([400]);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox, settings: new Dictionary<string, string?>
        {
            [$"Reporting:Teams:Channels:{refusing.Id}"] = teams.Url(refusing.Id),
            ["Reporting:Teams:Channels:default"] = teams.Url("default"),
        });
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);

        var (_, delivered) = await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(snapshot.AsOf));

        var failed = Assert.Single(delivered!.Deliveries, d => d.Outcome == DeliveryOutcome.Failed);
        Assert.Equal((NotificationKind.TeamsChannel, refusing.Id), (failed.Key.Kind, failed.Key.About));
        Assert.Contains("refused the card", failed.Error, StringComparison.Ordinal);
        Assert.Equal(snapshot.Teams.Count - 1, teams.Posts.Count(p => p.Channel == "default" && p.Status == 202));
        Assert.Single(teams.Posts, p => p.Channel == refusing.Id);                                // a 4xx is not retried
    }
}
