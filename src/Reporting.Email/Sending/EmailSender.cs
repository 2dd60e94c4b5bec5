namespace Caseload.Reporting.Email.Sending;

/// <summary>Delivers composed notifications; which one is configured by <c>Reporting:Email:Sender</c>.</summary>
public abstract class EmailSender
{
    /// <summary>Sends one notification and returns its message id. Sending the same notification again must not deliver it twice.</summary>
    public abstract Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default);
}
