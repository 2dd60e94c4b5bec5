using Caseload.Reporting.Email.Weekly;

namespace Caseload.Reporting.Email;

/// <summary>What a notification is for.</summary>
public enum NotificationKind
{
    /// <summary>A team manager's weekly email about their team(s).</summary>
    TeamManager,

    /// <summary>A head of service's weekly roll-up of their teams.</summary>
    ServiceRollUp,

    /// <summary>Leadership's monthly improvement-plan digest, with the summary and data pack attached.</summary>
    LeadershipDigest,

    /// <summary>The data team's report of an extract refused as invalid.</summary>
    RefusedSnapshot,
}

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">Its name, e.g. <c>summary-2026-10.pdf</c>.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record Attachment(string FileName, string ContentType, byte[] Content);

/// <summary>One email to one recipient for one period, composed and ready to send.</summary>
/// <param name="Period">The period it reports on: an ISO week such as <c>2026-W47</c>, or a month.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="To">The recipient's address.</param>
/// <param name="Subject">A subject line that says the point; one line.</param>
/// <param name="Text">The complete plain-text body.</param>
/// <param name="Html">The HTML body, or null for text only.</param>
/// <param name="Images">Images the HTML shows, attached inline by content-id.</param>
/// <param name="Attachments">Files attached.</param>
public sealed record Notification(
    string Period, NotificationKind Kind, string To, string Subject, string Text, string? Html = null, IReadOnlyList<InlineImage>? Images = null, IReadOnlyList<Attachment>? Attachments = null)
{
    /// <summary>Its identity within the period, the same however often it is composed: kind and recipient.</summary>
    public string Key => KeyOf(Kind, To);

    /// <summary>The key of a recipient's notification of a kind, the same however the address is cased or padded.</summary>
    public static string KeyOf(NotificationKind kind, string to) =>
        $"{Snapshots.Vocabulary.Code(kind)}|{(to ?? throw new ArgumentNullException(nameof(to))).Trim().ToLowerInvariant()}";

    /// <summary>Its identity across periods, for the ledger and for a provider's idempotency.</summary>
    public string IdempotencyKey => $"{Period}|{Key}";
}
