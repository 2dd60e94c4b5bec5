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
/// The signed links of the weekly emails (no login, nothing guessable): <c>v2.{key id}.{claims}.{signature}</c>, the
/// claims as base64url JSON, the signature HMAC-SHA256 over everything before it with the key the id names (the id
/// is a fingerprint of the key, not the key). A link is checked whole before anything in it is believed. Links are
/// signed with the current key and accepted with it or any previous key still configured, so that keys rotate
/// without breaking the links already in managers' inboxes; a link whose key has been retired since is told apart
/// from an altered one by its key id, so that its manager is told it no longer works rather than that it was
/// changed. Links of the first version (<c>v1.{claims}.{signature}</c>, no key id) are still accepted with any key.
/// </summary>
public sealed class BreachLink
{
    /// <summary>The shortest signing key accepted, in bytes: as long as the hash.</summary>
    public const int KeyBytes = 32;

    private const string Version = "v2";
    private const string FirstVersion = "v1";
    private readonly byte[] key;
    private readonly Dictionary<string, byte[]> accepted;

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
        accepted = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var k in previous.Prepend(this.key))
        {
            accepted.TryAdd(IdOf(k), k);
        }
    }

    /// <summary>The token for the claims.</summary>
    public string Sign(LinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { claims.Week.ToString(), claims.TeamId, claims.WorkerId, claims.Manager, claims.Expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var signed = $"{Version}.{IdOf(key)}.{body}";
        return $"{signed}.{Base64Url.EncodeToString(Mac(key, signed))}";
    }

    /// <summary>The claims of a token signed with a key in use and not expired at <paramref name="now"/>; otherwise why not.</summary>
    public (LinkClaims? Claims, LinkRefusal? Refusal) Check(string? token, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        var (signedPart, body, signature, keys, retiredIfUnsigned) = parts switch
        {
            [Version, var id, var claims, var mac] => ($"{Version}.{id}.{claims}", claims, mac,
                accepted.TryGetValue(id, out var k) ? [k] : (IEnumerable<byte[]>)[], !accepted.ContainsKey(id)),
            [FirstVersion, var claims, var mac] => ($"{FirstVersion}.{claims}", claims, mac, accepted.Values, false),
            _ => ("", "", "", [], false),
        };
        if (signedPart.Length == 0 || body.Length > 2048 || !Base64Url.IsValid(body) || !Base64Url.IsValid(signature))
        {
            return (null, LinkRefusal.Forged);
        }

        var given = Base64Url.DecodeFromChars(signature);
        var signed = keys.Any(k => CryptographicOperations.FixedTimeEquals(given, Mac(k, signedPart)));

        // Signed with a key in use, what it says was written by this product, but is still read with care; signed
        // with none, it is read only to tell a link whose key was retired (shaped as ours) from anything else.
        string[]? fields;
        try
        {
            fields = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(body));
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
            return (null, retiredIfUnsigned ? LinkRefusal.Retired : LinkRefusal.Forged);
        }

        var claimed = new LinkClaims(isoWeek, team, worker, manager, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return now < claimed.Expires ? (claimed, null) : (null, LinkRefusal.Expired);
    }

    /// <summary>A key's id: 8 characters of its SHA-256, enough to tell a handful of keys apart, nothing of the key.</summary>
    private static string IdOf(byte[] key) => Base64Url.EncodeToString(SHA256.HashData(key).AsSpan(0, 6));

    private static byte[] Mac(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
}
