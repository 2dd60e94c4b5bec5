using System.Diagnostics.CodeAnalysis;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// Whom a notification goes to, named for what it is: a channel (how it travels: <c>email</c>, <c>teams</c>, or
/// one a council adds) and an address on that channel (an email address; a Teams channel's setting name).
/// </summary>
public readonly record struct Recipient
{
    /// <summary>The email channel's name.</summary>
    public const string EmailChannel = "email";

    /// <summary>The Microsoft Teams channel's name.</summary>
    public const string TeamsChannel = "teams";

    /// <summary>A recipient on a channel.</summary>
    /// <param name="channel">The channel's name: lower-case letters, digits and hyphens, e.g. <c>email</c>.</param>
    /// <param name="address">The address on it, trimmed; never empty and never holding '|' or a line break.</param>
    /// <exception cref="ArgumentException">The channel's name or the address is not one.</exception>
    public Recipient(string channel, string address)
    {
        if (!IsChannelName(channel))
        {
            throw new ArgumentException($"'{channel}' is not a channel's name: use lower-case letters, digits and hyphens.", nameof(channel));
        }

        var trimmed = address?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.AsSpan().IndexOfAny("|\r\n") >= 0)
        {
            throw new ArgumentException("A recipient needs an address, without '|' or a line break.", nameof(address));
        }

        Channel = channel;
        Address = trimmed;
    }

    /// <summary>How it travels.</summary>
    public string Channel { get; }

    /// <summary>Where, on its channel.</summary>
    public string Address { get; }

    /// <summary>An email address.</summary>
    public static Recipient Email(string address) => new(EmailChannel, address);

    /// <summary>A Microsoft Teams channel, by its setting's name (<see cref="TeamsChannels"/>).</summary>
    public static Recipient Teams(string setting) => new(TeamsChannel, setting);

    /// <summary>Whether a text can name a channel.</summary>
    public static bool IsChannelName([NotNullWhen(true)] string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 40 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>For IT's listings: an email address as it is, any other with its channel, "default (teams)".</summary>
    public override string ToString() => Channel == EmailChannel ? Address : $"{Address} ({Channel})";
}
