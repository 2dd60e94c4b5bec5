using System.Text.Json.Nodes;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Content;

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">Its name, e.g. <c>summary-2026-10.pdf</c>.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record Attachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What a notification says, in the form its channel carries: one type for each form. A channel takes the forms it
/// can carry (<c>Caseload.Reporting.Channels.NotificationChannel</c>); a council's own channel may bring a form of its own.
/// </summary>
/// <param name="Subject">What it is about, in one line: an email's subject, a card's title, the ledger's note of it.</param>
public abstract record NotificationContent(string Subject);

/// <summary>An email's content.</summary>
/// <param name="Subject">A subject line that says the point; one line.</param>
/// <param name="Text">The complete plain-text body.</param>
/// <param name="Html">The HTML body, or null for text only.</param>
/// <param name="Images">Images the HTML shows, attached inline by content-id.</param>
/// <param name="Attachments">Files attached.</param>
public sealed record EmailContent(string Subject, string Text, string? Html = null, IReadOnlyList<InlineImage>? Images = null, IReadOnlyList<Attachment>? Attachments = null)
    : NotificationContent(Subject);

/// <summary>A chat channel's card: the whole message a Teams Workflows webhook takes, an Adaptive Card in its attachment.</summary>
/// <param name="Subject">The card's title.</param>
/// <param name="Message">The webhook message.</param>
public sealed record CardContent(string Subject, JsonObject Message) : NotificationContent(Subject);

/// <summary>One notification to one recipient for one period, composed: what is prepared and then sent.</summary>
/// <param name="Period">The period it reports on.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="To">Whom it goes to, on which channel.</param>
/// <param name="Content">What it says, in its channel's form.</param>
/// <param name="About">What it is about, for a notification about one thing (a refused extract, a team's card); part of its key.</param>
public sealed record Notification(ReportingPeriod Period, NotificationKind Kind, Recipient To, NotificationContent Content, string? About = null)
{
    /// <summary>Its identity within the period, the same however often it is composed.</summary>
    public NotificationKey Key => new(Kind, To, About);

    /// <summary>Its identity across periods, for a provider's idempotency.</summary>
    public string IdempotencyKey => $"{Period}|{Key}";
}
