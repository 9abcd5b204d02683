using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using NearDup.Candidates;

namespace NearDup.Benchmarks.Tools.Shared;

/// <summary>
/// What the verbs' command lines share: numbers read in the invariant culture with thousands separators allowed (what
/// the hand-written parsers accepted: <c>--count 1,000,000</c>), kinds of copy by <see cref="CopyKinds"/> name
/// (<c>Exact,NearDuplicate</c>, any case), and one way to build and run a verb so that bad input ends in one line on
/// stderr and exit code 2, never a stack trace.
/// </summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static class Verb
{
    /// <summary>Exit code for input a verb cannot use: a bad option, a missing folder, an unreadable index.</summary>
    public const int UsageError = 2;

    /// <summary>The culture every verb formats and parses numbers in.</summary>
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A command whose action runs <paramref name="run"/> through <see cref="Run"/>.</summary>
    /// <param name="name">The verb.</param>
    /// <param name="description">What it measures, and how it warms up (the process runs without tiered compilation).</param>
    /// <param name="run">The verb's body, given the parse.</param>
    /// <param name="symbols">Its arguments (positional, in order) and options.</param>
    /// <returns>The command.</returns>
    public static Command Command(string name, string description, Func<ParseResult, int> run, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument: command.Arguments.Add(argument); break;
                case Option option: command.Options.Add(option); break;
                default: throw new ArgumentException($"{symbol.Name} is neither an argument nor an option.", nameof(symbols));
            }
        }

        command.SetAction(parse => Run(name, () => run(parse)));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the verb they name; a parse error
    /// is one line on stderr and exit code 2.</summary>
    /// <param name="root">The verbs.</param>
    /// <param name="args">The whole command line, the verb first.</param>
    /// <returns>The exit code.</returns>
    public static int Invoke(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string verb = parse.CommandResult.Command.Name;
            Console.Error.WriteLine($"{verb}: {string.Join(" ", parse.Errors.Select(e => e.Message))} (see '{verb} --help')");
            return UsageError;
        }

        return parse.Invoke();
    }

    /// <summary>Runs a verb's body; an exception that means the input was unusable (a missing or unreadable file or
    /// folder, a corrupt index, an argument the library refused) becomes one line on stderr and exit code 2.</summary>
    /// <param name="verb">The verb, to start the line.</param>
    /// <param name="body">The body.</param>
    /// <returns>The body's exit code, or 2.</returns>
    public static int Run(string verb, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"{verb}: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>An option taking one number, read as <see cref="Number{T}(ArgumentResult, string, T, T?)"/> does.</summary>
    /// <typeparam name="T">int, ulong or double.</typeparam>
    /// <param name="name">The option, <c>--</c> included.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="defaultValue">Its value when not given; null makes it required.</param>
    /// <param name="min">The least value accepted.</param>
    /// <param name="max">The greatest value accepted, or null.</param>
    /// <returns>The option.</returns>
    public static Option<T> Number<T>(string name, string description, T? defaultValue, T min, T? max = null)
        where T : struct, INumber<T>
    {
        var option = new Option<T>(name) { Description = description, CustomParser = r => Number(r, name, min, max) };
        if (defaultValue is T value)
        {
            option.DefaultValueFactory = _ => value;
        }
        else
        {
            option.Required = true;
        }

        return option;
    }

    /// <summary>A positional argument taking one number, read as <see cref="Number{T}(ArgumentResult, string, T, T?)"/> does.</summary>
    /// <typeparam name="T">int, ulong or double.</typeparam>
    /// <param name="name">The argument's name in the help.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="defaultValue">Its value when left out; null makes it required.</param>
    /// <param name="min">The least value accepted.</param>
    /// <returns>The argument.</returns>
    public static Argument<T> NumberArgument<T>(string name, string description, T? defaultValue, T min)
        where T : struct, INumber<T>
    {
        var argument = new Argument<T>(name) { Description = description, CustomParser = r => Number(r, name, min, null) };
        if (defaultValue is T value)
        {
            argument.DefaultValueFactory = _ => value;
            argument.Arity = ArgumentArity.ZeroOrOne;
        }

        return argument;
    }

    /// <summary>A required folder or file argument (existence is checked by the verb's first read, which says which).</summary>
    /// <param name="name">The argument's name in the help.</param>
    /// <param name="description">Its help text.</param>
    /// <returns>The argument.</returns>
    public static Argument<string> Path(string name, string description) => new(name) { Description = description };

    /// <summary>A required <c>--dir</c> option naming a folder.</summary>
    /// <param name="description">Its help text.</param>
    /// <returns>The option.</returns>
    public static Option<string> Dir(string description) => new("--dir") { Description = description, Required = true };

    /// <summary>How help shows the value of a <c>--kinds</c> option.</summary>
    public const string KindsHelpName = "Exact,NearDuplicate,Contained,Spun|All";

    /// <summary>A flag: true when given.</summary>
    /// <param name="name">The option, <c>--</c> included.</param>
    /// <param name="description">Its help text.</param>
    /// <returns>The option.</returns>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option taking one set of <see cref="CopyKinds"/> (comma-separated names, any case), All when not given.</summary>
    /// <param name="description">Its help text.</param>
    /// <returns>The <c>--kinds</c> option.</returns>
    public static Option<CopyKinds> Kinds(string description) =>
        new("--kinds") { Description = description, HelpName = KindsHelpName, DefaultValueFactory = _ => CopyKinds.All, CustomParser = r => Kinds(r, r.Tokens[0].Value) };

    /// <summary>Reads one set of <see cref="CopyKinds"/>, as <c>Enum.Parse(value, ignoreCase: true)</c> did, refusing an
    /// empty set or bits that are no kind.</summary>
    /// <param name="result">The argument being parsed, to report an error on.</param>
    /// <param name="token">The token.</param>
    /// <returns>The kinds, or None after an error.</returns>
    public static CopyKinds Kinds(ArgumentResult result, string token)
    {
        if (Enum.TryParse(token, ignoreCase: true, out CopyKinds kinds) && kinds != CopyKinds.None && (kinds & ~CopyKinds.All) == 0)
        {
            return kinds;
        }

        result.AddError($"--kinds takes kinds of copy separated by commas ({string.Join(", ", Enum.GetNames<CopyKinds>().Where(n => n != nameof(CopyKinds.None)))}), not '{token}'.");
        return CopyKinds.None;
    }

    private static T Number<T>(ArgumentResult result, string name, T min, T? max)
        where T : struct, INumber<T>
    {
        string token = result.Tokens[0].Value;
        NumberStyles styles = (typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer) | NumberStyles.AllowThousands;
        if (!T.TryParse(token, styles, Inv, out T value))
        {
            result.AddError($"{name} takes {(typeof(T) == typeof(double) ? "a number" : "a whole number")}, not '{token}'.");
        }
        else if (value < min || (max is T most && value > most))
        {
            result.AddError(string.Create(Inv, $"{name} takes a number from {min}{(max is T m ? $" to {m}" : " up")}, not {value}."));
        }

        return value;
    }
}
