namespace Caseload.Reporting.Actions;

/// <summary>Who a breach nobody is acting on has reached (actions spec, "Escalation").</summary>
public enum Escalation
{
    /// <summary>The head of service, in their weekly roll-up.</summary>
    HeadOfService,

    /// <summary>Leadership, in the monthly digest and the inspection summary.</summary>
    Leadership,
}

/// <summary>
/// When a breach without an in-date action escalates: the policy's <c>escalation</c> settings.
/// </summary>
/// <param name="HeadOfServiceAfterWeeks">Weeks in breach from which it reaches the head of service.</param>
/// <param name="LeadershipAfterWeeks">Weeks in breach from which it reaches leadership.</param>
public sealed record EscalationPolicy(int HeadOfServiceAfterWeeks, int LeadershipAfterWeeks)
{
    /// <summary>Weeks in breach from which it reaches the head of service; at least 1.</summary>
    public int HeadOfServiceAfterWeeks { get; init => field = Must.AtLeast(value, 1, nameof(HeadOfServiceAfterWeeks)); } = Must.AtLeast(HeadOfServiceAfterWeeks, 1, nameof(HeadOfServiceAfterWeeks));

    /// <summary>Weeks in breach from which it reaches leadership; at least 1.</summary>
    public int LeadershipAfterWeeks { get; init => field = Must.AtLeast(value, 1, nameof(LeadershipAfterWeeks)); } = Must.AtLeast(LeadershipAfterWeeks, 1, nameof(LeadershipAfterWeeks));

    /// <summary>The spec's defaults: the head of service after 2 weeks, leadership after 6.</summary>
    public static EscalationPolicy Default { get; } = new(2, 6);

    /// <summary>Whom a breach of so many weeks with no in-date action has reached; null when no one yet.</summary>
    public Escalation? For(int weeksInBreach) =>
        weeksInBreach >= LeadershipAfterWeeks ? Escalation.Leadership
        : weeksInBreach >= HeadOfServiceAfterWeeks ? Escalation.HeadOfService
        : null;
}
