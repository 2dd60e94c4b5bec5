using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Actions;

/// <summary>What a breach link grants: its bearer, the manager it was sent to, may act on one worker's breach as it stood in one week.</summary>
/// <param name="Week">The week whose email carried it.</param>
/// <param name="TeamId">The worker's team.</param>
/// <param name="WorkerId">The worker.</param>
/// <param name="Manager">The address it was sent to: who is recorded as having acted.</param>
/// <param name="Expires">When it stops working.</param>
public sealed record LinkClaims(IsoWeek Week, string TeamId, string WorkerId, string Manager, DateTimeOffset Expires);

/// <summary>Why a link was refused; never shown in more detail than "this link cannot be used".</summary>
public enum LinkRefusal
{
    /// <summary>Not a link this product made, or altered.</summary>
    Forged,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Well formed, but signed with no key in use: a key rotated out since it was sent (or a forgery as good as one).</summary>
    Retired,
}

/// <summary>
/// The signed links of the weekly emails (no login, nothing guessable): <c>v1.{claims}.{signature}</c>, the claims
/// as base64url JSON, the signature HMAC-SHA256 over the version and the claims with the key from configuration.
/// A link is checked whole before anything in it is believed; a refusal says only that it cannot be used. Links are
/// signed with the current key and accepted with it or any previous key still configured, so that keys rotate
/// without breaking the links already in managers' inboxes.
/// </summary>
public sealed class BreachLink
{
    /// <summary>The shortest signing key accepted, in bytes: as long as the hash.</summary>
    public const int KeyBytes = 32;

    private const string Version = "v1";
    private readonly byte[] key;
    private readonly byte[][] accepted;

    /// <summary>A signer with the key given, and a checker with it and the previous keys still accepted.</summary>
    /// <exception cref="ArgumentException">A key is shorter than <see cref="KeyBytes"/>.</exception>
    public BreachLink(ReadOnlySpan<byte> key, params IReadOnlyList<byte[]> previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (key.Length < KeyBytes || previous.Any(p => p.Length < KeyBytes))
        {
            throw new ArgumentException($"A signing key is at least {KeyBytes} bytes.", nameof(key));
        }

        this.key = key.ToArray();
        accepted = [this.key, .. previous];
    }

    /// <summary>The token for the claims.</summary>
    public string Sign(LinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { claims.Week.ToString(), claims.TeamId, claims.WorkerId, claims.Manager, claims.Expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return $"{Version}.{body}.{Base64Url.EncodeToString(Mac(key, $"{Version}.{body}"))}";
    }

    /// <summary>The claims of a token that this key signed and that has not expired at <paramref name="now"/>; otherwise why not.</summary>
    public (LinkClaims? Claims, LinkRefusal? Refusal) Check(string? token, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length > 2048 || !Base64Url.IsValid(parts[2]) || !Base64Url.IsValid(parts[1]))
        {
            return (null, LinkRefusal.Forged);
        }

        var signature = Base64Url.DecodeFromChars(parts[2]);
        var signed = accepted.Any(k => CryptographicOperations.FixedTimeEquals(signature, Mac(k, $"{parts[0]}.{parts[1]}")));

        // Signed by a key in use, what it says was written by this product, but is still read with care; signed by
        // none, it is read only to tell a link whose key was rotated out (shaped as ours) from anything else.
        string[]? fields;
        try
        {
            fields = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (JsonException)
        {
            return (null, LinkRefusal.Forged);
        }

        if (fields is not [var week, var team, var worker, var manager, var expires]
            || !IsoWeek.TryParse(week, out var isoWeek) || !long.TryParse(expires, out var seconds)
            || string.IsNullOrEmpty(team) || string.IsNullOrEmpty(worker) || string.IsNullOrEmpty(manager))
        {
            return (null, LinkRefusal.Forged);
        }

        if (!signed)
        {
            return (null, LinkRefusal.Retired);
        }

        var claims = new LinkClaims(isoWeek, team, worker, manager, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return now < claims.Expires ? (claims, null) : (null, LinkRefusal.Expired);
    }

    private static byte[] Mac(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
}
