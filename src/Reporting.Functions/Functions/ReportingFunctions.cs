using System.Text.Json.Nodes;
using Azure;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Monthly;
using Caseload.Reporting.Functions.Host;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Poison;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Storage.Sources;
using Caseload.Reporting.Ingest.Sources;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Functions.Functions;

/// <summary>
/// The functions the host calls, one route each (the folder name of its function.json). Each translates the host's
/// payload and calls the same jobs as the CLI; none has logic of its own.
/// </summary>
internal static class ReportingFunctions
{
    /// <summary>The functions, by the name of their folder and route.</summary>
    public static readonly string[] Names = ["PullSchedule", "PullSnapshot", "WeeklyBreaches", "MonthlyDigest", "SendNotification", "Retention", "Health"];

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Ok());
        app.MapPost("/PullSchedule", PullScheduleAsync);
        app.MapPost("/PullSnapshot", PullSnapshotAsync);
        app.MapPost("/WeeklyBreaches", WeeklyBreachesAsync);
        app.MapPost("/MonthlyDigest", MonthlyDigestAsync);
        app.MapPost("/SendNotification", SendNotificationAsync);
        app.MapPost("/Retention", RetentionAsync);
        app.MapPost("/Health", HealthAsync);
    }

    /// <summary>Timer, daily: one message per source (sources.json, and folders in configuration) onto snapshot-pulls.</summary>
    private static async Task<IResult> PullScheduleAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var stored = await new SourceStore(await context.TablesAsync(), context.Time).CurrentAsync(cancellationToken);
        var sources = context.Configuration.GetSection("Reporting:Sources").GetChildren().Select(s => s.Key)
            .Concat(stored?.List.Sources.Select(s => s.Id) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var result = new InvocationResult();
        result.Outputs["pulls"] = sources.Select(source => new JsonObject { ["source"] = source }).ToList();
        return result.Log($"{sources.Count} source(s) to pull").Ok();
    }

    /// <summary>Service Bus, snapshot-pulls: pull, validate, store. A rejected snapshot is recorded and the message completes.</summary>
    private static async Task<IResult> PullSnapshotAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var tables = await context.TablesAsync();
        var poison = new PoisonMessages(tables, context.Time);
        var source = ReadMessage(invocation, "pull")?["source"]?.GetValue<string>();
        if (source is null)
        {
            await poison.RecordAsync("PullSnapshot", invocation.Metadata("MessageId"), "not a snapshot-pull message", invocation.Binding("pull").GetRawText(), cancellationToken);
            return result.Log("unreadable message: recorded as poison").Ok();
        }

        if (context.Configuration[$"Reporting:Sources:{source}:Folder"] is not { } folder)
        {
            try
            {
                var pulled = await context.Pull(tables).PullAsync(source, cancellationToken);
                return pulled.Aggregate(result.Log($"{source}: {pulled.Count} new extract(s)"), (r, p) => r.Log($"{p.Extract}: {p.Outcome}")).Ok();
            }
            catch (InvalidOperationException e)
            {
                await poison.RecordAsync("PullSnapshot", invocation.Metadata("MessageId"), e.Message, invocation.Binding("pull").GetRawText(), cancellationToken);
                return result.Log($"cannot be pulled: {e.Message}").Ok();
            }
            catch (Exception e) when (e is PullFailedException or RequestFailedException)
            {
                return await TransientAsync(invocation, context, poison, "PullSnapshot", result, e);
            }
        }

        try
        {
            var ingested = await new IngestJob(tables, context.Time).IngestFolderAsync(folder, null, cancellationToken);
            return result.Log(ingested.AlreadyStored ? $"already stored: {ingested.Snapshot.Id}" : $"stored: {ingested.Snapshot.Id}").Ok();
        }
        catch (InvalidInputException e)
        {
            // A rejected snapshot will not get better by retrying: record it, report it, complete the message.
            await poison.RecordAsync("PullSnapshot", invocation.Metadata("MessageId"), $"snapshot from '{source}' rejected: {string.Join(" | ", e.Errors)}", null, cancellationToken);
            return result.Log($"rejected: {e.Message}").Ok();
        }
        catch (RequestFailedException e)
        {
            return await TransientAsync(invocation, context, poison, "PullSnapshot", result, e);
        }
    }

    /// <summary>Timer: at the weekly hour, evaluate the week (and any missed) and put one message per recipient on notifications.</summary>
    private static async Task<IResult> WeeklyBreachesAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var timer = invocation.Binding("timer");
        var pastDue = timer.ValueKind == System.Text.Json.JsonValueKind.Object && timer.TryGetProperty("IsPastDue", out var late) && late.GetBoolean();
        if (context.Schedule.WeekDue(context.Time.GetUtcNow()) is not { } due)
        {
            return result.Log("not the weekly hour locally: nothing to do").Ok();
        }

        var tables = await context.TablesAsync();
        var last = await new EvaluationStore(tables, context.Time).LastEvaluatedBeforeAsync(due, cancellationToken);
        var job = context.Weekly(tables);
        var messages = new List<JsonObject>();
        foreach (var week in context.Schedule.WeeksToRun(due, last))
        {
            var run = await job.EvaluateAsync(week, cancellationToken);
            result.Log($"{week}: {run.Outcome}{(pastDue ? " (timer past due)" : "")}");
            messages.AddRange(run.Recipients.Select(key => new JsonObject { ["period"] = week.ToString(), ["key"] = key }));
        }

        result.Outputs["notifications"] = messages;
        return result.Ok();
    }

    /// <summary>Timer: at the monthly hour, last month's measures stored and one message per leadership recipient on notifications.</summary>
    private static async Task<IResult> MonthlyDigestAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var now = context.Time.GetUtcNow();
        if (!context.Schedule.MonthDue(now))
        {
            return result.Log("not the monthly hour locally: nothing to do").Ok();
        }

        var month = context.Schedule.Local(now).Date.ToYearMonth().PlusMonths(-1);
        var run = await context.Monthly(await context.TablesAsync()).ComputeAsync(month, cancellationToken);
        var period = LeadershipDigest.PeriodOf(month);
        result.Outputs["notifications"] = run.Recipients.Select(key => new JsonObject { ["period"] = period, ["key"] = key }).ToList();
        return result.Log($"{period}: {run.Outcome}, {run.Recipients.Count} recipient(s)").Ok();
    }

    /// <summary>Service Bus, notifications: compose, dedup, send, record one recipient's email.</summary>
    private static async Task<IResult> SendNotificationAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        var invocation = await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        var tables = await context.TablesAsync();
        var poison = new PoisonMessages(tables, context.Time);
        var message = ReadMessage(invocation, "notification");
        var period = message?["period"]?.GetValue<string>();
        var key = message?["key"]?.GetValue<string>();
        var month = period is null ? null : YearMonthPattern.Iso.Parse(period) is { Success: true } parsed ? parsed.Value : (YearMonth?)null;
        var week = default(IsoWeek);
        if (period is null || key is null || (month is null && !IsoWeek.TryParse(period, out week)))
        {
            await poison.RecordAsync("SendNotification", invocation.Metadata("MessageId"), "not a notification message", invocation.Binding("notification").GetRawText(), cancellationToken);
            return result.Log("unreadable message: recorded as poison").Ok();
        }

        try
        {
            var delivery = month is { } digestMonth
                ? await context.Monthly(tables).SendAsync(digestMonth, key, cancellationToken)
                : await context.Weekly(tables).SendAsync(week, key, cancellationToken);
            if (delivery.Failed.Count == 0)
            {
                return result.Log(delivery.Sent == 1 ? $"sent {period} {key.Split('|')[0]}" : $"already sent {period} {key.Split('|')[0]}").Ok();
            }

            return await TransientAsync(invocation, context, poison, "SendNotification", result, new InvalidOperationException($"{period} {key.Split('|')[0]} not sent; see the ledger"));
        }
        catch (InvalidOperationException e)
        {
            await poison.RecordAsync("SendNotification", invocation.Metadata("MessageId"), e.Message, null, cancellationToken);
            return result.Log($"cannot be sent: {e.Message}").Ok();
        }
        catch (RequestFailedException e)
        {
            return await TransientAsync(invocation, context, poison, "SendNotification", result, e);
        }
    }

    /// <summary>Timer, daily: snapshots and allocation history older than Reporting:Retention:Days deleted; nothing without the setting.</summary>
    private static async Task<IResult> RetentionAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        if (!int.TryParse(context.Configuration["Reporting:Retention:Days"], out var days) || days <= 0)
        {
            return result.Log("Reporting:Retention:Days is not set: nothing deleted").Ok();
        }

        var cutoff = context.Schedule.Local(context.Time.GetUtcNow()).Date.PlusDays(-days);
        var (snapshots, history) = await new SnapshotStore(await context.TablesAsync(), context.Time).ForgetBeforeAsync(cutoff, cancellationToken);
        return result.Log($"kept from {cutoff:yyyy-MM-dd}: {snapshots} snapshot(s) and {history} allocation-history row(s) deleted").Ok();
    }

    /// <summary>HTTP: storage reachable, last snapshot, last weekly run, poison recorded.</summary>
    private static async Task<IResult> HealthAsync(HttpRequest request, FunctionsContext context, CancellationToken cancellationToken)
    {
        await Invocation.ReadAsync(request, cancellationToken);
        var result = new InvocationResult();
        try
        {
            var tables = await context.TablesAsync();
            var today = context.Schedule.Local(context.Time.GetUtcNow()).Date;
            var snapshot = await new SnapshotStore(tables, context.Time).LatestOnOrBeforeAsync(today, cancellationToken);
            var week = await new EvaluationStore(tables, context.Time).LastEvaluatedBeforeAsync(IsoWeek.Of(today.PlusWeeks(1)), cancellationToken);
            var poisoned = (await new PoisonMessages(tables, context.Time).ListAsync("SendNotification", cancellationToken)).Count;
            result.Outputs["res"] = new JsonObject
            {
                ["statusCode"] = 200,
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = new JsonObject { ["storage"] = "reachable", ["lastSnapshot"] = snapshot?.Id, ["lastWeeklyRun"] = week?.ToString(), ["poisonedNotifications"] = poisoned }.ToJsonString(),
            };
        }
        catch (RequestFailedException e)
        {
            result.Outputs["res"] = new JsonObject { ["statusCode"] = 503, ["body"] = $"storage unreachable: {e.Status}" };
        }

        return result.Ok();
    }

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
    private static async Task<IResult> TransientAsync(Invocation invocation, FunctionsContext context, PoisonMessages poison, string function, InvocationResult result, Exception e)
    {
        if (invocation.DeliveryCount >= context.MaxDeliveryCount)
        {
            await poison.RecordAsync(function, invocation.Metadata("MessageId"), $"failed on delivery {invocation.DeliveryCount}, the last allowed: {e.Message}", null);
            return result.Log("failed on its last delivery: recorded as poison").Ok();
        }

        return result.Log($"transient failure, to be redelivered: {e.Message}").Retry();
    }
}
