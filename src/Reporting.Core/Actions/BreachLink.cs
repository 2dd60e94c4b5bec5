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
}

/// <summary>
/// The signed links of the weekly emails (no login, nothing guessable): <c>v1.{claims}.{signature}</c>, the claims
/// as base64url JSON, the signature HMAC-SHA256 over the version and the claims with the key from configuration.
/// A link is checked whole before anything in it is believed; a refusal says only that it cannot be used.
/// </summary>
public sealed class BreachLink
{
    /// <summary>The shortest signing key accepted, in bytes: as long as the hash.</summary>
    public const int KeyBytes = 32;

    private const string Version = "v1";
    private readonly byte[] key;

    /// <summary>A signer and checker with the key given.</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="KeyBytes"/>.</exception>
    public BreachLink(ReadOnlySpan<byte> key) =>
        this.key = key.Length >= KeyBytes ? key.ToArray() : throw new ArgumentException($"A signing key is at least {KeyBytes} bytes.", nameof(key));

    /// <summary>The token for the claims.</summary>
    public string Sign(LinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { claims.Week.ToString(), claims.TeamId, claims.WorkerId, claims.Manager, claims.Expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return $"{Version}.{body}.{Base64Url.EncodeToString(Mac($"{Version}.{body}"))}";
    }

    /// <summary>The claims of a token that this key signed and that has not expired at <paramref name="now"/>; otherwise why not.</summary>
    public (LinkClaims? Claims, LinkRefusal? Refusal) Check(string? token, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length > 2048 || !Base64Url.IsValid(parts[2]) || !Base64Url.IsValid(parts[1]))
        {
            return (null, LinkRefusal.Forged);
        }

        if (!CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(parts[2]), Mac($"{parts[0]}.{parts[1]}")))
        {
            return (null, LinkRefusal.Forged);
        }

        // Signed by this key: what it says was written by this product, but is still read with care.
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

        var claims = new LinkClaims(isoWeek, team, worker, manager, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return now < claims.Expires ? (claims, null) : (null, LinkRefusal.Expired);
    }

    private byte[] Mac(string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
}
