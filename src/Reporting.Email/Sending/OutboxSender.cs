using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Caseload.Reporting.Email.Sending;

/// <summary>
/// Writes each notification as an <c>.eml</c> file under <c>{outbox}/{period}/</c>, named by kind and recipient:
/// the local default, and what a person opens to see what would have been sent. Writing the same notification
/// again replaces its file, so a retried send never makes a second email.
/// </summary>
public sealed class OutboxSender(string outboxPath, string from, TimeProvider time) : EmailSender
{
    /// <summary>The outbox folder.</summary>
    public string OutboxPath { get; } = outboxPath;

    /// <inheritdoc />
    public override async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var messageId = MessageIdOf(notification);
        var message = new MimeMessage
        {
            Subject = notification.Subject,
            Date = time.GetUtcNow(),
            MessageId = messageId,
            Body = new TextPart("plain") { Text = notification.Text },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(notification.To));

        var folder = Path.Combine(OutboxPath, notification.Period);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Snapshots.Vocabulary.Code(notification.Kind)}-{FileSafe(notification.To)}.eml");
        var partial = path + ".partial";
        await message.WriteToAsync(partial, cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        return messageId;
    }

    /// <summary>The same notification always has the same Message-ID, so mail clients see a resend as one email.</summary>
    public static string MessageIdOf(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notification.IdempotencyKey)));
        return $"{digest[..32]}@caseload-reporting";
    }

    private static string FileSafe(string address) =>
        new(address.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_').ToArray());
}
