using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Capacity as managers and heads of service read it, on Azurite over four weeks: what the team could absorb, the
/// suggested moves by name, the children needing cover while a worker is away (a count), and the trend.
/// </summary>
public sealed class CapacityEmailTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("caseload-capacity-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Team T1: Maya Chowdhury over her limit by <paramref name="over"/>, Dev Harris with 8 cases of room, Sam Jones away holding 4 children no one else holds.</summary>
    private string Week(LocalDate monday, int over)
    {
        var folder = Path.Combine(root, monday.ToString("yyyy-MM-dd", null));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{monday:yyyy-MM-dd}}", "source": "test"}""");
        File.WriteAllText(Path.Combine(folder, "teams.csv"), "team_id,name,team_type,manager_id,service,head_of_service_email,establishment_fte\nT1,Chatham Team,cin_cp,M1,Safeguarding,hos@council.example,4\n");
        File.WriteAllText(Path.Combine(folder, "workers.csv"), "worker_id,name,email,team_id,role,fte,asye,agency,absent_from,absent_to\n"
            + "M1,Mo Manager,manager@council.example,T1,team_manager,1,no,no,,\nW1,Maya Chowdhury,maya@council.example,T1,social_worker,1,no,no,,\n"
            + "W2,Dev Harris,dev@council.example,T1,social_worker,1,no,no,,\nW3,Sam Jones,sam@council.example,T1,social_worker,1,no,no,01/10/2026,\n");
        var rows = new System.Text.StringBuilder("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n");
        var child = 4200000;
        void Hold(string worker, int count)
        {
            for (var i = 0; i < count; i++)
            {
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{child++},,{worker},,cin,2026-09-01,no,,2026-09-20\n");
            }
        }

        Hold("W1", 18 + over);
        Hold("W2", 10);
        Hold("W3", 4);
        File.WriteAllText(Path.Combine(folder, "allocations.csv"), rows.ToString());
        return folder;
    }

    [Fact]
    public async Task The_manager_is_told_what_the_team_could_absorb_the_moves_by_name_the_cover_needed_and_the_trend_and_the_head_of_service_the_posts()
    {
        await using var reporting = MemoryReporting.Create(clock, Path.Combine(root, "outbox"));
        var monday = new LocalDate(2026, 10, 26);
        foreach (var over in new[] { 13, 12, 11, 10 })
        {
            clock.SetUtcNow(new DateTimeOffset(monday.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
            await reporting.Job<IngestJob>().IngestFolderAsync(Week(monday, over), null);
            await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(monday));
            monday = monday.PlusWeeks(1);
        }

        var week = IsoWeek.Of(monday.PlusWeeks(-1));
        var emails = Directory.GetFiles(Path.Combine(root, "outbox", week.ToString()), "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        var manager = emails.Single(m => m.To.Mailboxes.Single().Address == "manager@council.example");
        var rollUp = emails.Single(m => m.To.Mailboxes.Single().Address == "hos@council.example");

        // Maya 10 over; Dev 8 of room; Sam away with 4 children: pressure 10 + 4 − 8 = 6, falling 1 a week.
        Assert.Contains("The team could absorb 8 of the 14 cases over the limit or needing cover.", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("Suggested moves, for you to decide on:\n- 8 cases from Maya C. to Dev H.", manager.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("4 cases held only by workers who are away need cover.", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("Cases the team cannot absorb: down from 9 to 6 in three weeks; at this rate none in about 6 weeks.", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("8 cases from Maya C. to Dev H.", manager.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotMatch("42000[0-9]{2}", manager.TextBody + manager.HtmlBody);
        Assert.Matches(@"Chatham Team\s+3\s+14\.0\s+1 \(0\)\s+0\s+1 \(4\)\s+6\s+0\.4", rollUp.TextBody);   // shortfall 6 ÷ 18 = 0.4 FTE; one away, 4 children needing cover
        Assert.Matches(@"Service total\s+3\s+14\.0\s+1 \(0\)\s+0\s+1 \(4\)\s+6\s+0\.4", rollUp.TextBody);
    }
}
