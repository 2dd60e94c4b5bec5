using System.Text.Json.Nodes;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Functions.Host;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Backup;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Health;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Pull;
using Caseload.Reporting.Jobs.Queues;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Functions.Functions;

/// <summary>
/// The functions the host calls, one route each (the folder name of its function.json). Each translates the host's
/// payload, calls a job and translates the answer; none has logic of its own.
/// </summary>
internal static class ReportingFunctions
{
    /// <summary>The functions, by the name of their folder and route.</summary>
    public static readonly string[] Names = ["PullSchedule", "PullSnapshot", "WeeklyBreaches", "MonthlyDigest", "SendNotification", "DeliverySweep", "Retention", "Backup", "Health", "Breach"];

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Ok());
        app.MapPost("/PullSchedule", PullScheduleAsync);
        app.MapPost("/PullSnapshot", PullSnapshotAsync);
        app.MapPost("/WeeklyBreaches", WeeklyBreachesAsync);
        app.MapPost("/MonthlyDigest", MonthlyDigestAsync);
        app.MapPost("/SendNotification", SendNotificationAsync);
        app.MapPost("/DeliverySweep", DeliverySweepAsync);
        app.MapPost("/Retention", RetentionAsync);
        app.MapPost("/Backup", BackupAsync);

        // HTTP-only functions: the host forwards the browser's request as it came (enableForwardingHttpRequest),
        // path and all, and passes the answer back as it is.
        app.MapGet("/api/Health", HealthAsync);
        app.MapGet("/api/breach/{token}", OpenBreachAsync).RequireRateLimiting(BreachPages.RateLimit);
        app.MapPost("/api/breach/{token}", RecordBreachActionAsync).RequireRateLimiting(BreachPages.RateLimit);
    }

    /// <summary>Timer, daily: one message per source of sources.json onto snapshot-pulls.</summary>
    private static async Task<IResult> PullScheduleAsync(HttpRequest request, PullJob pull, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var sources = await pull.SourceIdsAsync(cancellationToken);
        var result = new InvocationResult();
        result.Outputs["pulls"] = sources.Select(source => new JsonObject { ["source"] = source }).ToList();
        return result.Log($"{Counted.Of(sources.Count, "source")} to pull").Ok();
    }

    /// <summary>Service Bus, snapshot-pulls: pull, validate, store. A refused extract is recorded and reported by the job; the message completes.</summary>
    private static async Task<IResult> PullSnapshotAsync(HttpRequest request, PullJob pull, PoisonLog poison, QueueOptions queues, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var source = ReadMessage(invocation, "pull")?["source"]?.GetValue<string>();
        if (source is null)
        {
            await poison.RecordAsync("PullSnapshot", invocation.Metadata("MessageId"), "not a snapshot-pull message", invocation.RawText("pull"), cancellationToken);
            return result.Log("unreadable message: recorded as poison").Ok();
        }

        try
        {
            var pulled = await pull.PullAsync(source, cancellationToken);
            return pulled.Aggregate(result.Log($"{source}: {Counted.Of(pulled.Count, "new extract")}"), (r, p) => r.Log($"{p.Extract}: {p.Outcome}")).Ok();
        }
        catch (SourceUnusableException e)
        {
            await poison.RecordAsync("PullSnapshot", invocation.Metadata("MessageId"), e.Message, invocation.RawText("pull"), cancellationToken);
            return result.Log($"cannot be pulled: {e.Message}").Ok();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await TransientAsync(invocation, queues, poison, "PullSnapshot", result, e);
        }
    }

    /// <summary>Timer: at the weekly hour, prepare the week (and any missed) and put one message per notification to deliver on notifications.</summary>
    private static async Task<IResult> WeeklyBreachesAsync(HttpRequest request, WeeklyJob weekly, ReportingSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var timer = invocation.Binding("timer");
        var pastDue = timer.ValueKind == System.Text.Json.JsonValueKind.Object && timer.TryGetProperty("IsPastDue", out var late) && late.GetBoolean();
        if (schedule.WeekDue(time.GetUtcNow()) is not { } due)
        {
            return result.Log("not the weekly hour locally: nothing to do").Ok();
        }

        var messages = new List<JsonObject>();
        foreach (var run in await weekly.PrepareDueAsync(due, cancellationToken))
        {
            result.Log($"{run.Week}: {run.Outcome}{(pastDue ? " (timer past due)" : "")}, {run.Notifications.ToDeliver.Count} to deliver");
            messages.AddRange(run.Notifications.ToDeliver.Select(key => Message(run.Week, key)));
        }

        result.Outputs["notifications"] = messages;
        return result.Ok();
    }

    /// <summary>Timer: at the monthly hour, last month computed, stored and prepared, and one message per leadership digest on notifications.</summary>
    private static async Task<IResult> MonthlyDigestAsync(HttpRequest request, MonthlyJob monthly, ReportingSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        if (schedule.MonthDue(time.GetUtcNow()) is not { } month)
        {
            return result.Log("not the monthly hour locally: nothing to do").Ok();
        }

        var run = await monthly.PrepareAsync(month, cancellationToken);
        result.Outputs["notifications"] = run.Notifications.ToDeliver.Select(key => Message(month, key)).ToList();
        result.Log($"{month:yyyy-MM}: {run.Outcome}, {run.Notifications.ToDeliver.Count} to deliver");
        return (run.RegionReturn is { } region ? result.Log(region) : result).Ok();
    }

    /// <summary>Service Bus, notifications: deliver one prepared notification (hold, load, send, record).</summary>
    private static async Task<IResult> SendNotificationAsync(HttpRequest request, DeliveryJob delivery, PoisonLog poison, QueueOptions queues, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var message = ReadMessage(invocation, "notification");
        if (!ReportingPeriod.TryParse(message?["period"]?.GetValue<string>(), out var period) || !NotificationKey.TryParse(message?["key"]?.GetValue<string>(), out var key))
        {
            await poison.RecordAsync("SendNotification", invocation.Metadata("MessageId"), "not a notification message", invocation.RawText("notification"), cancellationToken);
            return result.Log("unreadable message: recorded as poison").Ok();
        }

        try
        {
            var delivered = await delivery.DeliverAsync(period, key, cancellationToken);
            var what = $"{period} {Snapshots.Vocabulary.Code(key.Kind)}";
            switch (delivered.Outcome)
            {
                case DeliveryOutcome.Sent or DeliveryOutcome.AlreadySent:
                    return result.Log($"{(delivered.Outcome == DeliveryOutcome.Sent ? "sent" : "already sent")} {what}").Ok();
                case DeliveryOutcome.InFlight:
                    // Not sent, and not to be taken as sent: the holder finishes it, or the delivery sweep re-sends it once the hold lapses.
                    return result.Log($"in flight {what}: held by another run{(delivered.HeldUntil is { } until ? $" until {until:HH:mm:ss} UTC" : "")}; the delivery sweep re-sends it if that run does not finish").Ok();
                case DeliveryOutcome.Failed:
                    return result.Log($"failed {what}: {delivered.Error}").Ok();
                case DeliveryOutcome.Misconfigured:
                    // Every message would fail the same way: completed, nothing recorded as failed; the sweep re-sends after the fix.
                    await poison.RecordAsync("SendNotification", invocation.Metadata("MessageId"), $"configuration: {delivered.Error}", null, cancellationToken);
                    return result.Log($"NOT SENT, configuration: {delivered.Error}").Ok();
                case DeliveryOutcome.Withheld:
                    // A person releases it (reporting notifications release); the message has nothing more to do.
                    return result.Log($"withheld {what}: held back since the storage was restored, until a person releases it").Ok();
                case DeliveryOutcome.NotPrepared:
                    await poison.RecordAsync("SendNotification", invocation.Metadata("MessageId"), delivered.Error ?? "not prepared", null, cancellationToken);
                    return result.Log($"cannot be sent: {delivered.Error}").Ok();
                default:
                    return await TransientAsync(invocation, queues, poison, "SendNotification", result, new NotSentException($"{what} not sent: {delivered.Error}"));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await TransientAsync(invocation, queues, poison, "SendNotification", result, e);
        }
    }

    /// <summary>
    /// Timer, every quarter hour: a period due and not prepared (its timer failed) prepared now, and a message for each
    /// notification of recent periods prepared and not sent (a message lost, a hold lapsed, a configuration fixed).
    /// </summary>
    private static async Task<IResult> DeliverySweepAsync(HttpRequest request, SweepJob sweep, TimeProvider time, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var swept = await sweep.RunAsync(time.GetUtcNow(), cancellationToken);
        var result = new InvocationResult();
        result.Outputs["notifications"] = swept.ToDeliver.Select(w => Message(w.Period, w.Key)).ToList();
        return swept.Prepared.Aggregate(result, (r, line) => r.Log(line)).Log($"{Counted.Of(swept.ToDeliver.Count, "notification")} to send").Ok();
    }

    /// <summary>
    /// Timer, daily: snapshots and allocation history older than Reporting:Retention:Days deleted; staff data older
    /// than Reporting:Retention:StaffDays let go (message texts deleted, names pseudonymised, notes deleted); nothing
    /// without the settings.
    /// </summary>
    private static async Task<IResult> RetentionAsync(HttpRequest request, RetentionJob retention, ReportingSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var today = schedule.Local(time.GetUtcNow()).Date;
        var run = await retention.RunAsync(today, cancellationToken: cancellationToken);
        var staff = await retention.StaffAsync(today, days: null, apply: true, cancellationToken);
        var result = new InvocationResult();
        result = run.KeptFrom is { } cutoff
            ? result.Log($"kept from {cutoff:yyyy-MM-dd}: {Counted.Of(run.Snapshots, "snapshot")} and {Counted.Of(run.Blobs, "blob")} of their files, caseloads and allocation history deleted")
            : result.Log("Reporting:Retention:Days is not set: nothing deleted");
        return (staff is { } s
            ? result.Log($"staff data kept as it is from {s.KeptFrom:yyyy-MM-dd}: the text of {Counted.Of(s.Messages, "stored message")} deleted, the names and notes of {Counted.Of(s.Weeks, "evaluated week")} and {Counted.Of(s.Actions, "recorded action")} let go")
            : result.Log("Reporting:Retention:StaffDays is not set: staff data kept")).Ok();
    }

    /// <summary>
    /// Timer, hourly: a backup point at Reporting:Backup:Target when one is due — none for a day, or a week's or a
    /// month's delivery ended since the last (docs/operations.md, "Backup and restore"); nothing without the setting.
    /// </summary>
    private static async Task<IResult> BackupAsync(HttpRequest request, BackupJob backup, ReportingSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        try
        {
            var report = await backup.RunIfDueAsync(schedule.Local(time.GetUtcNow()).Date, cancellationToken);
            return (report is null
                ? result.Log("no backup point due (or Reporting:Backup:Target is not set)")
                : result.Log($"backup point {report.Point.Id} written: {Counted.Of(report.Point.Rows, "row")} and {Counted.Of(report.Point.Blobs.Count, "blob")}, {Counted.Of(report.ObjectsWritten, "new object")} ({report.BytesWritten:N0} bytes) stored")).Ok();
        }
        catch (Exception e) when (e is InvalidOperationException or Storage.StorageUnavailableException or Storage.StorageSettingException)
        {
            // The next hour tries again; the alert on reporting.backup tells IT if none is written for 26 hours.
            return result.Log($"no backup point written: {e.Message}").Ok();
        }
    }

    /// <summary>HTTP: storage reachable, last snapshot, last weekly run, poison recorded.</summary>
    private static async Task<IResult> HealthAsync(HealthJob health, ReportingSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(schedule.Local(time.GetUtcNow()).Date, cancellationToken);
        return report.StorageReachable
            ? Results.Json(new JsonObject { ["storage"] = "reachable", ["lastSnapshot"] = report.LastSnapshot, ["lastWeeklyRun"] = report.LastWeeklyRun, ["poisonedNotifications"] = report.PoisonedNotifications })
            : Results.Text(report.Problem, statusCode: 503);
    }

    /// <summary>HTTP, anonymous (the signed link is the credential): the breach page of a "Record what you are doing" link.</summary>
    private static async Task<IResult> OpenBreachAsync(HttpContext context, string token, ActionJob actions, CancellationToken cancellationToken) =>
        Page(context, await actions.OpenAsync(token, cancellationToken));

    /// <summary>HTTP, anonymous: the breach page's form, recorded or shown again with its problems; the body is read only once the link is good.</summary>
    private static async Task<IResult> RecordBreachActionAsync(HttpContext context, string token, ActionJob actions, CancellationToken cancellationToken) =>
        Page(context, await actions.RecordAsync(token, read => BreachPages.ReadFormAsync(context.Request, read), cancellationToken));

    /// <summary>
    /// A page as the browser gets it: never cached, never framed, never sending the link on as a referrer, and able
    /// to load nothing (no scripts, fonts or images): its only style is in its head.
    /// </summary>
    internal static IResult Page(HttpContext context, PageAnswer page)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        return Results.Content(page.Html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, (int)page.Status);
    }

    private static JsonObject Message(ReportingPeriod period, NotificationKey key) => new() { ["period"] = period.ToString(), ["key"] = key.ToString() };

    private static JsonNode? ReadMessage(Invocation invocation, string binding)
    {
        try
        {
            return invocation.Message(binding) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A failure that may pass: 500 so the host redelivers, unless this was the last delivery allowed.</summary>
    private static async Task<IResult> TransientAsync(Invocation invocation, QueueOptions queues, PoisonLog poison, string function, InvocationResult result, Exception e)
    {
        // For IT reading the host's log: our own failures say what happened in words; another's is named by its type.
        var reason = e is PullFailedException or Storage.StorageUnavailableException or NotSentException ? e.Message : $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
        if (invocation.DeliveryCount >= queues.MaxDeliveryCount)
        {
            await poison.RecordAsync(function, invocation.Metadata("MessageId"), $"failed on delivery {invocation.DeliveryCount}, the last allowed: {reason}", null);
            return result.Log("failed on its last delivery: recorded as poison").Ok();
        }

        return result.Log($"transient failure, to be redelivered: {reason}").Retry();
    }
}

/// <summary>A notification the delivery could not send this time: the queue redelivers it.</summary>
internal sealed class NotSentException(string message) : Exception(message);
