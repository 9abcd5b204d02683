using System;
using System.CommandLine;
using System.IO;
using NearDup.Redis;

namespace NearDup.Cli.Index;

/// <summary>The options every index verb takes for an index on a Redis-protocol server or cluster (a PATH written
/// <c>redis://host:port[,host:port…]/namespace</c>): <c>--user</c>, <c>--password-file</c>, <c>--tls</c>, <c>--timeout</c>. The password is
/// read from a file, never from the command line, where other users of the machine could see it. Verbs that write also
/// take <c>--wait-replicas N</c>, a setting of the connection (not stored with the index), so each writing verb takes it.</summary>
/// <remarks>Thread safety: not thread-safe (options of one command).</remarks>
internal sealed class RedisFlags
{
    private readonly Option<int>? _waitReplicas;

    private readonly Option<string?> _user = new("--user") { HelpName = "USER", Description = "For a redis:// index: the ACL user to authenticate as." };
    private readonly Option<FileInfo?> _passwordFile = new("--password-file") { HelpName = "FILE", Description = "For a redis:// index: a file holding the password (its first line)." };
    private readonly Option<bool> _tls = new("--tls") { Description = "For a redis:// index: connect with TLS (as rediss:// does)." };

    private readonly Option<double?> _timeout = NewTimeout();

    /// <summary>The options of a verb; <paramref name="writes"/> adds <c>--wait-replicas</c>.</summary>
    /// <param name="writes">Whether the verb writes to the index (create, add, remove, compact).</param>
    public RedisFlags(bool writes = false)
    {
        if (writes)
        {
            _waitReplicas = new Option<int>("--wait-replicas")
            {
                HelpName = "N",
                Description = "For a redis:// index: replicas that must confirm each batch before it is acknowledged (WAIT, or WAITAOF where the server has it); 0, the default, waits for none.",
                DefaultValueFactory = _ => 0,
            };
            _waitReplicas.Validators.Add(result =>
            {
                // A value that is no number is the parser's own error; reading it here would throw.
                if (!int.TryParse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "0", System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int replicas))
                {
                    return;
                }

                if (replicas < 0)
                {
                    result.AddError($"--wait-replicas takes a number of replicas, 0 or more (got {replicas}).");
                }
            });
        }
    }

    /// <summary>Adds the options to a verb.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(_user);
        command.Options.Add(_passwordFile);
        command.Options.Add(_tls);
        command.Options.Add(_timeout);
        if (_waitReplicas is not null)
        {
            command.Options.Add(_waitReplicas);
        }
    }

    /// <summary>The replicas each batch waits for (<c>--wait-replicas</c>; 0 when not given, or when the verb does not
    /// write).</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="path">PATH as given.</param>
    /// <returns>The count, 0 or more (the parser refused a negative one).</returns>
    /// <exception cref="System.ArgumentException">A count above 0 was given for a directory index, which has no replicas.</exception>
    public int WaitReplicas(ParseResult parse, string path)
    {
        int replicas = _waitReplicas is null ? 0 : parse.GetValue(_waitReplicas);
        if (replicas > 0 && !RedisLocation.IsRedisUri(path))
        {
            throw new System.ArgumentException($"--wait-replicas applies to a redis:// index; {path} is a directory, which has no replicas.");
        }

        return replicas;
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
        RedisLocation location = RedisLocation.Parse(path, parse.GetValue(_user), password, parse.GetValue(_tls));
        return parse.GetValue(_timeout) is { } seconds ? location.WithTimeout(TimeSpan.FromSeconds(seconds)) : location;
    }

    private static Option<double?> NewTimeout()
    {
        var option = new Option<double?>("--timeout")
        {
            HelpName = "SECONDS",
            Description = $"For a redis:// index: how long the client waits for a reply before the command fails (default {RedisLocation.DefaultTimeout.TotalSeconds:0} s, at most {RedisLocation.MaxTimeout.TotalSeconds:0}); raise it for large batches on a loaded server.",
        };
        option.Validators.Add(result =>
        {
            // A value that is no number is the parser's own error; reading it here would throw.
            if (result.Tokens.Count > 0 && !double.TryParse(result.Tokens[^1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return;
            }

            double? seconds = result.GetValueOrDefault<double?>();
            if (seconds is not { } s || !(s > 0) || s > RedisLocation.MaxTimeout.TotalSeconds)
            {
                result.AddError($"--timeout takes seconds, more than 0 and at most {RedisLocation.MaxTimeout.TotalSeconds:0} (got {seconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}).");
            }
        });
        return option;
    }

    private static string FirstLine(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine() ?? "";
    }
}
