using System.Text;
using Caseload.Reporting.Backup;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The rules of backup and restore (spec: backup.md): what a restore withholds, which erasures it does again, when a point is due, and the manifest.</summary>
public class BackupRulesTests
{
    private static readonly ReportingSchedule Schedule = new();

    // Monday 2026-11-23 08:00 UTC is 08:00 in London (GMT): the weekly hour (07:00) of 2026-W48 has come.
    private static readonly DateTimeOffset Monday48 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static HashSet<ReportingPeriod> Periods(params ReportingPeriod[] periods) => [.. periods];

    [Fact]
    public void A_restore_soon_after_a_point_that_had_sent_everything_withholds_nothing()
    {
        var prepared = Periods(new IsoWeek(2026, 47), new IsoWeek(2026, 48), new YearMonth(2026, 10));

        Assert.Empty(RestoredDelivery.Withheld(Monday48, Monday48.AddHours(5), Schedule, prepared, Periods()));
    }

    [Fact]
    public void A_period_the_point_shows_still_to_send_is_withheld_whenever_it_was()
    {
        var prepared = Periods(new IsoWeek(2026, 40), new IsoWeek(2026, 47), new IsoWeek(2026, 48), new YearMonth(2026, 10));

        Assert.Equal([new IsoWeek(2026, 40)], RestoredDelivery.Withheld(Monday48, Monday48.AddHours(5), Schedule, prepared, Periods(new IsoWeek(2026, 40))));
    }

    [Fact]
    public void Every_week_and_month_due_between_the_point_and_the_restore_is_withheld_weeks_first()
    {
        var prepared = Periods(new IsoWeek(2026, 47), new IsoWeek(2026, 48), new YearMonth(2026, 10));

        // Three weeks later, on 14 December: 2026-W49 to W51 and November's digest may all have gone before the loss.
        var withheld = RestoredDelivery.Withheld(Monday48, Monday48.AddDays(21), Schedule, prepared, Periods());

        Assert.Equal([new IsoWeek(2026, 49), new IsoWeek(2026, 50), new IsoWeek(2026, 51), new YearMonth(2026, 11)], withheld);
    }

    [Fact]
    public void Weeks_missed_before_the_point_are_withheld_as_far_back_as_the_weekly_catch_up_reaches_and_no_further()
    {
        // The last week prepared at the point is W30; the catch-up of the week due then (W48) reaches back 8 weeks.
        var prepared = Periods(new IsoWeek(2026, 30), new YearMonth(2026, 10));
        var withheld = RestoredDelivery.Withheld(Monday48, Monday48.AddHours(5), Schedule, prepared, Periods());

        Assert.Equal(Enumerable.Range(40, 9).Select(w => (ReportingPeriod)new IsoWeek(2026, w)), withheld);

        // Nothing prepared at all (a new council): only the week due then.
        Assert.Equal([new IsoWeek(2026, 48)], RestoredDelivery.Withheld(Monday48, Monday48.AddHours(5), Schedule, Periods(new YearMonth(2026, 10)), Periods()));
    }

    [Fact]
    public void An_erasure_done_before_the_point_is_in_it_and_one_started_before_and_done_after_or_never_done_is_done_again_once()
    {
        var point = Monday48;
        ErasureRecord Record(string id, int minutes, bool done) => new(id, ErasureKind.Worker, point.AddMinutes(minutes), done, "pseudonym-abc", new string('a', 64));
        var records = new[]
        {
            Record("before", -30, false), Record("before", -20, true),
            Record("across", -5, false), Record("across", 5, true),
            Record("cut", -60, false),
            Record("after", 10, false), Record("after", 11, true),
        };

        var again = ErasureLog.ToDoAgain(records, point);

        Assert.Equal(["cut", "across", "after"], again.Select(r => r.Id));
        Assert.All(again, r => Assert.False(r.Done));
    }

    [Fact]
    public void An_erasure_record_names_a_worker_by_pseudonym_and_reads_back_as_written()
    {
        var worker = new ErasureRecord("a1b2c3", ErasureKind.Worker, Monday48, false, "pseudonym-7kq2mxab3d", new string('f', 64));
        var retention = new ErasureRecord("d4e5f6", ErasureKind.StaffRetention, Monday48, true, KeptFrom: new LocalDate(2026, 8, 25));

        Assert.Equal(worker, ErasureRecord.Read(worker.ToJson(), "w"));
        Assert.Equal(retention, ErasureRecord.Read(retention.ToJson(), "r"));
        Assert.Equal("2026-11-23T080000.0000000Z-a1b2c3-started.json", worker.Name);
        var broken = Assert.Throws<InvalidDataException>(() => ErasureRecord.Read("""{"id":"x","kind":"worker","at":"2026-11-23T08:00:00Z","done":false}"""u8, "erasures/x.json"));
        Assert.StartsWith("erasures/x.json does not read as a record of an erasure", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_is_due_daily_and_after_a_delivery_ends_and_not_while_one_is_still_sending()
    {
        var key = new NotificationKey(NotificationKind.TeamManager, Recipient.Email("jo@council.example"));
        var sent = DeliveryRecord.Prepared(key, "s", "c", Monday48).Hold("run", Monday48, TimeSpan.FromMinutes(5)).Next.Sent("id", 1, Monday48.AddMinutes(3));
        var waiting = DeliveryRecord.Prepared(new NotificationKey(NotificationKind.TeamManager, Recipient.Email("al@council.example")), "s", "c", Monday48);

        Assert.True(BackupSchedule.IsDue(null, Monday48, null));
        Assert.False(BackupSchedule.IsDue(Monday48.AddHours(-22), Monday48, null));
        Assert.True(BackupSchedule.IsDue(Monday48.AddHours(-23), Monday48, null));
        Assert.Equal(Monday48.AddMinutes(3), BackupSchedule.DeliveredAt([sent]));
        Assert.Null(BackupSchedule.DeliveredAt([sent, waiting]));
        Assert.Null(BackupSchedule.DeliveredAt([sent, waiting.Withhold()]));
        Assert.Null(BackupSchedule.DeliveredAt([]));
        Assert.True(BackupSchedule.IsDue(Monday48.AddMinutes(-50), Monday48.AddMinutes(10), BackupSchedule.DeliveredAt([sent])));
        Assert.False(BackupSchedule.IsDue(Monday48.AddMinutes(5), Monday48.AddMinutes(10), BackupSchedule.DeliveredAt([sent])));
    }

    [Fact]
    public void A_manifest_reads_back_as_written_names_each_object_by_what_it_holds_and_counts_a_shared_object_once()
    {
        var shared = new BackupObject(new string('a', 64), 100);
        var point = new BackupPoint(
            BackupPoint.IdAt(Monday48), Monday48, Monday48.AddSeconds(30),
            [new BackedUpTable("Notifications", [new BackedUpPartition("2026-W48", 12, new BackupObject(new string('b', 64), 40))]), new BackedUpTable("Runs", [])],
            [new BackedUpBlob("evaluations/2026-W48.json.gz", shared, "application/gzip", "\"0x8D\""), new BackedUpBlob("staff/copy", shared, null, null)]);

        var read = BackupPointJson.Read(BackupPointJson.Write(point), "points/x.json");

        Assert.Equal("2026-11-23T080000Z", point.Id);
        Assert.Equal((point.Id, point.TakenAt, point.FinishedAt, 12L, 140L), (read.Id, read.TakenAt, read.FinishedAt, read.Rows, read.Bytes));
        Assert.Equal(point.Tables.SelectMany(t => t.Partitions), read.Tables.SelectMany(t => t.Partitions));
        Assert.Equal(point.Blobs, read.Blobs);
        Assert.Equal("the table Notifications, partition 2026-W48", read.WhatHolds()[new BackupObject(new string('b', 64), 40)]);
        Assert.Equal("the blob evaluations/2026-W48.json.gz", read.WhatHolds()[shared]);
        Assert.Equal(2, read.Objects.Count);
    }

    [Theory]
    [InlineData("not json", "it is not JSON")]
    [InlineData("""{"format":"caseload-reporting-backup/9"}""", "it is not a backup point of this version (caseload-reporting-backup/1)")]
    [InlineData("""{"format":"caseload-reporting-backup/1","id":"2026-11-23T080000Z","takenAt":"2026-11-23T08:00:00Z","finishedAt":"2026-11-23T08:00:00Z","tables":[{"name":"Runs","partitions":[{"key":"k","rows":1,"object":"ABC","length":1}]}],"blobs":[]}""", "a field holds the wrong kind of value")]
    [InlineData("""{"format":"caseload-reporting-backup/1","id":"2026-11-23T080000Z","tables":[],"blobs":[]}""", "a field is missing")]
    public void A_manifest_that_is_not_one_is_refused_saying_where_and_what(string text, string why)
    {
        var refused = Assert.Throws<InvalidDataException>(() => BackupPointJson.Read(Encoding.UTF8.GetBytes(text), "/backups/points/x.json"));

        Assert.Equal($"/backups/points/x.json does not read as a backup point: {why}. It was not written by this product, or was changed after.", refused.Message);
    }
}
