using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Email.Sending;

/// <summary>
/// The sender named by <c>Reporting:Email:Sender</c>: <c>outbox</c> (the default), <c>sendgrid</c> or
/// <c>smtp</c>, with <c>Reporting:Email:From</c>; the same for every host.
/// </summary>
public static class ConfiguredSender
{
    /// <summary>The configured sender and where it sends, for a person to read.</summary>
    /// <exception cref="InvalidOperationException">The sender is unknown or lacks its settings; the message says which.</exception>
    public static (EmailSender Sender, string Destination) From(IConfiguration settings, TimeProvider time, string defaultOutbox)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var from = MimeKit.MailboxAddress.Parse(settings["Reporting:Email:From"] ?? "Caseload Reports <caseload-reports@council.example>");
        switch ((settings["Reporting:Email:Sender"] ?? "outbox").ToLowerInvariant())
        {
            case "outbox":
                var outbox = Path.GetFullPath(settings["Reporting:Email:OutboxPath"] ?? defaultOutbox);
                return (new OutboxSender(outbox, from, time), $"outbox {outbox}");
            case "sendgrid" when !string.IsNullOrWhiteSpace(settings["Reporting:SendGrid:ApiKey"]):
                var sendGrid = new SendGridOptions { ApiKey = settings["Reporting:SendGrid:ApiKey"]!, Host = settings["Reporting:SendGrid:Host"] };
                return (new SendGridSender(sendGrid, from), $"SendGrid {sendGrid.Host ?? "api.sendgrid.com"}");
            case "smtp" when !string.IsNullOrWhiteSpace(settings["Reporting:Smtp:Host"]):
                var smtp = new SmtpOptions { Host = settings["Reporting:Smtp:Host"]!, User = settings["Reporting:Smtp:User"], Password = settings["Reporting:Smtp:Password"] };
                smtp.Port = int.TryParse(settings["Reporting:Smtp:Port"], out var port) ? port : smtp.Port;
                smtp.StartTls = !bool.TryParse(settings["Reporting:Smtp:StartTls"], out var startTls) || startTls;
                return (new SmtpSender(smtp, from, time), $"SMTP {smtp.Host}:{smtp.Port}");
            case var kind:
                throw new InvalidOperationException($"Reporting:Email:Sender is '{kind}': use outbox, sendgrid (with Reporting:SendGrid:ApiKey) or smtp (with Reporting:Smtp:Host).");
        }
    }
}
