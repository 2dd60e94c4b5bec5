namespace Caseload.Reporting.Jobs.Delivery;

/// <summary>How notifications are delivered (<c>Reporting:Delivery:*</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>How long a run's hold on a notification lasts before another run may take it over and send it.</summary>
    public int LeaseSeconds { get; set; } = 600;

    /// <summary>Attempts at sending one notification within a run, the first included.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The longest wait between attempts, whatever a provider's Retry-After asks.</summary>
    public int LongestWaitSeconds { get; set; } = 120;

    /// <summary>Notifications sent at once by a run that delivers a whole period.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>The hold's lease.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
