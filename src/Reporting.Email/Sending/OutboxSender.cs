using MimeKit;

namespace Caseload.Reporting.Email.Sending;

/// <summary>
/// Writes each notification as an <c>.eml</c> file under <c>{outbox}/{period}/</c>, named by kind and recipient:
/// the local default, and what a person opens to see what would have been sent. Writing the same notification
/// again replaces its file, so a retried send never makes a second email.
/// </summary>
public sealed class OutboxSender(string outboxPath, MailboxAddress from, TimeProvider time) : EmailSender
{
    /// <summary>The outbox folder.</summary>
    public string OutboxPath { get; } = outboxPath;

    /// <inheritdoc />
    public override async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = MimeMessages.Of(notification, from, time.GetUtcNow());
        var folder = Path.Combine(OutboxPath, notification.Period);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Snapshots.Vocabulary.Code(notification.Kind)}-{FileSafe(notification.To)}.eml");
        var partial = path + ".partial";
        await message.WriteToAsync(partial, cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        return MimeMessages.MessageIdOf(notification);
    }

    private static string FileSafe(string address) =>
        new(address.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_').ToArray());
}
