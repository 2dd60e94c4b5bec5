using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Staff;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// What the council's data protection officer asks of the staff side, on Azurite, on a synthetic council's weeks
/// with actions recorded and a last week prepared but not yet sent: a worker's subject access request answered with
/// everything about them and nothing about anyone else; their erasure on request leaving every figure as it was;
/// staff retention deleting old message texts and pseudonymising old names.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed partial class StaffDataTests(AzuriteFixture azurite) : IDisposable
{
    private const string Note = "Co-working two of the cases with a senior practitioner until the court date";

    /// <summary>What a note may say of a colleague: shown to the worker it is about as "another worker".</summary>
    private static string Covering(string colleague) => $"; {colleague} is covering the visits";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 8, 31, 7, 0, 0, TimeSpan.Zero));
    private readonly CouncilFolders council = new(weeks: 10, workers: 30, seed: 11, from: "2026-08-31");

    private static string Plan => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json"));

    public void Dispose() => council.Dispose();

    /// <summary>
    /// Ten weeks ingested and run, the last only prepared (its messages wait to be sent); an action with a note
    /// recorded in the week before on each of the first two workers over their limit then. Returns them.
    /// </summary>
    private async Task<(TestReporting Reporting, IReadOnlyList<string> Acted)> CouncilAsync()
    {
        var reporting = azurite.Reporting(clock, council.Outbox, settings: new Dictionary<string, string?>
        {
            ["Reporting:Email:LeadershipTo"] = "director@council.example",
            ["Reporting:Council:Code"] = "887",
        });
        await reporting.Job<SettingsJob>().SetPlanAsync(Plan);
        var acted = new List<string>();
        foreach (var folder in council.Weeks)
        {
            var asOf = LocalDate.FromDateTime(DateTime.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture));
            clock.SetUtcNow(new DateTimeOffset(asOf.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
            var week = IsoWeek.Of(asOf);
            if (folder == council.Weeks[^1])
            {
                await reporting.Job<WeeklyJob>().PrepareAsync(week);
                continue;
            }

            var (prepared, _) = await reporting.Job<WeeklyJob>().RunAsync(week);
            if (folder == council.Weeks[^2])
            {
                foreach (var worker in prepared.Evaluation!.Evaluation.Workers.Where(w => w.InBreach).Take(2))
                {
                    var colleague = prepared.Evaluation.Evaluation.Workers.First(w => w.TeamId == worker.TeamId && w.WorkerId != worker.WorkerId && w.Name != worker.Name).Name;
                    var note = Note + Covering(colleague);
                    var recorded = await reporting.Job<ActionJob>().RecordOnBehalfAsync(week, worker.WorkerId, "support", $"{asOf.PlusWeeks(2):yyyy-MM-dd}", null, note, "manager.of.record@council.example");
                    Assert.True(recorded.Problems.Count == 0, string.Join("; ", recorded.Problems));
                    acted.Add(worker.WorkerId);
                }
            }
        }

        Assert.Equal(2, acted.Count);
        return (reporting, acted);
    }

    [Fact]
    public async Task Subject_access_lists_each_week_action_and_message_about_the_worker_and_nothing_about_anyone_else_and_erasure_then_leaves_no_trace_and_every_figure_as_it_was()
    {
        var (reporting, acted) = await CouncilAsync();
        await using var _ = reporting;
        var stores = await reporting.StoresAsync();
        var weeks = await stores.Evaluations.ListAsync();

        // One whose breach goes on into the last week, whose messages wait to be sent.
        var last = (await stores.Evaluations.LoadAsync(weeks[^1].Week))!.Evaluation;
        var subject = acted.First(id => last.Workers.Single(w => w.WorkerId == id).InBreach);
        var name = Roster().Single(w => w.Id == subject).Name;
        var before = await FiguresAsync(reporting);
        var monthBefore = await MonthAsync(reporting);

        // Subject access, through the command line as the data team runs it.
        var folder = Path.Combine(council.Root, "sar");
        var asked = Cli(reporting, "subject-access", "--worker", subject, "--out", folder);
        Assert.True(asked.Exit == 0, asked.Error);
        var json = File.ReadAllText(Path.Combine(folder, SubjectAccessJob.JsonFile));
        var page = WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(folder, SubjectAccessJob.PageFile)));
        using var answer = JsonDocument.Parse(json);
        var root = answer.RootElement;

        // Every week that named them, with their figures; the action on their breach with its note.
        var named = new List<WorkerCaseload>();
        foreach (var week in weeks)
        {
            if ((await stores.Evaluations.LoadAsync(week.Week))!.Evaluation.Workers.FirstOrDefault(w => w.WorkerId == subject) is { } row)
            {
                named.Add(row);
            }
        }

        Assert.Equal(10, named.Count);
        Assert.Equal(named.Select(w => (w.Caseload, Snapshots.Vocabulary.Code(w.Band))), root.GetProperty("weeks").EnumerateArray().Select(w => (w.GetProperty("caseload").GetInt32(), w.GetProperty("band").GetString()!)));
        var action = Assert.Single(root.GetProperty("actions").EnumerateArray());
        Assert.Equal((Note + Covering(OtherPeople.SomeoneElse), "support"), (action.GetProperty("note").GetString(), action.GetProperty("action").GetString()));
        Assert.Contains(Note, page, StringComparison.Ordinal);
        Assert.Equal(10, root.GetProperty("roster").EnumerateArray().Sum(r => r.GetProperty("snapshots").GetInt32()));

        // Every message that named them: each email sent that names them (in full, or short on a suggested move),
        // and the last week's to their manager, prepared and not yet sent; each with the lines about them.
        var messages = root.GetProperty("notifications").EnumerateArray().ToList();
        var brief = $"{name.Split(' ')[0]} {name.Split(' ')[^1][0]}.";
        var sent = Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories)
            .Select(f => MimeKit.MimeMessage.Load(f).TextBody ?? "")
            .Count(text => text.Contains(name, StringComparison.Ordinal) || text.Contains(brief, StringComparison.Ordinal));
        Assert.Equal(sent, messages.Count(m => m.GetProperty("sentAt").ValueKind != JsonValueKind.Null));
        Assert.Contains(messages, m => m.GetProperty("sentAt").ValueKind == JsonValueKind.Null && m.GetProperty("kind").GetString() == "team_manager" && m.GetProperty("period").GetString() == weeks[^1].Week.ToString());
        Assert.All(messages, m => Assert.All(m.GetProperty("aboutYou").EnumerateArray(), line => Assert.Contains(name.Split(' ')[0], line.GetString()!, StringComparison.Ordinal)));
        Assert.Matches($@"^worker {subject}: 10 snapshots, 10 evaluated weeks, 1 recorded action and {messages.Count} messages name them; give the worker .*subject-access\.html", asked.Out);

        // Nothing about anyone else: no other worker's name, nor address but as the recipient of a message (their
        // manager: whom their data went to is theirs to know); no child's id, no family's.
        var recipients = messages.Select(m => m.GetProperty("recipient").GetString()!).ToHashSet();
        foreach (var other in Roster().Where(w => w.Id != subject && w.Name != name))
        {
            Assert.DoesNotContain(other.Name, page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(other.Name, json, StringComparison.OrdinalIgnoreCase);
            if (!recipients.Contains(other.Email))
            {
                Assert.DoesNotContain(other.Email, page + json, StringComparison.Ordinal);
            }
        }

        foreach (var child in Children())
        {
            Assert.DoesNotContain(child, page + json, StringComparison.Ordinal);
        }

        // Erasure: the dry run changes nothing; --yes names them by pseudonym everywhere.
        var plan = Cli(reporting, "forget", "--worker", subject);
        Assert.True(plan.Exit == 0, plan.Error);
        Assert.Matches($@"^would name worker {subject} as Worker [0-9A-Z]{{6}} in 10 evaluated weeks, 1 recorded action \(their notes deleted\), {messages.Count(m => m.GetProperty("sentAt").ValueKind == JsonValueKind.Null)} messages? not yet sent \(withdrawn\) and {messages.Count(m => m.GetProperty("sentAt").ValueKind != JsonValueKind.Null)} sent messages \(stored text erased\), every figure unchanged; nothing was changed\. Run again with --yes to do it\. 10 stored snapshots still name them as received", plan.Out);
        Assert.Contains(name, (await stores.Evaluations.LoadAsync(weeks[0].Week))!.Evaluation.Workers.Select(w => w.Name));
        var erased = Cli(reporting, "forget", "--worker", subject, "--yes");
        Assert.True(erased.Exit == 0, erased.Error);
        var again = Cli(reporting, "forget", "--worker", subject, "--yes");
        var ofThePseudonym = Cli(reporting, "forget", "--worker", (await stores.PseudonymKey.GetAsync()).Of(subject).WorkerId, "--yes");

        Assert.Equal(1, ofThePseudonym.Exit);
        Assert.EndsWith("is what stands for a worker already erased; give the roster id of the worker to erase", ofThePseudonym.Error.Trim(), StringComparison.Ordinal);

        // No stored evaluation, action or message names them; every figure, and the month's measures, as before.
        var pseudonym = (await stores.PseudonymKey.GetAsync()).Of(subject);
        foreach (var week in weeks)
        {
            var workers = (await stores.Evaluations.LoadAsync(week.Week))!.Evaluation.Workers;
            Assert.DoesNotContain(workers, w => w.WorkerId == subject || w.Name == name);
            Assert.Contains(workers, w => w.WorkerId == pseudonym.WorkerId && w.Name == pseudonym.Name);
        }

        Assert.Equal(before, await FiguresAsync(reporting));
        Assert.Equal(monthBefore, await MonthAsync(reporting));
        Assert.Empty(await stores.Actions.AboutAsync(subject, []));
        var theirs = Assert.Single(await stores.Actions.AboutAsync(pseudonym.WorkerId, []));
        Assert.Null(theirs.Action.Note);
        var messageReader = reporting.Job<StoredMessages>();
        foreach (var period in await stores.Ledger.PeriodsAsync())
        {
            await foreach (var message in messageReader.ReadAsync(stores, period))
            {
                Assert.DoesNotContain(name, message.Text, StringComparison.Ordinal);
            }
        }

        // The last week's message that named them is withdrawn: delivering the week sends the rest, never it.
        var lastWeek = weeks[^1].Week;
        Assert.Contains(await stores.Ledger.ListAsync(lastWeek), r => r.LastError == WorkerErasureJob.Withdrawn && r.Status == DeliveryStatus.Failed && r.Content.Length == 0);
        await reporting.Job<DeliveryJob>().DeliverPeriodAsync(lastWeek);
        Assert.All(Directory.GetFiles(Path.Combine(council.Outbox, lastWeek.ToString()), "*.eml"), f => Assert.DoesNotContain(name, MimeKit.MimeMessage.Load(f).TextBody, StringComparison.Ordinal));
        Assert.Contains("in 0 evaluated weeks, 0 recorded actions (their notes deleted), 0 messages not yet sent (withdrawn) and 0 sent messages", again.Out, StringComparison.Ordinal);

        // Asked again: only the snapshots as received name them, until the council's snapshot retention deletes them.
        var after = Cli(reporting, "subject-access", "--worker", subject, "--out", Path.Combine(council.Root, "sar-after"));
        Assert.Equal($"worker {subject}: 10 snapshots, 0 evaluated weeks, 0 recorded actions and 0 messages name them", after.Out.Split(';')[0]);
    }

    [Fact]
    public async Task Staff_retention_deletes_old_message_texts_keeps_the_ledger_and_shows_old_weeks_with_pseudonyms_and_the_same_figures()
    {
        var (reporting, _) = await CouncilAsync();
        await using var __ = reporting;
        var stores = await reporting.StoresAsync();
        var weeks = await stores.Evaluations.ListAsync();
        var before = await FiguresAsync(reporting);
        // The last week shows the actions recorded the week before, with their notes.
        var shownBefore = Cli(reporting, "show-week", "--week", weeks[^1].Week.ToString(), "--format", "json").Out;

        // Told what to give, and that staff retention is the council's to set.
        Assert.Equal((1, "give one of --older-than-days N (snapshots), --staff (staff data) or --worker ID (one worker on their request)"), (Cli(reporting, "forget").Exit, Cli(reporting, "forget").Error.Trim()));
        Assert.Equal(1, Cli(reporting, "forget", "--staff", "--worker", "SW100001").Exit);
        Assert.Equal((1, "staff retention is not set: set Reporting:Retention:StaffDays, or give --older-than-days"), (Cli(reporting, "forget", "--staff").Exit, Cli(reporting, "forget", "--staff").Error.Trim()));

        // A hundred days after the last week: every week is older than a staff retention of 90 days.
        clock.Advance(TimeSpan.FromDays(100));
        var plan = Cli(reporting, "forget", "--staff", "--older-than-days", "90");
        var run = Cli(reporting, "forget", "--staff", "--older-than-days", "90", "--yes");
        var again = Cli(reporting, "forget", "--staff", "--older-than-days", "90", "--yes");

        Assert.True(plan.Exit == 0, plan.Error);
        Assert.Matches(@"^would let go of staff data from before \d{4}-\d\d-\d\d: the text of \d+ stored messages \(\d+ never sent, withdrawn\), the names and notes of 10 evaluated weeks and 2 recorded actions .*nothing was changed\.", plan.Out);
        Assert.True(run.Exit == 0, run.Error);
        Assert.StartsWith("no staff data from before", again.Out, StringComparison.Ordinal);

        // The bodies are gone; the ledger still answers, with what was sent, when, and the provider's id.
        await foreach (var blob in stores.Storage.Blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "prepared/" }))
        {
            Assert.Fail($"a stored message body is left: {blob.Name}");
        }

        var listed = Cli(reporting, "notifications", "--week", weeks[0].Week.ToString());
        Assert.True(listed.Exit == 0, listed.Error);
        var ledger = await stores.Ledger.ListAsync(weeks[0].Week);
        Assert.StartsWith($"{weeks[0].Week}: {ledger.Count} notifications, {ledger.Count} sent", listed.Out, StringComparison.Ordinal);
        Assert.All(ledger, r => Assert.Contains($"{r.Key.To}: sent", listed.Out, StringComparison.Ordinal));
        Assert.All(ledger, r => Assert.NotNull(r.ProviderMessageId));
        Assert.All(await stores.Ledger.ListAsync(weeks[0].Week), r => Assert.Equal("", r.Content));
        Assert.Contains(await stores.Ledger.ListAsync(weeks[^1].Week), r => r.LastError == RetentionJob.NotSentInTime);

        // An old week shows pseudonyms, and every figure as before; the notes are gone and who recorded them with them.
        var shown = Cli(reporting, "show-week", "--week", weeks[^1].Week.ToString(), "--format", "json");
        using (var json = JsonDocument.Parse(shown.Out))
        {
            Assert.All(json.RootElement.GetProperty("workers").EnumerateArray(), w => Assert.Matches(Pseudonym(), w.GetProperty("name").GetString()!));
        }

        Assert.Contains(Note, shownBefore, StringComparison.Ordinal);
        Assert.DoesNotContain(Note, shown.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("manager.of.record@council.example", shown.Out, StringComparison.Ordinal);
        Assert.Equal(before, await FiguresAsync(reporting));
        foreach (var worker in Roster())
        {
            Assert.DoesNotContain(worker.Name, shown.Out, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^Worker [0-9A-Z]{6}$")]
    private static partial Regex Pseudonym();

    /// <summary>Every week's figures with nobody's name or id: totals, teams, and each worker's row in order.</summary>
    private static async Task<string> FiguresAsync(TestReporting reporting)
    {
        var stores = await reporting.StoresAsync();
        var figures = new StringBuilder();
        foreach (var week in await stores.Evaluations.ListAsync())
        {
            var evaluation = (await stores.Evaluations.LoadAsync(week.Week))!.Evaluation;
            figures.AppendLine(CultureInvariant($"{week.Week} {evaluation.Totals} {string.Join(' ', evaluation.Teams.Select(t => t.Figures))}"));
            foreach (var w in evaluation.Workers)
            {
                figures.AppendLine(CultureInvariant($"{w.TeamId} {w.Caseload} {w.WeightedLoad} {w.Limit} {w.Band} {w.WeeksInBreach} {w.OverSince} {w.FollowUp.Action?.Kind} {w.FollowUp.Action?.Until} {w.FollowUp.InDate} {w.FollowUp.Escalation}"));
            }
        }

        return figures.ToString();
    }

    private static string CultureInvariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>October's measures as computed now.</summary>
    private static async Task<string> MonthAsync(TestReporting reporting)
    {
        var month = await reporting.Job<MonthlyJob>().ComputeAsync(new YearMonth(2026, 10));
        return string.Join('\n', month.Digest!.Measures.Select(m => CultureInvariant($"{m.Standing}")));
    }

    private IEnumerable<(string Id, string Name, string Email)> Roster() =>
        council.Weeks.SelectMany(w => File.ReadAllLines(Path.Combine(w, "workers.csv")).Skip(1))
            .Select(line => line.Split(','))
            .Select(f => (f[0], f[1], f[2]))
            .Distinct();

    private IEnumerable<string> Children() =>
        council.Weeks.SelectMany(w => File.ReadAllLines(Path.Combine(w, "allocations.csv")).Skip(1))
            .SelectMany(line => line.Split(',')[..2])
            .Where(id => id.Length > 0)
            .Distinct();

    private (int Exit, string Out, string Error) Cli(TestReporting reporting, params string[] args) => reporting.Cli(clock, args);
}
