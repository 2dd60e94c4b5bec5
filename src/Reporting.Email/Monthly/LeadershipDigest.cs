using System.Globalization;
using System.Text;
using Caseload.Reporting.Email.Charts;
using Caseload.Reporting.Email.Documents;
using Caseload.Reporting.Email.Templates;
using Caseload.Reporting.Email.Weekly;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Email.Monthly;

/// <summary>One measure in the digest email.</summary>
/// <param name="Title">The measure.</param>
/// <param name="Teams">The teams it covers, in words.</param>
/// <param name="Rag">green, amber, red or no data.</param>
/// <param name="RagLabel">The RAG as a word a reader sees first: "Green", "Amber", "Red", "No data".</param>
/// <param name="Actual">The actual.</param>
/// <param name="Expected">The expected value.</param>
/// <param name="Target">The target.</param>
/// <param name="By">The target date.</param>
/// <param name="Change">The change since last month.</param>
/// <param name="Chart">The twelve-month trend.</param>
/// <param name="Trend">The chart's figures as a table.</param>
public sealed record MeasureCard(string Title, string Teams, string Rag, string RagLabel, string Actual, string Expected, string Target, string By, string Change, InlineImage Chart, DigestTable Trend);

/// <summary>Leadership's digest email.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="PlanName">The plan.</param>
/// <param name="Summary">One line: how many measures are green, amber and red.</param>
/// <param name="Glance">What changed and the headline figures beside England's, which the email opens with.</param>
/// <param name="Measures">Every measure.</param>
/// <param name="Sections">The month's sections after the measures.</param>
public sealed record DigestEmail(EmailHeading Heading, string PlanName, string Summary, DigestSection Glance, IReadOnlyList<MeasureCard> Measures, IReadOnlyList<DigestSection> Sections);

/// <summary>
/// Composes the monthly digest for leadership: HTML with a trend chart per measure, a complete plain-text part,
/// and attached the inspection-ready summary (PDF) and the data pack (XLSX), made once for every recipient.
/// </summary>
public static class LeadershipDigest
{
    private static readonly string[] InEmail = ["Caseloads by team", "Breaches", DigestSections.Posts, "Unallocated cases", "ASYE protection", "Workforce"];

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
        var sections = DigestSections.Of(digest);
        var trends = sections.Single(s => s.Title == "Trends").Tables;
        var cards = digest.Measures.Select((m, i) => Card(m, i, trends[i], period)).ToList();
        var email = new DigestEmail(Heading(digest), digest.PlanName, Summary(digest), sections.Single(s => s.Title == AtAGlance.Title), cards, [.. sections.Where(s => InEmail.Contains(s.Title))]);
        var subject = $"{digest.PlanName}: {digest.MonthName} digest, {Summary(digest)}";
        var html = await renderer.RenderAsync<LeadershipDigestEmail>(email, subject).ConfigureAwait(false);
        var text = Text(email, digest);
        Attachment[] attachments =
        [
            new($"inspection-summary-{period}.pdf", "application/pdf", InspectionSummary.Pdf(digest, createdAt, [.. cards.Select(c => c.Chart)])),
            new($"data-pack-{period}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DataPack.Xlsx(digest)),
        ];
        return [.. to.Select(recipient => new Notification(period, NotificationKind.LeadershipDigest, recipient, subject, text, html, [.. cards.Select(c => c.Chart)], attachments))];
    }

    private static MeasureCard Card(MeasureTrend trend, int index, DigestTable table, ReportingPeriod period)
    {
        var standing = trend.Standing;
        var definition = DigestSections.Definition(standing.Measure);
        var rag = DigestSections.RagText(standing.Rag);
        var change = definition.FormatChange(standing.Change);
        var chart = new InlineImage($"trend-{index}-{period}@caseload-reporting", TrendChart.AltText(trend), TrendChart.Width, TrendChart.Height, TrendChart.Png(trend));
        return new MeasureCard(
            DigestSections.Title(standing.Measure), standing.Measure.Filter.ToString(), rag, char.ToUpperInvariant(rag[0]) + rag[1..],
            definition.Format(standing.Actual), definition.Format(standing.Expected), definition.Format(standing.Measure.Target),
            standing.Measure.TargetDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture), change, chart, table);
    }

    private static EmailHeading Heading(MonthlyDigest digest)
    {
        var warnings = digest.Figures.Caseloads.Warnings;
        return new EmailHeading(
            "", digest.AsOf, digest.PolicyVersion, null, warnings.Count, [.. warnings.Take(5).Select(w => w.ToString())],
            $"Improvement plan digest, {digest.MonthName} · data as at {digest.AsOf} · policy {digest.PolicyVersion} · {digest.PlanName}");
    }

    private static string Summary(MonthlyDigest digest)
    {
        var rags = digest.Measures.Select(m => m.Standing.Rag).ToList();
        var summary = $"{rags.Count(r => r == Rag.Green)} green, {rags.Count(r => r == Rag.Amber)} amber, {rags.Count(r => r == Rag.Red)} red";
        var none = rags.Count(r => r is null);
        return none > 0 ? $"{summary}, {none} without data" : summary;
    }

    /// <summary>The plain-text part: everything the HTML says, tables as aligned columns.</summary>
    private static string Text(DigestEmail email, MonthlyDigest digest)
    {
        var text = new StringBuilder();
        text.AppendLine(email.Heading.Line).AppendLine();
        text.AppendLine(email.PlanName).AppendLine(email.Summary).AppendLine();
        text.AppendLine(email.Glance.Title.ToUpperInvariant()).AppendLine(email.Glance.Intro).AppendLine();
        foreach (var card in email.Measures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{card.Title} [{card.RagLabel}]");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {card.Teams}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  actual {card.Actual}, expected {card.Expected}, target {card.Target} by {card.By}, since last month {card.Change}");
        }

        text.AppendLine();
        foreach (var table in email.Glance.Tables)
        {
            Table(text, table);
        }

        text.AppendLine("TRENDS").AppendLine();
        foreach (var card in email.Measures)
        {
            Table(text, card.Trend);
        }

        foreach (var section in email.Sections)
        {
            text.AppendLine(section.Title.ToUpperInvariant()).AppendLine(section.Intro).AppendLine();
            foreach (var table in section.Tables)
            {
                Table(text, table);
            }
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

        text.AppendLine("Attached: the inspection-ready summary (PDF), with each measure's definition, the national comparators and the lineage of every figure, and the data pack (XLSX) with the same figures as tables.");
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
