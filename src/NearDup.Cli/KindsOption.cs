using System;
using System.CommandLine;
using System.Linq;
using NearDup.Candidates;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary><c>--kinds</c>: kinds of copy named by their output names (exact, near-duplicate, contained, spun) or all.</summary>
internal static class KindsOption
{
    /// <summary>Makes the option.</summary>
    /// <param name="description">Its help text.</param>
    /// <param name="defaults">The names it takes when not given.</param>
    /// <returns>The option, accepting only known names.</returns>
    public static Option<string[]> Create(string description, params string[] defaults) => Create(new Option<string[]>("--kinds", "-k"), description, defaults);

    /// <summary>Makes an option of another name that takes kinds the same way.</summary>
    /// <param name="name">The option's name, such as <c>--group-kinds</c>.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="defaults">The names it takes when not given.</param>
    /// <returns>The option, accepting only known names.</returns>
    public static Option<string[]> CreateNamed(string name, string description, params string[] defaults) => Create(new Option<string[]>(name), description, defaults);

    private static Option<string[]> Create(Option<string[]> kinds, string description, string[] defaults)
    {
        kinds.Description = description;
        kinds.DefaultValueFactory = _ => defaults;
        kinds.AllowMultipleArgumentsPerToken = true;
        kinds.AcceptOnlyFromAmong([.. Enum.GetValues<MatchKind>().Select(k => k.ToName()), "all"]);
        return kinds;
    }

    /// <summary>The kinds named (names already checked by the parser); all when none is named.</summary>
    /// <param name="names">The names given.</param>
    /// <returns>The kinds.</returns>
    public static CopyKinds Parse(string[] names)
    {
        var kinds = CopyKinds.None;
        foreach (string name in names)
        {
            kinds |= name == "all" ? CopyKinds.All : Enum.GetValues<MatchKind>().First(k => k.ToName() == name).ToCopyKinds();
        }

        return kinds == CopyKinds.None ? CopyKinds.All : kinds;
    }
}
