using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Channels.Email;

/// <summary>Email settings (<c>Reporting:Email:*</c>): how emails are sent, from whom, and who receives the ones not addressed by the roster.</summary>
public sealed class EmailOptions
{
    /// <summary><c>outbox</c> (the default), <c>sendgrid</c> or <c>smtp</c>.</summary>
    public string Sender { get; set; } = "outbox";

    /// <summary>The sender address of every email.</summary>
    public string From { get; set; } = "Caseload Reports <caseload-reports@council.example>";

    /// <summary>Where the outbox sender writes <c>.eml</c> files.</summary>
    public string OutboxPath { get; set; } = Path.Combine("out", "outbox");

    /// <summary>Where a team without a usable manager's address goes; none to report such teams instead.</summary>
    public string? FallbackTo { get; set; }

    /// <summary>Who receives the monthly digest, addresses separated by commas or semicolons.</summary>
    public string? LeadershipTo { get; set; }

    /// <summary>Who is told of a refused extract.</summary>
    public string? DataTeamTo { get; set; }

    /// <summary>The leadership addresses, trimmed, each once.</summary>
    public IReadOnlyList<string> Leadership =>
        [.. (LeadershipTo ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The sender address, parsed.</summary>
    /// <exception cref="InvalidOperationException">It is not an address.</exception>
    public MimeKit.MailboxAddress FromAddress() =>
        MimeKit.MailboxAddress.TryParse(From, out var address) && EmailAddress.IsValid(address.Address)
            ? address
            : throw new InvalidOperationException($"Reporting:Email:From ('{From}') is not an email address: give one such as Caseload Reports <caseload-reports@council.example>.");
}
