using System.Diagnostics.CodeAnalysis;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// A notification's identity within its period, the same however often it is composed: its kind, its recipient
/// (address trimmed, lower case) and, for a notification about one thing (a refused extract, a team's card), what
/// it is about. Written <c>team_manager|jo@council.example</c>, <c>refused_snapshot|3f2a…|data@council.example</c>,
/// <c>teams_channel|T07|default</c>: a kind's usual channel (<see cref="NotificationKinds.UsualChannel"/>) is not
/// written, so that every key written before channels were named reads the same, and its Message-ID and ledger row
/// stay the same; any other channel follows the kind, <c>team_manager:council-webhook|duty-room</c>.
/// </summary>
public readonly record struct NotificationKey
{
    /// <summary>A key for a recipient's notification of a kind.</summary>
    /// <exception cref="ArgumentException">What it is about is empty or holds the separator.</exception>
    public NotificationKey(NotificationKind kind, Recipient to, string? about = null)
    {
        if (to.Channel is null)
        {
            throw new ArgumentException("A notification key needs a recipient.", nameof(to));
        }

        if (about is not null && (about.Length == 0 || about.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("What a notification is about cannot be empty or hold '|'.", nameof(about));
        }

        Kind = kind;
        To = new Recipient(to.Channel, to.Address.ToLowerInvariant());
        About = about;
    }

    /// <summary>What the notification is for.</summary>
    public NotificationKind Kind { get; }

    /// <summary>Whom it goes to; the address in lower case.</summary>
    public Recipient To { get; }

    /// <summary>What it is about, for a notification about one thing; else null.</summary>
    public string? About { get; }

    /// <summary>Reads a key as <see cref="ToString"/> writes it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NotificationKey key)
    {
        key = default;
        var parts = text?.Split('|');
        if (parts is not { Length: 2 or 3 } || string.IsNullOrWhiteSpace(parts[^1]) || (parts.Length == 3 && parts[1].Length == 0))
        {
            return false;
        }

        var head = parts[0].Split(':');
        if (head.Length > 2 || !Vocabulary.TryParse<NotificationKind>(head[0], out var kind) || Vocabulary.Code(kind) != head[0]
            || (head.Length == 2 && (!Recipient.IsChannelName(head[1]) || head[1] == NotificationKinds.UsualChannel(kind))))
        {
            return false;
        }

        key = new NotificationKey(kind, new Recipient(head.Length == 2 ? head[1] : NotificationKinds.UsualChannel(kind), parts[^1]), parts.Length == 3 ? parts[1] : null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var kind = To.Channel == NotificationKinds.UsualChannel(Kind) ? Vocabulary.Code(Kind) : $"{Vocabulary.Code(Kind)}:{To.Channel}";
        return About is null ? $"{kind}|{To.Address}" : $"{kind}|{About}|{To.Address}";
    }
}
