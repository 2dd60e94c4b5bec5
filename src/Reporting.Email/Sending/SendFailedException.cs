namespace Caseload.Reporting.Email.Sending;

/// <summary>
/// A send that did not happen, classified by the sender: transient (try again, after <see cref="RetryAfter"/>
/// when the provider said) or permanent (trying again would fail the same way). The message never carries the
/// recipient's address.
/// </summary>
public sealed class SendFailedException : Exception
{
    /// <summary>A failure worth retrying.</summary>
    public static SendFailedException Transient(string message, TimeSpan? retryAfter = null, Exception? inner = null) => new(message, false, retryAfter, inner);

    /// <summary>A failure not worth retrying.</summary>
    public static SendFailedException Permanent(string message, Exception? inner = null) => new(message, true, null, inner);

    /// <inheritdoc />
    public SendFailedException()
    {
    }

    /// <inheritdoc />
    public SendFailedException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public SendFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private SendFailedException(string message, bool permanent, TimeSpan? retryAfter, Exception? inner)
        : base(message, inner)
    {
        IsPermanent = permanent;
        RetryAfter = retryAfter;
    }

    /// <summary>Trying again would fail the same way.</summary>
    public bool IsPermanent { get; }

    /// <summary>How long the provider asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
