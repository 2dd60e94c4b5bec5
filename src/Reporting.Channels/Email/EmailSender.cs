namespace Caseload.Reporting.Channels.Email;

/// <summary>Sends prepared emails; which one is configured by <c>Reporting:Email:Sender</c>.</summary>
public abstract class EmailSender
{
    /// <summary>Where it sends, for a person to read: "outbox /tmp/x", "SendGrid api.sendgrid.com".</summary>
    public abstract string Destination { get; }

    /// <summary>
    /// Sends one prepared email and returns the provider's id for it. Sending the same email again must not deliver
    /// it twice where the provider allows (the outbox replaces its file; the Message-ID stays the same).
    /// </summary>
    /// <exception cref="SendFailedException">It was not sent; the exception says which kind of failure it was.</exception>
    public abstract Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default);
}
