using System.Text.Json;
using CanaryDashboard.Configuration;
using CanaryDashboard.Security.Roles;
using Microsoft.Extensions.Options;

namespace CanaryDashboard.Security.Accounts;

/// <summary>
/// The local accounts: those of <c>Auth:Users</c>, then those of the data folder's users file. When
/// there are none at all, <see cref="EnsureAdminExists"/> creates an admin with a random password,
/// logs the password once and keeps only its hash in the users file, so the next start finds the
/// account and prints nothing.
/// </summary>
public sealed class LocalAccountStore(IOptions<CanaryDashboardOptions> options, ILogger<LocalAccountStore> logger)
{
    public const string GeneratedAdminName = "admin";
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _gate = new();
    private IReadOnlyList<LocalAccount>? _accounts;

    public string UsersFilePath => Path.Combine(options.Value.Storage.ResolveDataPath(), options.Value.Auth.UsersFile);

    public IReadOnlyList<LocalAccount> Accounts
    {
        get
        {
            lock (_gate)
                return _accounts ??= Load();
        }
    }

    /// <summary>The account when the password matches, else null (same answer for an unknown name).</summary>
    public LocalAccount? Verify(string? name, string? password)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password))
            return null;
        var account = Accounts.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (account is null)
        {
            // Spend the same time as a real check, so timing does not tell which names exist.
            PasswordHashing.Verify(DummyHash.Value, password);
            return null;
        }
        return PasswordHashing.Verify(account.PasswordHash, password) ? account : null;
    }

    /// <summary>Creates the first admin when no account exists anywhere. Returns true when it did.</summary>
    public bool EnsureAdminExists()
    {
        lock (_gate)
        {
            _accounts ??= Load();
            if (_accounts.Count > 0)
                return false;
            var password = PasswordHashing.NewRandomPassword();
            var account = new LocalAccount(GeneratedAdminName, DashboardRole.Admin, PasswordHashing.Hash(password), UsersFilePath);
            var path = UsersFilePath;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new UsersFile([new StoredUser(account.Name, account.Role.Name(), account.PasswordHash)]), FileJson));
            File.Move(temp, path, overwrite: true);
            TryRestrictToOwner(path);
            _accounts = [account];
            // The only time the password exists outside the person's head: printed once, never stored.
            logger.LogWarning(
                "No local account was configured: created the admin account '{Name}' with the password {Password} . It is shown only this once; its hash is kept in {UsersFile}. Sign in and keep it safe, or configure Auth:Users and delete that file.",
                account.Name, password, path);
            return true;
        }
    }

    private List<LocalAccount> Load()
    {
        var accounts = new List<LocalAccount>();
        foreach (var user in options.Value.Auth.Users)
        {
            if (DashboardRoles.TryParse(user.Role, out var role))
                accounts.Add(new LocalAccount(user.Name.Trim(), role, user.PasswordHash, "configuration"));
        }
        var path = UsersFilePath;
        if (!File.Exists(path))
            return accounts;
        try
        {
            var file = JsonSerializer.Deserialize<UsersFile>(File.ReadAllText(path), FileJson);
            foreach (var user in file?.Users ?? [])
            {
                if (!DashboardRoles.TryParse(user.Role, out var role) || !PasswordHashing.LooksLikeHash(user.PasswordHash) || string.IsNullOrWhiteSpace(user.Name))
                {
                    logger.LogError("{UsersFile}: skipped the entry '{Name}': it needs a name, a role ({Roles}) and a password hash", path, user.Name, DashboardRoles.Names);
                    continue;
                }
                if (accounts.Any(a => string.Equals(a.Name, user.Name, StringComparison.OrdinalIgnoreCase)))
                    continue;   // configuration wins over the file
                accounts.Add(new LocalAccount(user.Name, role, user.PasswordHash, path));
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Never overwrite a file we cannot read: an unreadable file must not turn into a new admin.
            throw new InvalidOperationException($"The users file {path} cannot be read ({ex.Message}); fix or delete it, then start again.", ex);
        }
        return accounts;
    }

    private static void TryRestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHashing.Hash(Guid.NewGuid().ToString()));

    private sealed record UsersFile(List<StoredUser> Users);
    private sealed record StoredUser(string Name, string Role, string PasswordHash);
}
