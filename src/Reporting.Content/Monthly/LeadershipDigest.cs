using System.Globalization;
using System.Text;
using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Content.Documents;
using Caseload.Reporting.Content.Templates;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Content.Monthly;

/// <summary>One measure in the digest email.</summary>
/// <param name="Title">The measure.</param>
/// <param name="Teams">The teams it covers, in words.</param>
/// <param name="Rag">green, amber, red, or none (no figure, or not enough history).</param>
/// <param name="RagLabel">Where it stands as a reader sees it first: "Green", "Amber", "Red", "Not enough history yet: 11 of 12 months", "No data".</param>
/// <param name="Actual">The actual.</param>
/// <param name="Expected">The expected value.</param>
/// <param name="Target">The target.</param>
/// <param name="By">The target date.</param>
/// <param name="Change">The change since last month.</param>
/// <param name="Chart">The twelve-month trend, small.</param>
public sealed record MeasureCard(string Title, string Teams, string Rag, string RagLabel, string Actual, string Expected, string Target, string By, string Change, InlineImage Chart);

/// <summary>Leadership's digest email: what the summary's first page says, with a small trend per measure; the detail is attached.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="Plan">The plan, by its name and when it was set.</param>
/// <param name="Summary">One line: how many measures are green, amber and red.</param>
/// <param name="Glance">What changed and the headline figures beside England's.</param>
/// <param name="Measures">Every measure.</param>
/// <param name="Standing">Where the council stands among its neighbours, region and England: its sentences and its compact table; null when no council is named.</param>
/// <param name="Attached">What the attachments hold.</param>
public sealed record DigestEmail(EmailHeading Heading, string Plan, string Summary, DigestSection Glance, IReadOnlyList<MeasureCard> Measures, DigestSection? Standing, string Attached);

/// <summary>
/// Composes the monthly digest for leadership: an HTML summary with a small trend chart per measure, a plain-text
/// part that says the same, and attached the inspection-ready summary (PDF) and the data pack (XLSX) with the
/// detail, made once for every recipient. The email stays the summary so that mail clients show it whole.
/// </summary>
public static class LeadershipDigest
{
    /// <summary>The digest for each recipient.</summary>
    public static async Task<IReadOnlyList<Notification>> ComposeAsync(MonthlyDigest digest, IEnumerable<string> recipients, TemplateRenderer renderer, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(renderer);
        var to = recipients.ToList();
        if (to.Count == 0)
        {
            return [];
        }

        var period = ReportingPeriod.Of(digest.Month);
        var cards = digest.Measures.Select((m, i) => Card(m, i, period)).ToList();
        var breaches = digest.Breaches.Count(b => b.Status != Evaluation.BreachStatus.Resolved);
        var escalated = digest.Breaches.Count(b => b.NobodyActing);
        var attached = DigestSections.Escalated(escalated) + (escalated > 0 ? " They are named in the summary's breaches section. " : " ") + $"The detail is attached: the inspection-ready summary (PDF) with each measure's twelve months,{(digest.Benchmarks.Comparison is null ? "" : " where we stand among every council with our neighbours' figures since 2017,")} caseloads by team, the month's breaches ({Counted.Of(breaches, "worker")} over their limit), the case for posts, unallocated children, ASYE protection, the workforce, definitions and the lineage of every figure; and the data pack (XLSX) with the same figures as tables.";
        var sections = DigestSections.Of(digest);
        var standing = sections.SingleOrDefault(s => s.Title == WhereWeStand.Title) is { } where ? where with { Tables = [where.Tables[0]] } : null;
        var email = new DigestEmail(Heading(digest), digest.Plan, Summary(digest), sections.Single(s => s.Title == AtAGlance.Title), cards, standing, attached);
        var subject = $"{digest.PlanName}: {digest.MonthName} digest, {Summary(digest)}";
        var html = await renderer.RenderAsync<LeadershipDigestEmail>(email, subject).ConfigureAwait(false);
        var text = Text(email, digest);
        Attachment[] attachments =
        [
            new($"inspection-summary-{period}.pdf", "application/pdf", InspectionSummary.Pdf(digest, sections, createdAt)),
            new($"data-pack-{period}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DataPack.Xlsx(digest, sections)),
        ];
        return [.. to.Select(recipient => new Notification(period, NotificationKind.LeadershipDigest, Recipient.Email(recipient), new EmailContent(subject, text, html, [.. cards.Select(c => c.Chart)], attachments)))];
    }

    private static MeasureCard Card(MeasureTrend trend, int index, ReportingPeriod period)
    {
        var standing = trend.Standing;
        var definition = DigestSections.Definition(standing.Measure);
        var rag = standing.Rag is { } r ? Vocabulary.Code(r) : "none";
        var label = DigestSections.RagText(standing);
        return new MeasureCard(
            standing.Measure.Name, standing.Measure.Filter.ToString(), rag, char.ToUpperInvariant(label[0]) + label[1..],
            definition.Format(standing.Actual), definition.Format(standing.Expected), definition.Format(standing.Measure.Target),
            standing.Measure.TargetDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture), definition.FormatChange(standing.Change),
            TrendChart.Image(trend, TrendChart.Compact, $"trend-{index}-{period}@caseload-reporting"));
    }

    private static EmailHeading Heading(MonthlyDigest digest)
    {
        var warnings = digest.Figures.Caseloads.Warnings;
        return new EmailHeading(
            "", digest.AsOf, digest.PolicyVersion, null, warnings.Count, [.. warnings.Take(5).Select(w => w.ToString())],
            $"Improvement plan digest, {digest.MonthName} · data as at {digest.AsOf} · policy {digest.PolicyVersion} · {digest.PlanName}");
    }

    /// <summary>"3 green, 2 amber, 1 red, 1 not yet rated": every measure counted once.</summary>
    private static string Summary(MonthlyDigest digest)
    {
        var standings = digest.Measures.Select(m => m.Standing).ToList();
        var summary = $"{standings.Count(s => s.Rag == Rag.Green)} green, {standings.Count(s => s.Rag == Rag.Amber)} amber, {standings.Count(s => s.Rag == Rag.Red)} red";
        var early = standings.Count(s => !s.History.Complete);
        var none = standings.Count(s => s.History.Complete && s.Rag is null);
        return summary + (early > 0 ? $", {early} not yet rated (not enough history)" : "") + (none > 0 ? $", {none} without data" : "");
    }

    /// <summary>The plain-text part: what the HTML says, the table as aligned columns.</summary>
    private static string Text(DigestEmail email, MonthlyDigest digest)
    {
        var text = new StringBuilder();
        text.AppendLine(email.Heading.Line).AppendLine();
        text.AppendLine(email.Plan).AppendLine(email.Summary).AppendLine();
        text.AppendLine(email.Glance.Title.ToUpperInvariant()).AppendLine(email.Glance.Intro).AppendLine();
        foreach (var card in email.Measures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{card.Title}: {card.RagLabel}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {card.Teams}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  actual {card.Actual}, expected now {card.Expected}, target {card.Target} by {card.By}, since last month {card.Change}");
        }

        text.AppendLine();
        foreach (var table in email.Glance.Tables)
        {
            Table(text, table);
        }

        if (email.Standing is { } standing)
        {
            text.AppendLine(standing.Title.ToUpperInvariant()).AppendLine(standing.Intro).AppendLine();
            Table(text, standing.Tables[0]);
        }

        if (email.Heading.WarningCount > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"DATA QUALITY: the snapshot of {digest.AsOf} had {Counted.Of(email.Heading.WarningCount, "warning")}, for example:");
            foreach (var warning in email.Heading.Warnings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {warning}");
            }

            text.AppendLine();
        }

        text.AppendLine(email.Attached);
        return text.ToString();
    }

    private static void Table(StringBuilder text, DigestTable table)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"  {table.Caption}");
        if (table.Rows.Count == 0)
        {
            text.AppendLine("    none").AppendLine();
            return;
        }

        foreach (var line in table.TextLines("    "))
        {
            text.AppendLine(line);
        }

        text.AppendLine();
    }
}
