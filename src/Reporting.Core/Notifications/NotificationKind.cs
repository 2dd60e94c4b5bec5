namespace Caseload.Reporting.Notifications;

/// <summary>What a notification is for.</summary>
public enum NotificationKind
{
    /// <summary>A team manager's weekly email about their team(s).</summary>
    TeamManager,

    /// <summary>A head of service's weekly roll-up of their teams.</summary>
    ServiceRollUp,

    /// <summary>Leadership's monthly improvement-plan digest, with the summary and data pack attached.</summary>
    LeadershipDigest,

    /// <summary>The data team's report of an extract refused as invalid.</summary>
    RefusedSnapshot,

    /// <summary>A team's weekly summary for a chat channel (an Adaptive Card in a Microsoft Teams channel).</summary>
    TeamsChannel,
}

/// <summary>Notification kinds in words.</summary>
public static class NotificationKinds
{
    /// <summary>What a notification is, as IT reads it in a listing: "team manager's weekly email".</summary>
    public static string Describe(NotificationKind kind) => kind switch
    {
        NotificationKind.TeamManager => "team manager's weekly email",
        NotificationKind.ServiceRollUp => "head of service's weekly roll-up",
        NotificationKind.LeadershipDigest => "leadership's monthly digest",
        NotificationKind.RefusedSnapshot => "data team's report of a refused extract",
        _ => "team's Teams card",
    };

    /// <summary>
    /// The channel a kind of notification has always gone by, which its key does not spell out: Teams for a team's
    /// card, email for the rest.
    /// </summary>
    public static string UsualChannel(NotificationKind kind) => kind == NotificationKind.TeamsChannel ? Recipient.TeamsChannel : Recipient.EmailChannel;
}
