using System.Security.Authentication;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Caseload.Reporting.Channels.Email;

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
/// Sends through an SMTP relay with MailKit, the prepared MIME message as it is. A relay that refuses our login or
/// our sender is a configuration failure; one that refuses the recipient (or this message) fails it alone; a 4xx
/// reply or a dropped connection is transient.
/// </summary>
public sealed class SmtpSender(SmtpOptions options) : EmailSender
{
    /// <inheritdoc />
    public override string Destination => $"SMTP {options.Host}:{options.Port}";

    /// <inheritdoc />
    public override async Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(email.Message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return email.Message.MessageId ?? email.IdempotencyKey;
        }
        catch (Exception e) when (e is MailKit.Security.AuthenticationException or SslHandshakeException or System.Security.Authentication.AuthenticationException)
        {
            throw SendFailedException.Configuration($"The SMTP relay {options.Host} refused our login or TLS: check Reporting:Smtp:User, Password and StartTls.", e);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.SenderNotAccepted || (int)e.StatusCode is 530 or 535 or 538)
        {
            throw SendFailedException.Configuration($"The SMTP relay {options.Host} refused our sender or login ({(int)e.StatusCode}): check Reporting:Email:From and Reporting:Smtp.", e);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw SendFailedException.Recipient($"The SMTP relay refused this email ({(int)e.StatusCode}, {e.ErrorCode}).", e);
        }
        catch (SmtpCommandException e)
        {
            throw SendFailedException.Transient($"The SMTP relay answered {(int)e.StatusCode}, not now: it is tried again.", inner: e);
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw SendFailedException.Unreachable($"The SMTP relay {options.Host}", e);
        }
    }
}
