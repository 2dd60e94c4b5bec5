using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Storage;
using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Cli;

/// <summary>The settings the verbs over storage and email read, by their configuration names.</summary>
internal static class Settings
{
    public const string Storage = "Reporting:Storage";
    public const string TablePrefix = "Reporting:TablePrefix";
    public const string OutboxPath = "Reporting:Email:OutboxPath";
    public const string FallbackTo = "Reporting:Email:FallbackTo";
    public const string From = "Reporting:Email:From";
    public const string SenderKind = "Reporting:Email:Sender";

    /// <summary>The configured storage, or null (and a message saying how to set it).</summary>
    public static async Task<ReportingTables?> ConnectAsync(CliConsole console, CancellationToken cancellationToken)
    {
        var storage = console.Configuration[Storage];
        if (string.IsNullOrWhiteSpace(storage))
        {
            await console.Error.WriteLineAsync(
                $"{Storage} is not set: set the environment variable Reporting__Storage to a storage connection string (Azurite's, for a local run) or a table endpoint URI. `reporting demo` starts its own Azurite.").ConfigureAwait(false);
            return null;
        }

        return await ReportingTables.ConnectAsync(new ReportingStorageOptions { Storage = storage, TablePrefix = console.Configuration[TablePrefix] ?? "" }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The sender named by <c>Reporting:Email:Sender</c> (outbox, the default; sendgrid; smtp), and where it
    /// sends, for a person to read; null (and a message) when it is misconfigured.
    /// </summary>
    public static (EmailSender Sender, string Destination)? Sender(CliConsole console, string defaultOutbox)
    {
        var settings = console.Configuration;
        var from = MimeKit.MailboxAddress.Parse(settings[From] ?? "Caseload Reports <caseload-reports@council.example>");
        switch ((settings[SenderKind] ?? "outbox").ToLowerInvariant())
        {
            case "outbox":
                var outbox = Path.GetFullPath(settings[OutboxPath] ?? defaultOutbox);
                return (new OutboxSender(outbox, from, console.Time), $"outbox {outbox}");
            case "sendgrid" when !string.IsNullOrWhiteSpace(settings["Reporting:SendGrid:ApiKey"]):
                var sendGrid = new SendGridOptions { ApiKey = settings["Reporting:SendGrid:ApiKey"]!, Host = settings["Reporting:SendGrid:Host"] };
                return (new SendGridSender(sendGrid, from), $"SendGrid {sendGrid.Host ?? "api.sendgrid.com"}");
            case "smtp" when !string.IsNullOrWhiteSpace(settings["Reporting:Smtp:Host"]):
                var smtp = new SmtpOptions { Host = settings["Reporting:Smtp:Host"]!, User = settings["Reporting:Smtp:User"], Password = settings["Reporting:Smtp:Password"] };
                smtp.Port = int.TryParse(settings["Reporting:Smtp:Port"], out var port) ? port : smtp.Port;
                smtp.StartTls = !bool.TryParse(settings["Reporting:Smtp:StartTls"], out var startTls) || startTls;
                return (new SmtpSender(smtp, from, console.Time), $"SMTP {smtp.Host}:{smtp.Port}");
            case var kind:
                console.Error.WriteLine($"{SenderKind} is '{kind}': use outbox, sendgrid (with Reporting:SendGrid:ApiKey) or smtp (with Reporting:Smtp:Host).");
                return null;
        }
    }
}
