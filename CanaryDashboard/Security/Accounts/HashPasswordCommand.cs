namespace CanaryDashboard.Security.Accounts;

/// <summary>
/// <c>dotnet CanaryDashboard.dll hash-password</c>: reads a password from standard input (one line;
/// typed without echo on a terminal) and prints its hash for <c>Auth:Users:N:PasswordHash</c>.
/// Runs before the host is built: no server, no configuration, nothing written.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static bool IsInvoked(string[] args) => args is [Name, ..];

    public static int Run(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (interactive)
            error.Write("Password: ");
        var password = interactive ? ReadHidden() : input.ReadLine();
        if (interactive)
            error.WriteLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("hash-password: no password given (pipe it on standard input or type it at the prompt)");
            return 2;
        }
        output.WriteLine(PasswordHashing.Hash(password));
        return 0;
    }

    public static int Run() => Run(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);

    private static string ReadHidden()
    {
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                return password.ToString();
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                    password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
