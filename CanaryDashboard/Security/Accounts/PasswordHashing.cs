using Microsoft.AspNetCore.Identity;

namespace CanaryDashboard.Security.Accounts;

/// <summary>
/// Password hashes as ASP.NET Core Identity writes them: PBKDF2 with HMAC-SHA512, a random salt
/// and 100,000 iterations (format v3), base64. The hash carries its own parameters, so raising
/// the cost later still verifies old hashes.
/// </summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<string> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword("", password);

    public static bool Verify(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="hash"/> is base64 of an Identity v3 hash (first byte 0x01).</summary>
    public static bool LooksLikeHash(string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash))
            return false;
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }

    /// <summary>A random password a person can type: 20 characters from an unambiguous alphabet (~115 bits).</summary>
    public static string NewRandomPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 20);
    }
}
