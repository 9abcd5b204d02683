using System.CommandLine;
using System.IO;
using NearDup.Redis;

namespace NearDup.Cli.Index;

/// <summary>The options every index verb takes for an index on a Redis-protocol server or cluster (a PATH written
/// <c>redis://host:port[,host:port…]/namespace</c>): <c>--user</c>, <c>--password-file</c>, <c>--tls</c>. The password is
/// read from a file, never from the command line, where other users of the machine could see it.</summary>
/// <remarks>Thread safety: not thread-safe (options of one command).</remarks>
internal sealed class RedisFlags
{
    private readonly Option<string?> _user = new("--user") { HelpName = "USER", Description = "For a redis:// index: the ACL user to authenticate as." };
    private readonly Option<FileInfo?> _passwordFile = new("--password-file") { HelpName = "FILE", Description = "For a redis:// index: a file holding the password (its first line)." };
    private readonly Option<bool> _tls = new("--tls") { Description = "For a redis:// index: connect with TLS (as rediss:// does)." };

    /// <summary>Adds the options to a verb.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(_user);
        command.Options.Add(_passwordFile);
        command.Options.Add(_tls);
    }

    /// <summary>The Redis location PATH names, or null when it names a directory.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="path">PATH as given.</param>
    /// <returns>The location, with the user, the password read from its file and TLS.</returns>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    /// <exception cref="System.ArgumentException">PATH starts with redis:// but is not a valid location.</exception>
    public RedisLocation? Location(ParseResult parse, string path)
    {
        if (!RedisLocation.IsRedisUri(path))
        {
            return null;
        }

        string? password = parse.GetValue(_passwordFile) is { } file ? FirstLine(file.FullName) : null;
        return RedisLocation.Parse(path, parse.GetValue(_user), password, parse.GetValue(_tls));
    }

    private static string FirstLine(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine() ?? "";
    }
}
