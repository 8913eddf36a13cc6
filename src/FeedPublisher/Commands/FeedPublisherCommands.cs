using System.CommandLine;

namespace FeedPublisher.Commands;

/// <summary>
/// The command line (System.CommandLine): <c>serve</c>, the default, runs the service; the others work on the same
/// database and folders, with or without a running server. Configuration overrides are passed as
/// <c>--Section:Key=value</c> anywhere on the line, as the server has always taken them.
/// </summary>
public static class FeedPublisherCommands
{
    public static async Task<int> RunAsync(string[] args, CancellationToken stopRequested)
    {
        var root = new RootCommand("FeedPublisher: a feed publisher for news sites. With no command, runs the service (serve).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var serve = new Command("serve", "Run the service: watch the inbox, regenerate the feeds, serve them over HTTP (the default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((parse, _) => ServeCommand.RunAsync([.. parse.UnmatchedTokens], stopRequested));
        root.SetAction((parse, _) => ServeCommand.RunAsync([.. parse.UnmatchedTokens], stopRequested));
        root.Subcommands.Add(serve);
        foreach (var command in new[] { CheckCommand.Create(), IngestCommand.Create(), ListCommand.Create(), ShowCommand.Create(), RebuildCommand.Create(),
                     RetractCommand.Create(), RetractCommand.CreateRestore() })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                CommandOutput.Error(error.Message);
            CommandOutput.Error("see --help");
            return ExitCodes.Usage;
        }
        // A word that is no command ("lsit") must not start a second server on the same folders.
        if (parsed.CommandResult.Command == root && parsed.UnmatchedTokens.FirstOrDefault() is { } first && !first.StartsWith('-'))
        {
            CommandOutput.Error($"'{first}' is not a command; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see --help)");
            return ExitCodes.Usage;
        }
        // The server has always passed what it does not know to the host's configuration; the other commands take
        // only what looks like a setting, so a mistyped option is an error and not a silently ignored setting.
        if (parsed.CommandResult.Command != root && parsed.CommandResult.Command != serve
            && parsed.UnmatchedTokens.FirstOrDefault(token => !IsSetting(token)) is { } unknown)
        {
            CommandOutput.Error($"unknown option or argument '{unknown}'; settings are given as --Section:Key=value (see --help)");
            return ExitCodes.Usage;
        }
        try
        {
            // Expected failures are ours to print (once, without a stack trace); anything else is a bug and surfaces.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stopRequested);
        }
        catch (CommandFailure failure)
        {
            CommandOutput.Error(failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            CommandOutput.Error("stopped before it finished; what was stored until then stays stored");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Storage.StorageException)
        {
            CommandOutput.Error($"the database failed: {(ex.InnerException ?? ex).Message}");
            return ExitCodes.StorageUnavailable;
        }
    }

    public static bool IsSetting(string token) => token.StartsWith("--", StringComparison.Ordinal) && token.Contains('=');

    /// <summary>
    /// The settings on the line (<c>--Section:Key=value</c>): the parser leaves them unmatched, or, after a command's
    /// list of files, takes them for more files.
    /// </summary>
    public static string[] Settings(ParseResult parse, params Argument<string[]>[] lists) =>
        [.. parse.UnmatchedTokens, .. lists.SelectMany(list => parse.GetValue(list) ?? []).Where(IsSetting)];

    /// <summary>The values of a list argument that are not settings.</summary>
    public static string[] Values(ParseResult parse, Argument<string[]> list) => [.. (parse.GetValue(list) ?? []).Where(v => !IsSetting(v))];

    /// <summary>The <c>--json</c> option every command that prints data takes.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON, for scripts." };
}
