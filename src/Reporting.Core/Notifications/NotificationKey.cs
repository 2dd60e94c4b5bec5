using System.Diagnostics.CodeAnalysis;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// A notification's identity within its period, the same however often it is composed: its kind, its recipient
/// (trimmed, lower case) and, for a report about one thing (a refused extract), what it is about. Written
/// <c>team_manager|jo@council.example</c> or <c>refused_snapshot|3f2a…|data@council.example</c>.
/// </summary>
public readonly record struct NotificationKey
{
    /// <summary>A key for a recipient's notification of a kind.</summary>
    /// <exception cref="ArgumentException">The recipient is empty, or a part holds the separator.</exception>
    public NotificationKey(NotificationKind kind, string recipient, string? about = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var normal = recipient.Trim().ToLowerInvariant();
        if (normal.Length == 0 || normal.Contains('|', StringComparison.Ordinal) || (about is not null && (about.Length == 0 || about.Contains('|', StringComparison.Ordinal))))
        {
            throw new ArgumentException("A notification key needs a recipient, and no part of it may hold '|'.", nameof(recipient));
        }

        Kind = kind;
        Recipient = normal;
        About = about;
    }

    /// <summary>What the notification is for.</summary>
    public NotificationKind Kind { get; }

    /// <summary>The recipient's address, trimmed and in lower case.</summary>
    public string Recipient { get; }

    /// <summary>What it is about, for a report about one thing; else null.</summary>
    public string? About { get; }

    /// <summary>Reads a key as <see cref="ToString"/> writes it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NotificationKey key)
    {
        key = default;
        var parts = text?.Split('|');
        if (parts is not { Length: 2 or 3 } || !Vocabulary.TryParse<NotificationKind>(parts[0], out var kind) || Vocabulary.Code(kind) != parts[0]
            || string.IsNullOrWhiteSpace(parts[^1]) || (parts.Length == 3 && parts[1].Length == 0))
        {
            return false;
        }

        key = new NotificationKey(kind, parts[^1], parts.Length == 3 ? parts[1] : null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => About is null ? $"{Vocabulary.Code(Kind)}|{Recipient}" : $"{Vocabulary.Code(Kind)}|{About}|{Recipient}";
}
