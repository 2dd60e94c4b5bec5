using System.Globalization;
using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A breach is as old as the data says (policy spec, point 7): twenty weekly snapshots ingested, the weekly job run for
/// the last week only, on Azurite.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class OverSinceTests(AzuriteFixture azurite) : IDisposable
{
    private const string Manager = "manager@council.example";
    private static readonly LocalDate First = new(2026, 7, 6);
    private readonly string root = Directory.CreateTempSubdirectory("caseload-oversince-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// Team T1 (manager M1): W1 holds 21 against 18 in every week; W2 holds 20 in the last four weeks, 10 before; W3 is
    /// away from 2026-09-01 and holds 20 from then; W4 holds 10. The week of 2 November has no snapshot.
    /// </summary>
    private string Week(int index)
    {
        var monday = First.PlusWeeks(index);
        var folder = Directory.CreateDirectory(Path.Combine(root, monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{monday:yyyy-MM-dd}}"}""");
        File.WriteAllText(Path.Combine(folder, "teams.csv"), "team_id,name,team_type,manager_id,service,head_of_service_email,establishment_fte\nT1,Chatham Team,cin_cp,M1,Safeguarding,hos@council.example,4\n");
        File.WriteAllText(Path.Combine(folder, "workers.csv"), "worker_id,name,email,team_id,role,fte,asye,agency,absent_from,absent_to\n"
            + $"M1,Mo Manager,{Manager},T1,team_manager,1,no,no,,\nW1,Priya Evans,p@council.example,T1,social_worker,1,no,no,,\nW2,Noah Smith,n@council.example,T1,social_worker,1,no,no,,\n"
            + "W3,Ada Jones,a@council.example,T1,social_worker,1,no,no,2026-09-01,\nW4,Sam Lee,s@council.example,T1,social_worker,1,no,no,,\n");
        var rows = new StringBuilder("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n");
        var child = 4_000_000;
        void Hold(string worker, int children)
        {
            for (var i = 0; i < children; i++)
            {
                rows.Append(CultureInfo.InvariantCulture, $"{child++},,{worker},,cin,2026-06-01,no,,2026-06-20\n");
            }
        }

        Hold("W1", 21);
        Hold("W2", index >= 16 ? 20 : 10);
        Hold("W3", monday >= new LocalDate(2026, 9, 1) ? 20 : 10);
        Hold("W4", 10);
        File.WriteAllText(Path.Combine(folder, "allocations.csv"), rows.ToString());
        return folder;
    }

    [Fact]
    public async Task Twenty_weeks_ingested_and_only_the_last_run_give_each_breach_the_age_the_snapshots_give_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero));
        var outbox = Path.Combine(root, "outbox");
        await using var reporting = azurite.Reporting(clock, outbox, settings: new Dictionary<string, string?> { ["Reporting:Email:LeadershipTo"] = "director@council.example" });
        foreach (var index in Enumerable.Range(0, 20).Where(i => First.PlusWeeks(i) != new LocalDate(2026, 11, 2)))
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(Week(index), null);
        }

        var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(new IsoWeek(2026, 47));
        var workers = prepared.Evaluation!.Evaluation.Workers.ToDictionary(w => w.WorkerId);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString }).Build();
        using var json = new MemoryStream();
        Assert.Equal(0, ReportingCli.Run(["show-week", "--week", "2026-W47", "--format", "json"], json, TextWriter.Null, settings));
        using var table = new MemoryStream();
        Assert.Equal(0, ReportingCli.Run(["show-week", "--week", "2026-W47"], table, TextWriter.Null, settings));
        var emails = Directory.GetFiles(Path.Combine(outbox, "2026-W47"), "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        var manager = emails.Single(m => m.To.Mailboxes.Single().Address == Manager);
        var everything = string.Concat(emails.Select(m => m.TextBody + m.HtmlBody));

        Assert.Empty(delivered!.NotSent);
        Assert.Equal((First, 20, true), (workers["W1"].OverSince, workers["W1"].WeeksInBreach, workers["W1"].HistoryStarts));
        Assert.Equal(Actions.Escalation.Leadership, workers["W1"].FollowUp.Escalation);
        Assert.Equal((new LocalDate(2026, 10, 26), 4, false), (workers["W2"].OverSince, workers["W2"].WeeksInBreach, workers["W2"].HistoryStarts));
        Assert.Equal(BreachStatus.New, workers["W2"].Status);  // status still compares with the previous evaluated week: none
        Assert.Equal((null, 0, false), (workers["W4"].OverSince, workers["W4"].WeeksInBreach, workers["W4"].HistoryStarts));
        Assert.Contains("\"overSince\": \"2026-07-06\",\n      \"historyStarts\": true", Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
        Assert.Contains("at least 20 weeks — over since the data began on 6 Jul 2026", Encoding.UTF8.GetString(table.ToArray()), StringComparison.Ordinal);
        Assert.Contains("at least 20 weeks — over since the data began on 6 Jul 2026", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("over since 26 Oct 2026 (4 weeks)", manager.TextBody, StringComparison.Ordinal);
        // Ada is away and over her limit: named under Away with the children who need cover, never as still over
        // with no action recorded, never escalated; and the team is not said to absorb everything.
        Assert.Equal((true, true, (Actions.Escalation?)null), (workers["W3"].Absent, workers["W3"].InBreach, workers["W3"].FollowUp.Escalation));
        Assert.Contains("Away (1)\n- Ada Jones: away since 1 Sep 2026, no return date; holds 20 children, none with another worker: all need cover.", manager.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Ada Jones: away since 1 Sep 2026", manager.HtmlBody, StringComparison.Ordinal);
        var overLists = manager.TextBody!.ReplaceLineEndings("\n").Split("\n\n").Where(p => p.StartsWith("Over their limit", StringComparison.Ordinal) || p.StartsWith("Still over", StringComparison.Ordinal)).ToList();
        Assert.Contains(overLists, p => p.Contains("Priya Evans", StringComparison.Ordinal));
        Assert.All(overLists, p => Assert.DoesNotContain("Ada Jones", p, StringComparison.Ordinal));
        Assert.Contains("The team could absorb 8 of the 25 cases over the limit or needing cover.", manager.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("absorb all", everything, StringComparison.Ordinal);
        var rollUp = emails.Single(m => m.To.Mailboxes.Single().Address == "hos@council.example");
        Assert.Contains("1 (20)", rollUp.TextBody, StringComparison.Ordinal);
        Assert.Contains("Service total", rollUp.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", everything, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b1 weeks|\b1 cases|\b1 children", everything);
    }
}
