using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Caseload.Reporting.Email.Sending;

/// <summary>SMTP settings (<c>Reporting:Smtp:*</c>), for councils that relay through their own mail service.</summary>
public sealed class SmtpOptions
{
    /// <summary>The relay's host.</summary>
    public string Host { get; set; } = "";

    /// <summary>Its port.</summary>
    public int Port { get; set; } = 587;

    /// <summary>The user to authenticate as; none when empty.</summary>
    public string? User { get; set; }

    /// <summary>The password.</summary>
    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS.</summary>
    public bool StartTls { get; set; } = true;
}

/// <summary>
/// Sends through an SMTP relay with MailKit: the same MIME message the outbox writes. A 4xx reply or a dropped
/// connection is transient; a 5xx reply is permanent.
/// </summary>
public sealed class SmtpSender(SmtpOptions options, MailboxAddress from, TimeProvider time) : EmailSender
{
    /// <inheritdoc />
    public override async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(options);
        var message = MimeMessages.Of(notification, from, time.GetUtcNow());
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return MimeMessages.MessageIdOf(notification);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw SendFailedException.Permanent($"The SMTP relay refused the email ({(int)e.StatusCode}).", e);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException)
        {
            throw SendFailedException.Transient($"The SMTP relay did not take the email: {e.GetType().Name}.", inner: e);
        }
        catch (AuthenticationException e)
        {
            throw SendFailedException.Permanent("The SMTP relay refused the credentials in Reporting:Smtp.", e);
        }
    }
}
