using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// From the alert to the action, on Azurite, week by week by example: a worker over their limit, the link in the
/// manager's email, an action recorded through it, the breach escalating when nobody acts or the date passes, and
/// an agreed exception stopping it.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed partial class ActionTests(AzuriteFixture azurite) : IDisposable
{
    private const string Manager = "manager@council.example";
    private const string HeadOfService = "hos@council.example";
    private readonly string root = Directory.CreateTempSubdirectory("caseload-actions-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 10, 5, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Outbox => Path.Combine(root, "outbox");

    /// <summary>Team T1: manager M1, worker W1 holding 21 children against a limit of 18, worker W2 holding 10.</summary>
    private string Week(LocalDate monday)
    {
        var folder = Path.Combine(root, monday.ToString("yyyy-MM-dd", null));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{monday:yyyy-MM-dd}}", "source": "test"}""");
        File.WriteAllText(Path.Combine(folder, "teams.csv"), $"team_id,name,team_type,manager_id,service,head_of_service_email,establishment_fte\nT1,Chatham Team,cin_cp,M1,Safeguarding,{HeadOfService},3\n");
        File.WriteAllText(Path.Combine(folder, "workers.csv"), $"worker_id,name,email,team_id,role,fte,asye,agency\nM1,Mo Manager,{Manager},T1,team_manager,1,no,no\nW1,Priya Evans,priya@council.example,T1,social_worker,1,no,no\nW2,Noah Smith,noah@council.example,T1,social_worker,1,no,no\n");
        var allocations = new System.Text.StringBuilder("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n");
        for (var i = 0; i < 31; i++)
        {
            allocations.Append(System.Globalization.CultureInfo.InvariantCulture, $"{4100000 + i},,{(i < 21 ? "W1" : "W2")},,cin,2026-09-01,no,,2026-09-20\n");
        }

        File.WriteAllText(Path.Combine(folder, "allocations.csv"), allocations.ToString());
        return folder;
    }

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Reporting:PublicBaseUrl"] = "https://func-caseload.azurewebsites.net",
        ["Reporting:Actions:SigningKey"] = "a-test-signing-key-of-at-least-32-characters",
        ["Reporting:Email:LeadershipTo"] = "director@council.example",
    };

    /// <summary>The jobs over storage in memory: the actions' rules need nothing of Azurite's.</summary>
    private TestReporting Reporting() => MemoryReporting.Create(clock, Outbox, settings: Settings);

    private async Task<StoredEvaluation> WeekAsync(TestReporting reporting, LocalDate monday)
    {
        clock.SetUtcNow(new DateTimeOffset(monday.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
        await reporting.Job<IngestJob>().IngestFolderAsync(Week(monday), null);
        var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(monday));
        Assert.Empty(delivered!.NotSent);
        return prepared.Evaluation!;
    }

    [Fact]
    public async Task An_action_recorded_from_the_command_line_follows_the_pages_rules_and_shows_in_show_week()
    {
        // The command line connects to storage of its own: Azurite, shared with the jobs.
        await using var reporting = azurite.Reporting(clock, Outbox, settings: Settings);
        var monday41 = new LocalDate(2026, 10, 5);
        await WeekAsync(reporting, monday41);
        (int Exit, string Out, string Error) Cli(params string[] args) => reporting.Cli(clock, args);

        clock.Advance(TimeSpan.FromHours(3));
        var tooFar = Cli("actions", "record", "--week", "2026-W41", "--worker", "W1", "--kind", "reallocate", "--until", "2027-06-30", "--by", "pso@council.example");
        var notOver = Cli("actions", "record", "--week", "2026-W41", "--worker", "W2", "--kind", "support", "--until", "2026-10-30", "--by", "pso@council.example");
        var noReason = Cli("actions", "record", "--week", "2026-W41", "--worker", "W1", "--kind", "exception", "--until", "2026-10-30", "--by", "pso@council.example");
        var recorded = Cli("actions", "record", "--week", "2026-W41", "--worker", "W1", "--kind", "support", "--until", "2026-10-30", "--note", "Senior practitioner co-working two cases", "--by", "pso@council.example");
        var listed = Cli("actions", "--week", "2026-W41");
        await WeekAsync(reporting, monday41.PlusWeeks(1));
        var shown = Cli("show-week", "--week", "2026-W42", "--format", "json");

        Assert.Equal(1, tooFar.Exit);
        Assert.StartsWith("--until: Give a date no later than", tooFar.Error, StringComparison.Ordinal);
        Assert.Equal((1, "--worker: Noah Smith is not over their limit in 2026-W41: there is no breach to record an action on"), (notOver.Exit, notOver.Error.Trim()));
        Assert.Equal(1, noReason.Exit);
        Assert.StartsWith("--reason: ", noReason.Error, StringComparison.Ordinal);
        Assert.True(recorded.Exit == 0, recorded.Error);
        Assert.Equal("recorded for W1 in 2026-W41: support until 2026-10-30, entered by pso@council.example; it shows in the next weekly emails and in show-week once that week is run", recorded.Out.Trim());
        Assert.Contains("Priya Evans (Chatham Team): support until 2026-10-30, note: Senior practitioner co-working two cases; by pso@council.example", listed.Out, StringComparison.Ordinal);
        using var week42 = JsonDocument.Parse(shown.Out);
        var w1 = week42.RootElement.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("workerId").GetString() == "W1");
        Assert.Equal(("support", "pso@council.example", true), (w1.GetProperty("action").GetProperty("kind").GetString(), w1.GetProperty("action").GetProperty("recordedBy").GetString(), w1.GetProperty("action").GetProperty("inDate").GetBoolean()));
    }

    private MimeMessage Email(IsoWeek week, string to) =>
        Directory.GetFiles(Path.Combine(Outbox, week.ToString()), "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Single().Address == to);

    private static string Token(MimeMessage email) => Link().Match(email.TextBody ?? "").Groups[1].Value;

    private async Task<PageAnswer> RecordAsync(TestReporting reporting, string token, string kind, LocalDate until, string reason = "", string note = "")
    {
        clock.Advance(TimeSpan.FromHours(3));
        return await reporting.Job<ActionJob>().RecordAsync(token, new Dictionary<string, string> { ["kind"] = kind, ["until"] = until.ToString("yyyy-MM-dd", null), ["reason"] = reason, ["note"] = note });
    }

    [Fact]
    public async Task A_breach_escalates_when_nobody_acts_stops_while_an_action_is_in_date_and_an_exception_holds_it()
    {
        await using var reporting = Reporting();
        await reporting.Job<SettingsJob>().SetPolicyAsync("""{"version": "escalating", "escalation": {"headOfServiceAfterWeeks": 2, "leadershipAfterWeeks": 4}}""");
        await reporting.Job<SettingsJob>().SetPlanAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));

        // Week 41: new, nobody has acted, not yet escalated; the email carries the link.
        var w41 = await WeekAsync(reporting, new LocalDate(2026, 10, 5));
        var link41 = Token(Email(w41.Evaluation.Week, Manager));

        // Week 42: two weeks over, no action: the head of service's roll-up names it, with the manager.
        var w42 = await WeekAsync(reporting, new LocalDate(2026, 10, 12));
        var rollUp42 = Email(w42.Evaluation.Week, HeadOfService).TextBody;
        var recorded = await RecordAsync(reporting, Token(Email(w42.Evaluation.Week, Manager)), "reallocate", new LocalDate(2026, 10, 23), note: "Two cases to Noah by Friday week");

        // Week 43: the reallocation is in date: no escalation; the email shows it in one line.
        var w43 = await WeekAsync(reporting, new LocalDate(2026, 10, 19));
        var manager43 = Email(w43.Evaluation.Week, Manager).TextBody;

        // Week 44: its date has passed and four weeks over: leadership.
        var w44 = await WeekAsync(reporting, new LocalDate(2026, 10, 26));
        var manager44 = Email(w44.Evaluation.Week, Manager).TextBody;
        var exception = await RecordAsync(reporting, Token(Email(w44.Evaluation.Week, Manager)), "exception", new LocalDate(2026, 12, 4), reason: "Two cases close at court on 3 December");
        var october = await reporting.Job<MonthlyJob>().RunAsync(new YearMonth(2026, 10));

        // Week 45: the exception is in date: excepted, not escalated, the band still shown.
        var w45 = await WeekAsync(reporting, new LocalDate(2026, 11, 2));

        Assert.Equal((1, (Actions.Escalation?)null), (Worker(w41).WeeksInBreach, Worker(w41).FollowUp.Escalation));
        Assert.Matches("^v2\\.", link41);
        Assert.Equal(Actions.Escalation.HeadOfService, Worker(w42).FollowUp.Escalation);
        Assert.Contains("Breaches nobody is acting on (1)", rollUp42, StringComparison.Ordinal);
        Assert.Contains("Priya Evans (Chatham Team, manager Mo Manager): at least 2 weeks — over since the data began on 5 Oct 2026", rollUp42, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, recorded.Status);
        Assert.Contains("Recorded: Reallocating cases, to be done by 23 October 2026", recorded.Html, StringComparison.Ordinal);

        Assert.Equal((true, (Actions.Escalation?)null), (Worker(w43).FollowUp.InDate, Worker(w43).FollowUp.Escalation));
        Assert.Contains("Reallocating cases by 23 Oct 2026, recorded 12 Oct.", manager43, StringComparison.Ordinal);
        Assert.Contains("Change what you are doing: https://func-caseload.azurewebsites.net/api/breach/v2.", manager43, StringComparison.Ordinal);

        Assert.Equal((false, (Actions.Escalation?)Actions.Escalation.Leadership), (Worker(w44).FollowUp.InDate, Worker(w44).FollowUp.Escalation));
        Assert.Contains("This date has passed", manager44, StringComparison.Ordinal);
        Assert.Contains("it is now in leadership's monthly report", manager44, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exception.Status);
        var unacted = Assert.Single(october.Run.Digest!.Breaches, b => b.NobodyActing);
        Assert.Equal("Priya Evans", unacted.Name);
        var digest = MimeMessage.Load(Directory.GetFiles(Path.Combine(Outbox, "2026-10"), "*.eml").Single());
        Assert.Contains("1 breach went long enough with no action recorded by its team manager, or none in date, to reach leadership. They are named in the summary's breaches section.", digest.TextBody, StringComparison.Ordinal);
        using var pack = new MemoryStream();
        digest.Attachments.OfType<MimePart>().Single(a => a.FileName!.EndsWith(".xlsx", StringComparison.Ordinal)).Content!.DecodeTo(pack);
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(pack, false);
        var sheet = workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "Breaches nobody has acted on");
        var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!.Value!);
        Assert.Contains("Priya Evans", part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.InlineString>().Select(t => t.InnerText));

        Assert.Equal((true, true, (Actions.Escalation?)null, Band.Red), (Worker(w45).FollowUp.InDate, Worker(w45).FollowUp.Excepted, Worker(w45).FollowUp.Escalation, Worker(w45).Band));
        using var json = new MemoryStream();
        EvaluationJson.Write(w45.Evaluation, json);
        using var document = JsonDocument.Parse(json.ToArray());
        var w1 = document.RootElement.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("workerId").GetString() == "W1");
        Assert.Equal("exception", w1.GetProperty("action").GetProperty("kind").GetString());
        Assert.Equal("2026-12-04", w1.GetProperty("action").GetProperty("until").GetString());
        Assert.Equal(Manager, w1.GetProperty("action").GetProperty("recordedBy").GetString());
        Assert.Equal("2026-10-26T10:00:00Z", w1.GetProperty("action").GetProperty("recordedAt").GetString());
        Assert.True(w1.GetProperty("action").GetProperty("inDate").GetBoolean());
        Assert.True(w1.GetProperty("excepted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, w1.GetProperty("escalation").ValueKind);

        var listed = await reporting.Job<ActionJob>().ListAsync(w45.Evaluation.Week);
        Assert.Equal([Actions.ActionKind.Exception, Actions.ActionKind.Reallocate], listed.Select(l => l.Action.Kind));
        Assert.Equal([true, false], listed.Select(l => l.Current));
    }

    [Fact]
    public async Task A_link_opens_only_its_own_worker_and_is_refused_when_forged_expired_or_unsigned()
    {
        await using var reporting = Reporting();
        var week = await WeekAsync(reporting, new LocalDate(2026, 11, 16));
        var token = Token(Email(week.Evaluation.Week, Manager));

        var page = await reporting.Job<ActionJob>().OpenAsync(token);
        var crossWorker = await reporting.Job<ActionJob>().RecordAsync(token, new Dictionary<string, string> { ["kind"] = "support", ["until"] = "2026-12-01", ["workerId"] = "W2", ["teamId"] = "T9" });
        var forged = await reporting.Job<ActionJob>().OpenAsync(token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..]);
        clock.Advance(TimeSpan.FromDays(15));
        var expired = await reporting.Job<ActionJob>().OpenAsync(token);
        await using var unsigned = MemoryReporting.Create(clock, Outbox, settings: new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Actions:SigningKey"] = null }, storage: (await reporting.StoresAsync()).Storage);
        var noKey = await unsigned.Job<ActionJob>().OpenAsync(token);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Priya Evans", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Noah Smith", page.Html, StringComparison.Ordinal);       // no one else in the team
        Assert.DoesNotMatch("41000[0-9]{2}", page.Html);                                // no child
        Assert.Equal(HttpStatusCode.OK, crossWorker.Status);
        var listed = Assert.Single(await reporting.Job<ActionJob>().ListAsync(week.Evaluation.Week));
        Assert.Equal(("W1", "T1"), (listed.Action.Breach.WorkerId, listed.Action.TeamId));  // the link's worker, whatever the form says
        Assert.All(new[] { forged, expired, noKey }, refused => Assert.Equal(HttpStatusCode.Forbidden, refused.Status));
        Assert.Contains("This link no longer works", expired.Html, StringComparison.Ordinal);
        Assert.Contains("This link cannot be used", forged.Html, StringComparison.Ordinal);
        Assert.All(new[] { forged, expired, noKey }, refused => Assert.DoesNotContain("Priya", refused.Html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_signed_before_a_key_rotation_opens_after_it_and_one_signed_with_a_retired_key_gets_the_plain_page()
    {
        await using var before = Reporting();
        var week = await WeekAsync(before, new LocalDate(2026, 11, 16));
        var token = Token(Email(week.Evaluation.Week, Manager));
        var storage = (await before.StoresAsync()).Storage;
        const string NewKey = "the-new-signing-key-of-well-over-32-characters";

        // Rotated: the new key signs, the old one is still accepted.
        await using var rotating = MemoryReporting.Create(clock, Outbox, settings: new Dictionary<string, string?>(Settings) { ["Reporting:Actions:SigningKey"] = NewKey, ["Reporting:Actions:PreviousSigningKeys"] = Settings["Reporting:Actions:SigningKey"] }, storage: storage);
        var during = await rotating.Job<ActionJob>().OpenAsync(token);
        var fresh = rotating.Job<ActionLinking>().Links!.For(week.Evaluation.Week, "T1", "W1", Manager).AbsolutePath;

        // Retired: the old key is gone.
        await using var after = MemoryReporting.Create(clock, Outbox, settings: new Dictionary<string, string?>(Settings) { ["Reporting:Actions:SigningKey"] = NewKey }, storage: storage);
        var retired = await after.Job<ActionJob>().OpenAsync(token);
        var freshAfter = await after.Job<ActionJob>().OpenAsync(fresh[(fresh.LastIndexOf('/') + 1)..]);
        var altered = await after.Job<ActionJob>().OpenAsync(fresh[(fresh.LastIndexOf('/') + 1)..^3] + "AAA");

        Assert.Equal(HttpStatusCode.OK, during.Status);
        Assert.Contains("Priya Evans", during.Html, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, PageOutcome.Expired), (retired.Status, retired.Outcome));
        Assert.Contains("This link no longer works", retired.Html, StringComparison.Ordinal);
        Assert.Contains("Use the link in your latest Monday email", retired.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, freshAfter.Status);
        Assert.Equal((HttpStatusCode.Forbidden, PageOutcome.Refused), (altered.Status, altered.Outcome));

        // A key too short to sign with is refused when the jobs are built, naming the setting.
        var tooShort = Assert.Throws<InvalidOperationException>(() => MemoryReporting.Create(clock, Outbox, settings: new Dictionary<string, string?>(Settings) { ["Reporting:Actions:SigningKey"] = "short-key" }));
        Assert.StartsWith("Reporting:Actions:SigningKey is 9 characters: a signing key is at least 32", tooShort.Message, StringComparison.Ordinal);
        var shortPrevious = Assert.Throws<InvalidOperationException>(() => MemoryReporting.Create(clock, Outbox, settings: new Dictionary<string, string?>(Settings) { ["Reporting:Actions:PreviousSigningKeys"] = "x" }));
        Assert.StartsWith("Reporting:Actions:PreviousSigningKeys holds a key of 1 characters", shortPrevious.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_with_problems_is_shown_again_with_them_and_nothing_is_stored()
    {
        await using var reporting = Reporting();
        var week = await WeekAsync(reporting, new LocalDate(2026, 11, 16));
        var token = Token(Email(week.Evaluation.Week, Manager));

        var noKind = await reporting.Job<ActionJob>().RecordAsync(token, new Dictionary<string, string> { ["until"] = "2026-11-20" });
        var tooLate = await RecordAsync(reporting, token, "reallocate", new LocalDate(2027, 1, 30), note: "<script>alert('x')</script>");
        var noReason = await RecordAsync(reporting, token, "exception", new LocalDate(2026, 12, 1));

        Assert.All(new[] { noKind, tooLate, noReason }, answer => Assert.Equal(HttpStatusCode.BadRequest, answer.Status));
        Assert.Contains("Choose what you are doing.", noKind.Html, StringComparison.Ordinal);
        Assert.Contains("no later than", tooLate.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", tooLate.Html, StringComparison.Ordinal);   // shown again, escaped
        Assert.DoesNotContain("<script>", tooLate.Html, StringComparison.Ordinal);
        Assert.Contains("Say why the exception was agreed.", noReason.Html, StringComparison.Ordinal);
        Assert.Empty(await reporting.Job<ActionJob>().ListAsync(week.Evaluation.Week));
    }

    [Fact]
    public async Task Two_submissions_at_once_are_both_kept_in_the_history()
    {
        await using var reporting = Reporting();
        var week = await WeekAsync(reporting, new LocalDate(2026, 11, 16));
        var token = Token(Email(week.Evaluation.Week, Manager));
        clock.Advance(TimeSpan.FromHours(1));

        var answers = await Task.WhenAll(
            reporting.Job<ActionJob>().RecordAsync(token, new Dictionary<string, string> { ["kind"] = "support", ["until"] = "2026-12-01", ["note"] = "first" }),
            reporting.Job<ActionJob>().RecordAsync(token, new Dictionary<string, string> { ["kind"] = "reallocate", ["until"] = "2026-12-01", ["note"] = "second" }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var listed = await reporting.Job<ActionJob>().ListAsync(week.Evaluation.Week);
        Assert.Equal(["first", "second"], listed.Select(l => l.Action.Note).Order());
        Assert.Single(listed, l => l.Current);
    }

    [Fact]
    public async Task An_action_saved_while_its_week_is_being_prepared_counts_clearly_from_the_next_week_and_is_not_lost()
    {
        await using var reporting = Reporting();
        var w41 = await WeekAsync(reporting, new LocalDate(2026, 10, 5));
        var link = Token(Email(w41.Evaluation.Week, Manager));

        // Monday of week 42, 07:00: another instance, whose clock is a second ahead, claims the week and starts
        // reading; the manager saves an action stamped 07:00:00 that is stored after that run read the actions.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 12, 7, 0, 0, TimeSpan.Zero));
        await reporting.Job<IngestJob>().IngestFolderAsync(Week(new LocalDate(2026, 10, 12)), null);
        var preparing = new Storage.Runs.PeriodRuns((await reporting.StoresAsync()).Storage, new FakeTimeProvider(clock.GetUtcNow().AddSeconds(1)));
        var (_, other) = await preparing.ClaimAsync(new IsoWeek(2026, 42), WeeklyJob.Work);
        var saved = await reporting.Job<ActionJob>().RecordAsync(link, new Dictionary<string, string> { ["kind"] = "support", ["until"] = "2026-11-20", ["note"] = "" });

        // That run is given up (its instance stopped) and the week prepared again a second later.
        await preparing.ReleaseAsync(other!);
        clock.Advance(TimeSpan.FromSeconds(1));
        var (w42, _) = await reporting.Job<WeeklyJob>().RunAsync(new IsoWeek(2026, 42));
        var w43 = await WeekAsync(reporting, new LocalDate(2026, 10, 19));

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("This week&#x27;s emails were being prepared as you saved it, so it counts from next week&#x27;s.", saved.Html, StringComparison.Ordinal);
        Assert.Null(Worker(w42.Evaluation!).FollowUp.Action);
        Assert.Equal(Actions.ActionKind.Support, Worker(w43).FollowUp.Action?.Kind);
        Assert.Equal((true, (Actions.Escalation?)null), (Worker(w43).FollowUp.InDate, Worker(w43).FollowUp.Escalation));
    }

    private static WorkerCaseload Worker(StoredEvaluation stored) => stored.Evaluation.Workers.Single(w => w.WorkerId == "W1");

    [GeneratedRegex(@"what you are doing: https://func-caseload\.azurewebsites\.net/api/breach/(\S+)")]
    private static partial Regex Link();
}
