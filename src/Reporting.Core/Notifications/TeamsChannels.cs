using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// Which Microsoft Teams channel a team's weekly card goes to: the team's own (<c>Reporting:Teams:Channels:{teamId}</c>),
/// else its service's (the service's name with only its letters and digits, e.g. <c>FrontDoorandAssessment</c>, so
/// that it can be an app setting's name), else the default; a team with none of them gets no card.
/// </summary>
public static class TeamsChannels
{
    /// <summary>The name of the default channel's setting.</summary>
    public const string Default = "default";

    /// <summary>The channel a team's card goes to, by its setting's name, or null.</summary>
    /// <param name="team">The team.</param>
    /// <param name="channels">The names of the channel settings given (any case).</param>
    public static string? For(Team team, IReadOnlySet<string> channels)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(channels);
        return channels.Contains(team.Id) ? team.Id
            : team.Service is { } service && SettingName(service) is { Length: > 0 } name && channels.Contains(name) ? name
            : channels.Contains(Default) ? Default
            : null;
    }

    /// <summary>A service's name as a setting's name: its letters and digits.</summary>
    public static string SettingName(string service) => string.Concat((service ?? "").Where(char.IsAsciiLetterOrDigit));
}
