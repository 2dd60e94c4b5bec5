using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Weekly;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Email;

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">Its name, e.g. <c>summary-2026-10.pdf</c>.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record Attachment(string FileName, string ContentType, byte[] Content);

/// <summary>One email to one recipient for one period, composed: what is prepared and then sent.</summary>
/// <param name="Period">The period it reports on.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="To">The recipient's address.</param>
/// <param name="Subject">A subject line that says the point; one line.</param>
/// <param name="Text">The complete plain-text body.</param>
/// <param name="Html">The HTML body, or null for text only.</param>
/// <param name="Images">Images the HTML shows, attached inline by content-id.</param>
/// <param name="Attachments">Files attached.</param>
/// <param name="About">What it is about, for a report about one thing (a refused extract); part of its key.</param>
/// <param name="Card">For a Teams channel, instead of an email: the whole webhook message (an Adaptive Card), as JSON; <paramref name="To"/> is then the channel's setting name.</param>
public sealed record Notification(
    ReportingPeriod Period, NotificationKind Kind, string To, string Subject, string Text, string? Html = null, IReadOnlyList<InlineImage>? Images = null, IReadOnlyList<Attachment>? Attachments = null, string? About = null, string? Card = null)
{
    /// <summary>Its identity within the period, the same however often it is composed.</summary>
    public NotificationKey Key => new(Kind, To, About);

    /// <summary>Its identity across periods, for a provider's idempotency.</summary>
    public string IdempotencyKey => $"{Period}|{Key}";
}
