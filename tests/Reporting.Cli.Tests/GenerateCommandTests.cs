using System.Security.Cryptography;
using System.Text.Json;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Tests;

public class GenerateCommandTests
{
    private static string Fingerprint(string folder) => Convert.ToHexString(SHA256.HashData(
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllBytes(f).Concat(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, f)))).ToArray()));

    [Fact]
    public void The_same_seed_makes_the_same_council_and_another_seed_another()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var third = new TempFolder();

        Assert.Equal(0, Cli.Run("generate", "--out", first.Path, "--seed", "7", "--weeks", "2", "--workers", "60").Exit);
        Assert.Equal(0, Cli.Run("generate", "--out", second.Path, "--seed", "7", "--weeks", "2", "--workers", "60").Exit);
        Assert.Equal(0, Cli.Run("generate", "--out", third.Path, "--seed", "8", "--weeks", "2", "--workers", "60").Exit);

        Assert.Equal(Fingerprint(first.Path), Fingerprint(second.Path));
        Assert.NotEqual(Fingerprint(first.Path), Fingerprint(third.Path));
    }

    [Fact]
    public void The_demos_council_tells_the_seeds_story()
    {
        // The demo's council: 145 workers, a year of weeks to 26 October 2026, the last eight reported.
        using var folder = new TempFolder();
        var (exit, output, _) = Cli.Run("generate", "--out", folder.Path, "--weeks", "52", "--workers", "145", "--from", "2025-11-03");
        Assert.Equal(0, exit);

        var weeks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(52, weeks.Length);
        var snapshots = weeks.Select(w => SnapshotReader.Read(w)).ToList();
        CaseloadEvaluation? previous = null;
        var evaluations = snapshots.Select(s => previous = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(s), Policy.Default, previous)).ToList();
        var last = snapshots[^1];

        Assert.Equal(Enum.GetValues<TeamType>().Order(), last.Teams.Select(t => t.Type).Distinct().Order());
        Assert.All(last.Teams, t => Assert.NotNull(t.ManagerId));
        Assert.All(last.Teams, t => Assert.NotNull(t.Service));
        Assert.Contains(last.Workers, w => w.Fte < 1);
        Assert.Contains(last.Workers, w => w.Asye);
        Assert.Contains(last.Workers, w => w.Agency);
        Assert.Contains(last.Allocations, a => a.IsUnallocated);
        Assert.Contains(last.Allocations.Where(a => !a.IsUnallocated).GroupBy(a => a.Child), g => g.Count() > 1);
        Assert.Contains(last.Allocations.Where(a => a.Family >= 0).GroupBy(a => a.Family), g => g.Select(a => a.Child).Distinct().Count() > 1);
        Assert.All(last.ChildIds, id => Assert.Matches("^[0-9]{7}$", id));

        // Most over their limit at first, caseloads spread widely, some far over; a year on about 17 cases per FTE.
        Assert.InRange(evaluations[0].Totals.CasesPerFte!.Value, 23m, 27m);
        Assert.InRange(evaluations[0].Totals.WorkersOverLimit, evaluations[0].Totals.CaseHolders * 6 / 10, evaluations[0].Totals.CaseHolders * 9 / 10);
        Assert.Contains(evaluations[0].Workers, w => w.Caseload >= 40);
        Assert.InRange(evaluations[^1].Totals.CasesPerFte!.Value, 15.5m, 18m);
        Assert.Contains(evaluations[^1].Workers, w => w.OverBy >= 4);

        // The first reported week: about 40 of 145 over, about half of them by one or two cases.
        var reported = evaluations[^8];
        Assert.Equal(new NodaTime.LocalDate(2026, 9, 7), reported.AsOf);
        Assert.Equal(145, snapshots[^8].Workers.Count);
        Assert.InRange(reported.Totals.WorkersOverLimit, 35, 45);
        Assert.InRange(reported.Workers.Count(w => w.OverBy is > 0 and <= 2), reported.Totals.WorkersOverLimit * 35 / 100, reported.Totals.WorkersOverLimit * 75 / 100);

        // Visits on time for 80-95% of children; agency about a fifth of social worker FTE at first, fewer by the end.
        var calendar = Calendar.WorkingDays.EnglandAndWales;
        foreach (var (snapshot, at) in new[] { (snapshots[0], 0), (snapshots[^1], 1) })
        {
            var children = Improvement.ChildCounts.Of(snapshot, calendar);
            decimal Share(Improvement.ChildGroup part, Improvement.ChildGroup whole) => 100m * children.Count(part, _ => true) / children.Count(whole, _ => true);
            Assert.InRange(Share(Improvement.ChildGroup.ChildProtectionVisitedIn10WorkingDays, Improvement.ChildGroup.ChildProtection), 75m, 96m);
            Assert.InRange(Share(Improvement.ChildGroup.LookedAfterVisitedIn6Weeks, Improvement.ChildGroup.LookedAfter), 75m, 96m);
            var socialWorkers = snapshot.Workers.Where(w => w.Role is not (Role.FamilyWorker or Role.Student or Role.Other)).ToList();
            var agency = 100m * socialWorkers.Where(w => w.Agency).Sum(w => w.Fte) / socialWorkers.Sum(w => w.Fte);
            Assert.InRange(agency, at == 0 ? 17m : 13m, at == 0 ? 22m : 18m);
        }

        Assert.Contains(evaluations[^1].Workers, w => w.Status == BreachStatus.Resolved);
        Assert.Contains(evaluations[^1].Workers, w => w.Status == BreachStatus.Continuing && w.WeeksInBreach > 2);
    }

    [Fact]
    public void The_demo_runs_the_last_weeks_and_the_month_on_its_own_azurite_and_leaves_one_email_per_recipient_per_period()
    {
        using var folder = new TempFolder();
        var (exit, output, error) = Cli.Run("demo", "--out", folder.Path, "--weeks", "3");

        Assert.True(exit == 0, error);
        Assert.Contains("starting Azurite", output, StringComparison.Ordinal);
        Assert.Equal(52, Directory.GetDirectories(Path.Combine(folder.Path, "snapshots")).Length);
        var periods = Directory.GetDirectories(Path.Combine(folder.Path, "outbox")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["2026-10", "2026-W42", "2026-W43", "2026-W44"], periods);
        Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "outbox", "2026-10"), "*.eml"));
        Assert.Contains("October 2026 digest: avg-caseload-frontline ", output, StringComparison.Ordinal);
        var weeks = periods.Skip(1).ToList();
        var snapshot = SnapshotReader.Read(Path.Combine(folder.Path, "snapshots", "2026-10-19"));
        var recipients = snapshot.Teams.Select(t => t.ManagerId).Distinct().Count() + snapshot.Teams.Select(t => t.HeadOfServiceEmail).Distinct().Count();
        Assert.All(weeks, week => Assert.Equal(recipients, Directory.GetFiles(Path.Combine(folder.Path, "outbox", week!), "*.eml").Length));
        Assert.Contains($"running 2026-W44 again, as a retry or a second instance would:", output, StringComparison.Ordinal);
        Assert.Contains($"emails: 0 sent, {recipients} already sent, 0 in flight, 0 not sent; outbox {Path.Combine(folder.Path, "outbox")}", output, StringComparison.Ordinal);
        Assert.Contains($"the October 2026 digest with its PDF summary and XLSX data pack attached): outbox {Path.Combine(folder.Path, "outbox")}", output, StringComparison.Ordinal);

        // The year backed up as the Backup function would after the month's delivery; the point verifies.
        Assert.Matches(@"\nbackup point 2026-\d\d-\d\dT\d{6}Z: [\d,]+ rows and [\d,]+ blobs in [\d,]+ objects under their SHA-256\n", output);
        Assert.Contains($"Backup (a point and its objects):        {Path.Combine(folder.Path, "backup")}", output, StringComparison.Ordinal);
        var listed = Cli.Run("backup", "list", "--to", Path.Combine(folder.Path, "backup"));
        Assert.True(listed.Exit == 0, listed.Error);
        Assert.EndsWith(": verifies\n", listed.Out, StringComparison.Ordinal);
    }
}
