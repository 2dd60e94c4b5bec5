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

    /// <summary>The sender: the outbox folder until SendGrid and SMTP land.</summary>
    public static OutboxSender Sender(CliConsole console, string defaultOutbox) =>
        new(console.Configuration[OutboxPath] ?? defaultOutbox, MimeKit.MailboxAddress.Parse(console.Configuration[From] ?? "Caseload Reports <caseload-reports@council.example>"), console.Time);
}
