using CanaryDashboard.Security.Accounts;

namespace CanaryDashboard.Tests.Security;

/// <summary>PBKDF2 hashes (Identity v3) and the hash-password command.</summary>
public class PasswordHashingTests
{
    [Fact]
    public void A_hash_verifies_its_password_only_and_is_salted()
    {
        var hash = PasswordHashing.Hash("correct horse");
        Assert.True(PasswordHashing.LooksLikeHash(hash));
        Assert.DoesNotContain("correct horse", hash);
        Assert.True(PasswordHashing.Verify(hash, "correct horse"));
        Assert.False(PasswordHashing.Verify(hash, "correct hors"));
        Assert.NotEqual(hash, PasswordHashing.Hash("correct horse"));
        Assert.False(PasswordHashing.Verify("not base64 !", "correct horse"));
    }

    [Fact]
    public void The_command_prints_a_hash_of_the_password_read_from_standard_input()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = HashPasswordCommand.Run(new StringReader("s3cret-pass\n"), output, error, interactive: false);
        Assert.Equal(0, code);
        var hash = output.ToString().Trim();
        Assert.True(PasswordHashing.Verify(hash, "s3cret-pass"));
        Assert.True(HashPasswordCommand.IsInvoked(["hash-password"]));
        Assert.False(HashPasswordCommand.IsInvoked(["--Urls=http://127.0.0.1:1"]));
    }

    [Fact]
    public void The_command_refuses_an_empty_password()
    {
        var error = new StringWriter();
        Assert.Equal(2, HashPasswordCommand.Run(new StringReader(""), new StringWriter(), error, interactive: false));
        Assert.Contains("no password", error.ToString());
    }

    [Fact]
    public void Random_passwords_are_long_and_differ()
    {
        var (first, second) = (PasswordHashing.NewRandomPassword(), PasswordHashing.NewRandomPassword());
        Assert.Equal(20, first.Length);
        Assert.NotEqual(first, second);
    }
}
