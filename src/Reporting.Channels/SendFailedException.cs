using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Channels;

/// <summary>
/// A send that did not happen, classified by the sender (<see cref="SendFailure"/>): transient (try again, after
/// <see cref="RetryAfter"/> when the provider said), this recipient's alone, or the product's configuration. The
/// message says what to do and never carries the recipient's address.
/// </summary>
public sealed class SendFailedException : Exception
{
    /// <summary>A failure worth retrying.</summary>
    public static SendFailedException Transient(string message, TimeSpan? retryAfter = null, Exception? inner = null) => new(SendFailure.Transient, message, retryAfter, inner);

    /// <summary>A service that could not be reached or did not answer in time: worth another try.</summary>
    /// <param name="service">The service, as a person names it: "SendGrid", "Teams (channel 'default')".</param>
    /// <param name="inner">What the connection raised.</param>
    public static SendFailedException Unreachable(string service, Exception inner) =>
        Transient($"{service} could not be reached: {(inner is TaskCanceledException or TimeoutException ? "it did not answer in time" : "the connection failed or was dropped")}.", inner: inner);

    /// <summary>A failure of this recipient alone.</summary>
    public static SendFailedException Recipient(string message, Exception? inner = null) => new(SendFailure.Recipient, message, null, inner);

    /// <summary>A failure nothing will pass until the configuration is fixed.</summary>
    public static SendFailedException Configuration(string message, Exception? inner = null) => new(SendFailure.Configuration, message, null, inner);

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

    private SendFailedException(SendFailure failure, string message, TimeSpan? retryAfter, Exception? inner)
        : base(message, inner)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    /// <summary>What kind of failure it is.</summary>
    public SendFailure Failure { get; }

    /// <summary>How long the provider asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
