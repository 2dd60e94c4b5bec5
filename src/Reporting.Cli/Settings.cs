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
    public const string LeadershipTo = "Reporting:Email:LeadershipTo";
    public const string DataTeamTo = "Reporting:Email:DataTeamTo";
    public const string Blob = "Reporting:Blob";
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

    /// <summary>The configured sender and where it sends; null (and a message) when it is misconfigured.</summary>
    public static (EmailSender Sender, string Destination)? Sender(CliConsole console, string defaultOutbox)
    {
        try
        {
            return ConfiguredSender.From(console.Configuration, console.Time, defaultOutbox);
        }
        catch (InvalidOperationException e)
        {
            console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
