using System.Text;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Backup;
using Caseload.Reporting.Storage.Places;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Backup and restore (spec: backup.md) on Azurite, through the command line as IT runs it: a council's weeks, an
/// action on a breach and a month's digest backed up, the storage lost and restored into an empty one with every
/// period as it was and nothing sent again; an erasure and a week sent after the point; a point altered or missing an
/// object refused with nothing written; a storage in use refused; a point with nothing new storing its manifest alone;
/// a blob container on a second Azurite as the target.
/// </summary>
public sealed partial class BackupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Manager = "manager@council.example";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 14, 7, 0, 0, TimeSpan.Zero));
    private readonly CouncilFolders council = new(weeks: 4, workers: 24, seed: 17, from: "2026-09-14");

    public void Dispose() => council.Dispose();

    private string Target => Path.Combine(council.Root, "backup");

    private static string Plan => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json"));

    private TestReporting Reporting(string? target = null) => azurite.Reporting(clock, council.Outbox, settings: new Dictionary<string, string?>
    {
        ["Reporting:Email:LeadershipTo"] = "director@council.example",
        ["Reporting:PublicBaseUrl"] = "https://func-caseload.azurewebsites.net",
        ["Reporting:Actions:SigningKey"] = "a-test-signing-key-of-at-least-32-characters",
        ["Reporting:Backup:Target"] = target ?? Target,
    });

    /// <summary>
    /// The council's first <paramref name="weeks"/> weeks ingested, run and sent; an action recorded on a breach of the
    /// third through its manager's link; September's digest sent once its month-end is in. Returns the link.
    /// </summary>
    private async Task<string> RunWeeksAsync(TestReporting reporting, int weeks)
    {
        await reporting.Job<SettingsJob>().SetPlanAsync(Plan);
        string? link = null;
        foreach (var folder in council.Weeks.Take(weeks))
        {
            var week = await RunWeekAsync(reporting, folder);
            if (folder == council.Weeks[2])
            {
                link = Link().Match(Emails(week).Select(m => m.TextBody ?? "").First(Link().IsMatch)).Groups[1].Value;
                clock.Advance(TimeSpan.FromHours(2));
                var recorded = await reporting.Job<ActionJob>().RecordAsync(link, new Dictionary<string, string> { ["kind"] = "support", ["until"] = $"{week.Monday.PlusWeeks(3):yyyy-MM-dd}", ["reason"] = "", ["note"] = "Co-working the two newest cases with a senior practitioner" });
                Assert.Equal(System.Net.HttpStatusCode.OK, recorded.Status);
            }

            if (week == new IsoWeek(2026, 41))
            {
                var (_, sent) = await reporting.Job<MonthlyJob>().RunAsync(new YearMonth(2026, 9));
                Assert.True(sent!.Sent > 0);
            }
        }

        return link!;
    }

    private async Task<IsoWeek> RunWeekAsync(TestReporting reporting, string folder)
    {
        var asOf = LocalDate.FromDateTime(DateTime.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture));
        clock.SetUtcNow(new DateTimeOffset(asOf.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
        await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(asOf));
        Assert.Equal(WeeklyOutcome.Prepared, prepared.Outcome);
        Assert.Empty(delivered!.NotSent);
        return IsoWeek.Of(asOf);
    }

    private List<MimeMessage> Emails(IsoWeek week) =>
        [.. Directory.GetFiles(Path.Combine(council.Outbox, week.ToString()), "*.eml").Select(f => MimeMessage.Load(f))];

    private string[] Outbox() => Directory.Exists(council.Outbox)
        ? [.. Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories).Select(f => $"{f}:{new FileInfo(f).Length}").Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Every stored week and month as the command line shows it, and each week's actions.</summary>
    private async Task<string> ShownAsync(TestReporting reporting)
    {
        var shown = new StringBuilder();
        foreach (var week in await (await reporting.StoresAsync()).Evaluations.ListAsync())
        {
            shown.AppendLine(Cli(reporting, "show-week", "--week", week.Week.ToString(), "--format", "json").Out);
            shown.AppendLine(Cli(reporting, "actions", "--week", week.Week.ToString()).Out);
        }

        shown.AppendLine(Cli(reporting, "show-month", "--month", "2026-09", "--format", "json").Out);
        return shown.ToString();
    }

    /// <summary>The storage lost: every table and the container deleted.</summary>
    private static async Task LoseAsync(TestReporting reporting)
    {
        var storage = (await reporting.StoresAsync()).Storage;
        foreach (var (_, table) in storage.Tables)
        {
            await table.DeleteAsync();
        }

        await storage.Blobs.DeleteAsync();
    }

    [Fact]
    public async Task A_council_backed_up_lost_and_restored_into_an_empty_storage_shows_every_period_as_before_keeps_its_actions_and_sends_nothing_again()
    {
        await using var lost = Reporting();
        var link = await RunWeeksAsync(lost, weeks: 4);
        var before = await ShownAsync(lost);
        var sent = Outbox();

        var backup = Cli(lost, "backup");
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Matches($@"^backup point \d{{4}}-\d\d-\d\dT\d{{6}}Z written to {Regex.Escape(Target)}: 13 tables, [\d,]+ rows, [\d,]+ blobs, [\d.]+ [kM]B in all; this point stored [\d,]+ new objects", backup.Out);
        var listed = Cli(lost, "backup", "list");
        Assert.True(listed.Exit == 0, listed.Error);
        Assert.Matches(@"^1 backup point, oldest first:\n  \d{4}-\d\d-\d\dT\d{6}Z  taken 2026-10-05 \d\d:\d\d:\d\d UTC, 13 tables, .*: verifies\n$", listed.Out);

        await LoseAsync(lost);
        clock.Advance(TimeSpan.FromHours(1));
        await using var restored = Reporting();
        var dryRun = Cli(restored, "restore");
        Assert.True(dryRun.Exit == 0, dryRun.Error);
        Assert.Contains("verifies: each of its", dryRun.Out, StringComparison.Ordinal);
        Assert.Contains("which is empty", dryRun.Out, StringComparison.Ordinal);
        Assert.Contains("no period's delivery is in doubt", dryRun.Out, StringComparison.Ordinal);
        Assert.EndsWith("nothing was written. Run again with --yes to restore it.\n", dryRun.Out, StringComparison.Ordinal);
        Assert.Null(await new StorageImage((await restored.StoresAsync()).Storage).FirstThingAsync());

        var restore = Cli(restored, "restore", "--yes");
        Assert.True(restore.Exit == 0, restore.Error);
        Assert.Matches(@"^restored backup point \S+ \(taken 2026-10-05 \d\d:\d\d:\d\d UTC\) from .* into the storage at 127\.0\.0\.1:\d+: 13 tables \([\d,]+ rows\) and [\d,]+ blobs\n", restore.Out);

        // Every period as it was, the action on its breach page, and every period's jobs run again send nothing.
        Assert.Equal(before, await ShownAsync(restored));
        var page = await restored.Job<ActionJob>().OpenAsync(link);
        Assert.Contains("Co-working the two newest cases with a senior practitioner", page.Html, StringComparison.Ordinal);
        foreach (var folder in council.Weeks)
        {
            var (again, delivered) = await restored.Job<WeeklyJob>().RunAsync(IsoWeek.Of(LocalDate.FromDateTime(DateTime.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(WeeklyOutcome.AlreadyPrepared, again.Outcome);
            Assert.Equal(0, delivered!.Sent);
        }

        var (month, monthSent) = await restored.Job<MonthlyJob>().RunAsync(new YearMonth(2026, 9));
        Assert.Equal(0, monthSent?.Sent ?? 0);
        Assert.Empty((await restored.Job<SweepJob>().RunAsync(clock.GetUtcNow())).ToDeliver);
        Assert.Equal(sent, Outbox());
        Assert.NotNull(month);

        // A restored storage is in use: restoring into it again is refused, and changes nothing.
        var into = Cli(restored, "restore", "--yes");
        Assert.Equal(1, into.Exit);
        Assert.StartsWith("the storage at 127.0.0.1:", into.Error, StringComparison.Ordinal);
        Assert.Contains("is in use (the table", into.Error, StringComparison.Ordinal);
        Assert.Equal(before, await ShownAsync(restored));
    }

    [Fact]
    public async Task A_week_sent_and_a_worker_erased_after_the_point_stay_sent_and_erased_after_a_restore()
    {
        await using var lost = Reporting();
        await RunWeeksAsync(lost, weeks: 3);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, Cli(lost, "backup").Exit);

        // After the point: the fourth week sent, and a worker it names erased at their request.
        var fourth = await RunWeekAsync(lost, council.Weeks[3]);
        var sentFourth = Emails(fourth).Count;
        var stores = await lost.StoresAsync();
        var subject = (await stores.Evaluations.LoadAsync(fourth))!.Evaluation.Workers.First(w => w.InBreach);
        clock.Advance(TimeSpan.FromHours(1));
        var erased = Cli(lost, "forget", "--worker", subject.WorkerId, "--yes");
        Assert.True(erased.Exit == 0, erased.Error);

        // What the target records of it names them by pseudonym only.
        foreach (var file in Directory.GetFiles(Path.Combine(Target, "erasures")))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(subject.WorkerId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(subject.Name, text, StringComparison.Ordinal);
        }

        await LoseAsync(lost);
        clock.Advance(TimeSpan.FromHours(1));
        await using var restored = Reporting();
        var restore = Cli(restored, "restore", "--yes");
        Assert.True(restore.Exit == 0, restore.Error);
        Assert.Contains("erased after the point, and done again: 1 worker erased on request", restore.Out, StringComparison.Ordinal);
        // The fourth week was prepared and sent after the point; the months falling due between the point and now may
        // have been too (September's digest, and August's, which the point shows not prepared).
        Assert.Contains($"held back 3 periods until a person releases them, as the point cannot say whether their notifications went after it was taken: {fourth}, 2026-08 to 2026-09\n", restore.Out, StringComparison.Ordinal);

        // The worker is named nowhere erasure takes them from: no week, no action, no stored message.
        var after = await restored.StoresAsync();
        foreach (var week in await after.Evaluations.ListAsync())
        {
            Assert.DoesNotContain((await after.Evaluations.LoadAsync(week.Week))!.Evaluation.Workers, w => w.WorkerId == subject.WorkerId || w.Name == subject.Name);
        }

        Assert.Empty(await after.Actions.AboutAsync(subject.WorkerId, []));
        foreach (var period in await after.Ledger.PeriodsAsync())
        {
            await foreach (var message in restored.Job<StoredMessages>().ReadAsync(after, period))
            {
                Assert.DoesNotContain(subject.Name, message.Text, StringComparison.Ordinal);
            }
        }

        // The fourth week, pulled and run again, is held back: nothing of it goes until a person decides.
        clock.Advance(TimeSpan.FromMinutes(10));
        await restored.Job<IngestJob>().IngestFolderAsync(council.Weeks[3], null);
        var (again, delivered) = await restored.Job<WeeklyJob>().RunAsync(fourth);
        Assert.Equal(WeeklyOutcome.Prepared, again.Outcome);
        Assert.Equal((0, again.Notifications.Records.Count), (delivered!.Sent, delivered.Withheld));
        Assert.Empty(again.Notifications.ToDeliver);
        Assert.Empty((await restored.Job<SweepJob>().RunAsync(clock.GetUtcNow())).ToDeliver);
        Assert.Equal(sentFourth, Emails(fourth).Count);

        var listed = Cli(restored, "notifications", "--week", fourth.ToString());
        Assert.StartsWith("held back until a person releases them, because the storage was restored from the backup of 2026-09-28 10:00 UTC, and what went after it was taken is not known:\n", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"  {fourth}: {again.Notifications.Records.Count} notifications held back", listed.Out, StringComparison.Ordinal);
        Assert.Contains(": withheld, 0 attempts", listed.Out, StringComparison.Ordinal);

        // The data team decides they went before the loss: listed first, then recorded; the week is no longer held back.
        var wouldDismiss = Cli(restored, "notifications", "dismiss", "--week", fourth.ToString());
        Assert.StartsWith($"would record {again.Notifications.Records.Count} notifications of {fourth} as gone before the loss, never to be sent:\n", wouldDismiss.Out, StringComparison.Ordinal);
        var dismissed = Cli(restored, "notifications", "dismiss", "--week", fourth.ToString(), "--yes");
        Assert.Equal($"{fourth}: {again.Notifications.Records.Count} notifications recorded as gone before the loss; none will be sent\n", dismissed.Out);
        Assert.Equal(0, (await restored.Job<DeliveryJob>().DeliverPeriodAsync(fourth)).Sent);
        Assert.DoesNotContain(await restored.Job<DeliveryJob>().WithheldAsync(), w => w.Period.Period == fourth);
        Assert.Equal(sentFourth, Emails(fourth).Count);

        // September's digest, prepared since by the sweep and held back, was never sent: released, it goes once.
        var wouldRelease = Cli(restored, "notifications", "release", "--month", "2026-09");
        Assert.StartsWith("would release 1 notification of 2026-09 to be sent:\n  leadership's monthly digest to director@council.example: Children's Services Improvement Plan", wouldRelease.Out, StringComparison.Ordinal);
        var released = Cli(restored, "notifications", "release", "--month", "2026-09", "--yes");
        Assert.Equal("2026-09: 1 notification released; the delivery sweep sends it within a quarter of an hour in Azure, or `reporting deliver --month 2026-09` now\n", released.Out);
        var deliver = Cli(restored, "deliver", "--month", "2026-09");
        Assert.True(deliver.Exit == 0, deliver.Error);
        Assert.Equal(0, (await restored.Job<DeliveryJob>().DeliverPeriodAsync(new YearMonth(2026, 9))).Sent);
        Assert.Single(Directory.GetFiles(Path.Combine(council.Outbox, "2026-09"), "*.eml"));
    }

    [Fact]
    public async Task Rows_restored_keep_their_keys_values_and_types()
    {
        await using var lost = Reporting();
        var row = new Azure.Data.Tables.TableEntity("p1", "r-2")
        {
            ["Text"] = "café, \"quoted\"\nline", ["Int"] = -7, ["Long"] = 9_007_199_254_740_993L, ["Whole"] = 2.0, ["Fraction"] = 0.1,
            ["Flag"] = true, ["At"] = new DateTimeOffset(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero), ["Id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };
        await (await lost.StoresAsync()).Storage.Poison.AddEntityAsync(row);
        Assert.Equal(0, Cli(lost, "backup").Exit);
        await LoseAsync(lost);

        await using var restored = Reporting();
        Assert.Equal(0, Cli(restored, "restore", "--yes").Exit);
        var back = (await (await restored.StoresAsync()).Storage.Poison.GetEntityAsync<Azure.Data.Tables.TableEntity>("p1", "r-2")).Value;

        foreach (var name in row.Keys.Where(k => k is not ("odata.etag" or "Timestamp")))
        {
            Assert.Equal(row[name].GetType(), back[name]?.GetType());
            Assert.Equal(row[name], back[name]);
        }
    }

    [Fact]
    public async Task A_point_with_an_object_altered_or_missing_is_refused_naming_it_with_nothing_written_and_a_second_point_with_nothing_new_stores_its_manifest_alone()
    {
        await using var source = Reporting();
        await RunWeeksAsync(source, weeks: 2);
        Assert.Equal(0, Cli(source, "backup").Exit);

        // Nothing new: the second point reads no blob again and stores its manifest and nothing else.
        var objects = Directory.GetFiles(Path.Combine(Target, "objects"), "*", SearchOption.AllDirectories);
        var bytes = Size(Target);
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = Cli(source, "backup");
        Assert.True(second.Exit == 0, second.Error);
        var manifests = Directory.GetFiles(Path.Combine(Target, "points")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, manifests.Count);
        Assert.Equal(bytes + new FileInfo(manifests[1]).Length, Size(Target));
        Assert.Equal(objects.Length, Directory.GetFiles(Path.Combine(Target, "objects"), "*", SearchOption.AllDirectories).Length);
        Assert.Matches(@"this point stored 0 new objects \([\d.]+ kB, its manifest included\)", second.Out);

        // Two copies of the target: in one an evaluation's object altered, in the other a snapshot's file gone.
        var point = await new BackupArchive(Place.Open(Target, "target")).PointAsync(Path.GetFileNameWithoutExtension(manifests[1]));
        var evaluation = point!.Blobs.First(b => b.Name.StartsWith("evaluations/", StringComparison.Ordinal));
        var file = point.Blobs.First(b => b.Name.EndsWith("/files/allocations.csv", StringComparison.Ordinal));
        var altered = Copy(Target, "altered");
        var missing = Copy(Target, "missing");
        var alteredPath = Path.Combine(altered, "objects", evaluation.Content.Sha256[..2], evaluation.Content.Sha256);
        var content = File.ReadAllBytes(alteredPath);
        content[content.Length / 2] ^= 0x20;
        File.WriteAllBytes(alteredPath, content);
        File.Delete(Path.Combine(missing, "objects", file.Content.Sha256[..2], file.Content.Sha256));

        await using var empty = Reporting();
        var fromAltered = Cli(empty, "restore", "--from", altered, "--yes");
        var fromMissing = Cli(empty, "restore", "--from", missing, "--yes");
        var dryMissing = Cli(empty, "restore", "--from", missing);

        Assert.Equal((1, 1, 1), (fromAltered.Exit, fromMissing.Exit, dryMissing.Exit));
        Assert.Equal(
            $"backup point {point.Id} at {altered} does not verify, so it cannot be restored; nothing was written:\n  objects/{evaluation.Content.Sha256[..2]}/{evaluation.Content.Sha256} (the blob {evaluation.Name}) has been altered: its bytes no longer match its SHA-256\nrestore an earlier point (`reporting backup list` says which verify), with --point\n",
            fromAltered.Error);
        Assert.Contains($"  objects/{file.Content.Sha256[..2]}/{file.Content.Sha256} (the blob {file.Name}) is missing\n", fromMissing.Error, StringComparison.Ordinal);
        Assert.Equal(fromMissing.Error, dryMissing.Error);
        Assert.Null(await new StorageImage((await empty.StoresAsync()).Storage).FirstThingAsync());

        // A manifest changed after it was written does not read: refused in words, nothing written.
        var broken = Copy(Target, "broken");
        File.WriteAllText(Path.Combine(broken, "points", Path.GetFileName(manifests[1])), "{ not a manifest");
        var fromBroken = Cli(empty, "restore", "--from", broken, "--yes");
        Assert.Equal((1, $"{broken}/points/{Path.GetFileName(manifests[1])} does not read as a backup point: it is not JSON. It was not written by this product, or was changed after. Nothing was written; restore another point (--point), or ask for help with this one.\n"), (fromBroken.Exit, fromBroken.Error));
        Assert.Null(await new StorageImage((await empty.StoresAsync()).Storage).FirstThingAsync());
        Assert.Contains("its manifest does not read: DOES NOT VERIFY", Cli(empty, "backup", "list", "--to", broken).Out, StringComparison.Ordinal);

        var list = Cli(empty, "backup", "list", "--to", missing);
        Assert.Equal(1, list.Exit);
        Assert.Contains(": DOES NOT VERIFY\n", list.Out, StringComparison.Ordinal);

        // The storage in use is refused and left as it was: a point of it afterwards is the point before, object for object.
        var inUse = Cli(source, "restore", "--yes");
        Assert.Equal(1, inUse.Exit);
        Assert.Contains("is in use (the table", inUse.Error, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Cli(source, "backup").Exit);
        var archive = new BackupArchive(Place.Open(Target, "target"));
        var ids = await archive.PointIdsAsync();
        Assert.Equal(Objects((await archive.PointAsync(ids[^2]))!), Objects((await archive.PointAsync(ids[^1]))!));
    }

    [Fact]
    public async Task A_blob_container_on_a_second_storage_is_a_target_written_once_and_restored_from()
    {
        await using var second = await AzuriteServer.StartAsync();
        var container = new Azure.Storage.Blobs.BlobContainerClient(second.ConnectionString, "backups");
        await container.CreateAsync();
        var url = container.GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.Read | Azure.Storage.Sas.BlobContainerSasPermissions.Write | Azure.Storage.Sas.BlobContainerSasPermissions.Create | Azure.Storage.Sas.BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1)).ToString();

        await using var lost = Reporting(url);
        await RunWeeksAsync(lost, weeks: 1);
        var before = await ShownAsync(lost);
        var backup = Cli(lost, "backup");
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Contains($"written to {container.Uri}: ", backup.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", backup.Out, StringComparison.Ordinal);

        // A name is taken once: the target refuses to write over an object.
        var target = Place.Open(url, "target");
        var name = await target.ListAsync("objects/", default).FirstAsync();
        Assert.False(await target.AddAsync(name, new MemoryStream([1, 2, 3]), default));

        await LoseAsync(lost);
        clock.Advance(TimeSpan.FromHours(1));
        await using var restored = Reporting(url);
        var restore = Cli(restored, "restore", "--yes");
        Assert.True(restore.Exit == 0, restore.Error);
        Assert.Equal(before, await ShownAsync(restored));
        Assert.Equal(0, Cli(restored, "backup", "list").Exit);
    }

    private static IEnumerable<string> Objects(Backup.BackupPoint point) =>
        point.Tables.SelectMany(t => t.Partitions.Select(p => $"{t.Name}/{p.Key}/{p.Content.Sha256}")).Concat(point.Blobs.Select(b => $"{b.Name}/{b.Content.Sha256}"));

    private static long Size(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private string Copy(string from, string name)
    {
        var to = Path.Combine(council.Root, name);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return to;
    }

    private (int Exit, string Out, string Error) Cli(TestReporting reporting, params string[] args) => reporting.Cli(clock, args);

    [GeneratedRegex(@"what you are doing: https://func-caseload\.azurewebsites\.net/api/breach/(\S+)")]
    private static partial Regex Link();
}
