using System.Security.Cryptography;
using System.Text;

namespace Caseload.Reporting.Staff;

/// <summary>What stands for a member of staff once their name may no longer be kept.</summary>
/// <param name="Name">Read where their name was: "Worker 7KQ2MX".</param>
/// <param name="WorkerId">Kept where their roster id was, by an erasure: "pseudonym-7kq2mxab3d".</param>
public sealed record Pseudonym(string Name, string WorkerId);

/// <summary>
/// Stable pseudonyms for staff (data protection): the same person, or the same address, always gets the same one, so
/// that weeks pseudonymised on different days still read as one person's trend; and one cannot be turned back into
/// a roster id or an address without the council's key (an HMAC, not a bare hash: roster ids are few and guessable).
/// Pseudonymised data stays personal data while that key is kept (UK GDPR recital 26).
/// </summary>
public sealed class StaffPseudonyms
{
    private const string NamePrefix = "Worker ";
    private const string AddressPrefix = "Staff ";
    private const string IdPrefix = "pseudonym-";

    // Crockford's base 32: no I, L, O or U to misread.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly byte[] key;

    /// <summary>Pseudonyms under the council's key.</summary>
    /// <param name="key">At least 32 random bytes, kept with the store and nowhere else.</param>
    public StaffPseudonyms(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("A pseudonym key is at least 32 bytes.", nameof(key));
        }

        this.key = key.ToArray();
    }

    /// <summary>The pseudonym of the worker with this roster id.</summary>
    public Pseudonym Of(string workerId)
    {
        Must.NotEmpty(workerId, nameof(workerId));
        var code = Code("worker:" + workerId, 10);
        return new Pseudonym(NamePrefix + code[..6], IdPrefix + code.ToLowerInvariant());
    }

    /// <summary>What stands for an email address (who recorded an action): "Staff 4F7Q2C".</summary>
    public string OfAddress(string address) => AddressPrefix + Code("address:" + Must.NotEmpty(address, nameof(address)).Trim().ToLowerInvariant(), 6);

    /// <summary>Whether a name is already a pseudonym (a second pass changes nothing).</summary>
    public static bool IsPseudonymName(string name) => name is not null && name.StartsWith(NamePrefix, StringComparison.Ordinal) && name.Length == NamePrefix.Length + 6 && name[NamePrefix.Length..].All(Alphabet.Contains);

    /// <summary>Whether an address is already a pseudonym.</summary>
    public static bool IsPseudonymAddress(string address) => address is not null && address.StartsWith(AddressPrefix, StringComparison.Ordinal) && address.Length == AddressPrefix.Length + 6;

    /// <summary>Whether a roster id is already an erased worker's pseudonym.</summary>
    public static bool IsPseudonymId(string workerId) => workerId is not null && workerId.StartsWith(IdPrefix, StringComparison.Ordinal);

    private string Code(string value, int length)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value));
        var code = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // 5 bits a character, read across the hash's bytes.
            var bit = i * 5;
            var window = (hash[bit / 8] << 8) | hash[(bit / 8) + 1];
            code.Append(Alphabet[(window >> (11 - (bit % 8))) & 31]);
        }

        return code.ToString();
    }
}
