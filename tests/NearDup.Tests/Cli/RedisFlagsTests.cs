using System;
using System.CommandLine;
using NearDup.Cli.Index;
using NearDup.Redis;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>The options every index verb takes for a redis:// index, parsed without a server.</summary>
public sealed class RedisFlagsTests
{
    private static RedisLocation? Parse(params string[] args)
    {
        var flags = new RedisFlags();
        var path = new Argument<string>("path");
        var command = new RootCommand { path };
        flags.AddTo(command);
        ParseResult parse = command.Parse(args);
        Assert.That(parse.Errors, Is.Empty, string.Join("; ", parse.Errors));
        return flags.Location(parse, parse.GetValue(path)!);
    }

    [Test]
    public void Timeout_given_in_seconds_reaches_the_location()
    {
        RedisLocation? location = Parse("redis://127.0.0.1:6379/crawl", "--timeout", "30");
        Assert.That(location!.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Without_timeout_the_location_keeps_the_default()
    {
        RedisLocation? location = Parse("redis://127.0.0.1:6379/crawl", "--user", "worker", "--tls");
        Assert.Multiple(() =>
        {
            Assert.That(location!.Timeout, Is.EqualTo(RedisLocation.DefaultTimeout));
            Assert.That(location.User, Is.EqualTo("worker"));
            Assert.That(location.UseTls, Is.True);
        });
    }

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("121")]
    public void Timeout_outside_its_range_is_a_parse_error_naming_the_value(string seconds)
    {
        var flags = new RedisFlags();
        var command = new RootCommand { new Argument<string>("path") };
        flags.AddTo(command);
        ParseResult parse = command.Parse(["redis://127.0.0.1:6379/crawl", "--timeout", seconds]);
        Assert.That(parse.Errors, Has.Some.Property("Message").Contains($"--timeout takes seconds, more than 0 and at most 120 (got {seconds})"));
    }
}
