using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Jobs.Delivery;

namespace Caseload.Reporting.Jobs;

/// <summary>
/// Every setting of the product, bound once from the configuration section <c>Reporting</c> (environment
/// variables <c>Reporting__Storage</c>, <c>Reporting__Email__From</c>, ...); README's table says what each means.
/// </summary>
public sealed class ReportingOptions
{
    /// <summary>A storage connection string, or the account's table endpoint URI for managed identity (<c>Reporting:Storage</c>).</summary>
    public string? Storage { get; set; }

    /// <summary>Prepended to table and container names, so that tests and tenants can share an account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>The first wait before a failed storage request is tried again (then exponential, 5 tries); the SDK's 0.8 s by default.</summary>
    public TimeSpan StorageRetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>How often a failed storage request is tried again: the SDK's 5 for the Functions host, which can wait out a blip; the command line sets 2, so a person is told within seconds.</summary>
    public int StorageRetries { get; set; } = 5;

    /// <summary>The blob service of blob and Annex A sources: a connection string, or its endpoint URI for managed identity.</summary>
    public string? Blob { get; set; }

    /// <summary>How emails are sent and who receives those the roster does not address.</summary>
    public EmailOptions Email { get; set; } = new();

    /// <summary>SendGrid's settings, when <c>Reporting:Email:Sender</c> is <c>sendgrid</c>.</summary>
    public SendGridOptions SendGrid { get; set; } = new();

    /// <summary>The SMTP relay's settings, when <c>Reporting:Email:Sender</c> is <c>smtp</c>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How notifications are delivered: the hold's lease, retries.</summary>
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>When the weekly and monthly jobs act, in the council's time zone.</summary>
    public ReportingSchedule Schedule { get; set; } = new();

    /// <summary>How long what holds child ids is kept.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The queues' settings.</summary>
    public QueueOptions Queues { get; set; } = new();

    /// <summary>The Service Bus namespace, for the queues from the command line: its host name (reached as the signed-in identity) or a connection string.</summary>
    public string? ServiceBus { get; set; }

    /// <summary>The Function App's public address (<c>Reporting:PublicBaseUrl</c>), under which the breach pages are linked from emails.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The breach pages' links.</summary>
    public ActionOptions Actions { get; set; } = new();

    /// <summary>Microsoft Teams channels for the weekly team cards.</summary>
    public Channels.Teams.TeamsOptions Teams { get; set; } = new();

    /// <summary>The council, as DfE's published figures know it.</summary>
    public Benchmarks.CouncilOptions Council { get; set; } = new();

    /// <summary>Where backup points are written (docs/operations.md, "Backup and restore").</summary>
    public BackupOptions Backup { get; set; } = new();

    /// <summary>The region's drop the council returns its figures to (docs/region.md).</summary>
    public Region.RegionOptions Region { get; set; } = new();
}

/// <summary>Backups (<c>Reporting:Backup:*</c>).</summary>
public sealed class BackupOptions
{
    /// <summary>
    /// Where points are written and erasures recorded: a folder, or a blob container's URL (in Azure, the backup
    /// account's container, used with the app's identity; a URL with a signature in its query uses the signature).
    /// Without it, nothing is backed up and erasures are recorded nowhere else.
    /// </summary>
    public string? Target { get; set; }
}

/// <summary>The signed links of the breach pages (<c>Reporting:Actions:*</c>).</summary>
public sealed class ActionOptions
{
    /// <summary>
    /// The key the links are signed with, at least 32 characters (in Azure a Key Vault reference). Without it (or
    /// without <c>Reporting:PublicBaseUrl</c>) the emails carry no links and the page refuses every link.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Keys that signed links still in inboxes, comma-separated: accepted, never used to sign. Rotating: the new key
    /// becomes <see cref="SigningKey"/> and the old one goes here until its links have expired (docs/operations.md).
    /// </summary>
    public string? PreviousSigningKeys { get; set; }

    /// <summary>The previous keys, one by one.</summary>
    public IReadOnlyList<string> Previous => (PreviousSigningKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Refuses keys too short to sign with, naming the setting: a short key would switch every link off unseen.</summary>
    /// <exception cref="InvalidOperationException">A key is shorter than 32 characters.</exception>
    public void Check()
    {
        if (SigningKey is { Length: > 0 } key && key.Length < Caseload.Reporting.Actions.BreachLink.KeyBytes)
        {
            throw new InvalidOperationException($"Reporting:Actions:SigningKey is {key.Length} characters: a signing key is at least {Caseload.Reporting.Actions.BreachLink.KeyBytes} (a random string of 48 or more; docs/operations.md, \"Rotating the signing key\").");
        }

        if (Previous.FirstOrDefault(p => p.Length < Caseload.Reporting.Actions.BreachLink.KeyBytes) is { } shortKey)
        {
            throw new InvalidOperationException($"Reporting:Actions:PreviousSigningKeys holds a key of {shortKey.Length} characters: each is at least {Caseload.Reporting.Actions.BreachLink.KeyBytes}, as the key it was.");
        }
    }

    /// <summary>Days after its week's Monday that a link works: long enough for next Monday's email to bring fresh ones.</summary>
    public int LinkDays { get; set; } = 14;

    /// <summary>Requests a minute the breach pages answer from one client before they answer 429 (a manager needs a few).</summary>
    public int RequestsPerMinute { get; set; } = 60;
}

/// <summary>How long what holds child ids is kept (<c>Reporting:Retention:*</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Snapshots and allocation history older than this many days are deleted; null or 0 keeps everything.</summary>
    public int? Days { get; set; }

    /// <summary>
    /// Staff data older than this many days is let go (docs/data-protection.md): the stored bodies of messages
    /// deleted, names and addresses in evaluations and actions pseudonymised, managers' notes deleted; every figure
    /// kept. Null or 0 keeps everything.
    /// </summary>
    public int? StaffDays { get; set; }
}

/// <summary>The queues' settings (<c>Reporting:Queues:*</c>).</summary>
public sealed class QueueOptions
{
    /// <summary>Deliveries a message may have before it is recorded as poison (Service Bus maxDeliveryCount).</summary>
    public int MaxDeliveryCount { get; set; } = 10;
}
