using MimeKit;

namespace Caseload.Reporting.Channels.Email;

/// <summary>
/// Writes each email as an <c>.eml</c> file under <c>{outbox}/{period}/</c>, named by kind and recipient: the local
/// default, and what a person opens to see what would have been sent. Writing the same email again replaces its
/// file, so a retried send never makes a second email.
/// </summary>
public sealed class OutboxSender(string outboxPath) : EmailSender
{
    /// <summary>The outbox folder.</summary>
    public string OutboxPath { get; } = outboxPath;

    /// <inheritdoc />
    public override string Destination => $"outbox {OutboxPath}";

    /// <inheritdoc />
    public override async Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var folder = Path.Combine(OutboxPath, email.Period.ToString());
        var path = Path.Combine(folder, $"{Snapshots.Vocabulary.Code(email.Key.Kind)}-{FileSafe(email.Key.To.Address)}{(email.Key.About is { } about ? "-" + FileSafe(about) : "")}.eml");
        var partial = path + ".partial";
        try
        {
            Directory.CreateDirectory(folder);
            await email.Message.WriteToAsync(FormatOptions.Default, partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw SendFailedException.Configuration($"The outbox {OutboxPath} cannot be written: give Reporting:Email:OutboxPath a folder this program may write.", e);
        }
        catch (IOException e)
        {
            throw SendFailedException.Transient($"The outbox could not be written: {e.Message}", inner: e);
        }

        return email.Message.MessageId ?? email.IdempotencyKey;
    }

    private static string FileSafe(string text) =>
        new(text.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_').ToArray());
}
