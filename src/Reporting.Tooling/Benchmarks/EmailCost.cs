using System.Diagnostics;
using Caseload.Reporting.Content;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// Where one weekly email's time goes, on one core: the chart's PNG, the rest of composing (Razor HTML and the
/// text), and the MIME message's build and bytes, over a sample of team managers' emails of a snapshot.
/// </summary>
public static class EmailCost
{
    /// <summary>Measures <paramref name="sample"/> managers' emails of the snapshot in <paramref name="folder"/> and says the split per email.</summary>
    public static async Task MeasureAsync(string folder, int sample, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var snapshot = IngestJob.Validate(folder, null);
        var caseloads = CaseloadSummary.Of(snapshot);
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, Policy.Default);
        var picture = new WeeklyPicture(IsoWeek.Of(snapshot.AsOf), evaluation, null, caseloads, Policy.Default);
        var managers = WeeklyRecipients.Of(evaluation, caseloads, "fallback@council.example").All
            .Where(a => a.Kind == NotificationKind.TeamManager).Take(sample).ToList();
        // The email channel's preparation, as the prepare stage runs it; nothing is sent.
        var email = new EmailChannel(new OutboxSender(Path.GetTempPath()), new EmailOptions());
        await using var renderer = new TemplateRenderer();

        // A few untimed emails first: the Razor components, ScottPlot's fonts and the JIT warm up.
        foreach (var manager in managers.Take(20))
        {
            await WeeklyNotifications.ComposeAsync(picture, manager, renderer).ConfigureAwait(false);
        }

        // Each email's chart, whole composition and MIME message timed side by side, so that drift hits all three alike.
        var charts = new Stopwatch();
        var composing = new Stopwatch();
        var mime = new Stopwatch();
        long bytes = 0;
        foreach (var manager in managers)
        {
            charts.Start();
            foreach (var team in manager.TeamIds)
            {
                CaseloadChart.Image("chart", team, [.. picture.WorkersByTeam[team].Where(w => w.Limit is not null)], picture.Names, false, "Cases");
            }

            charts.Stop();
            composing.Start();
            var notification = await WeeklyNotifications.ComposeAsync(picture, manager, renderer).ConfigureAwait(false);
            composing.Stop();
            mime.Start();
            bytes += email.Prepare(notification, DateTimeOffset.UnixEpoch).Message.Length;
            mime.Stop();
        }

        // Every email of the week on every core, as the prepare stage composes them, without storage.
        var all = WeeklyRecipients.Of(evaluation, caseloads, "fallback@council.example").All;
        var everything = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Environment.ProcessorCount),
            async (worker, _) =>
            {
                var own = new TemplateRenderer();
                await using (own.ConfigureAwait(false))
                {
                    for (var i = worker; i < all.Count; i += Environment.ProcessorCount)
                    {
                        email.Prepare(await WeeklyNotifications.ComposeAsync(picture, all[i], own).ConfigureAwait(false), DateTimeOffset.UnixEpoch);
                    }
                }
            }).ConfigureAwait(false);
        everything.Stop();
        await output.WriteLineAsync($"every email of the week ({all.Count}) composed with its MIME message on {Environment.ProcessorCount} cores, nothing stored: {everything.Elapsed.TotalSeconds:0.00} s").ConfigureAwait(false);

        double Each(Stopwatch clock) => clock.Elapsed.TotalMilliseconds / managers.Count;
        await output.WriteLineAsync(
            $"per manager's email, one core, {managers.Count} emails: chart {Each(charts):0.00} ms, HTML and text {Each(composing) - Each(charts):0.00} ms, MIME {Each(mime):0.00} ms ({bytes / managers.Count / 1024.0:0.0} KB)").ConfigureAwait(false);
    }
}
