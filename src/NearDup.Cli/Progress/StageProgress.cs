using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NearDup.Detection;
using Spectre.Console;

namespace NearDup.Cli.Progress;

/// <summary>How a long command shows its progress on stderr (<c>--progress</c>).</summary>
internal enum ProgressMode
{
    /// <summary>Live bars when stderr is a terminal, nothing otherwise.</summary>
    Auto,

    /// <summary>Live bars (Spectre.Console): one per stage, with count, percentage, rate and time left.</summary>
    Bar,

    /// <summary>Plain lines: each stage's start and end, and a line every half second between.</summary>
    Plain,

    /// <summary>Nothing.</summary>
    None,
}

/// <summary>Shows the stages of a long command (analysing, indexing, candidates, verifying) as <see cref="ProgressMode"/> says.</summary>
internal static class StageProgress
{
    /// <summary>The <c>--progress</c> option.</summary>
    /// <returns>The option.</returns>
    public static Option<string> Option()
    {
        var option = new Option<string>("--progress")
        {
            Description = "Progress of each stage on stderr (the index commands show the opening of the index first): auto (live bars on a terminal, nothing otherwise), bar, plain (lines, for logs) or none.",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "bar", "plain", "none");
        return option;
    }

    /// <summary>The mode asked for, with <c>auto</c> resolved and <c>--quiet</c> taken into account.</summary>
    /// <param name="name">The <c>--progress</c> value.</param>
    /// <param name="quiet">Whether <c>--quiet</c> was given (it silences auto, not an explicit mode).</param>
    /// <param name="stderr">Where the command writes errors: bars only go to the process's own terminal.</param>
    /// <returns>Bar, Plain or None.</returns>
    public static ProgressMode Resolve(string name, bool quiet, TextWriter stderr) => name switch
    {
        "bar" => ProgressMode.Bar,
        "plain" => ProgressMode.Plain,
        "none" => ProgressMode.None,
        _ => !quiet && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? ProgressMode.Bar : ProgressMode.None,
    };

    /// <summary>Runs <paramref name="work"/>, showing the progress it reports.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="mode">Bar, Plain or None.</param>
    /// <param name="verb">The command, for plain lines (<c>scan</c>).</param>
    /// <param name="stderr">Where plain lines go.</param>
    /// <param name="work">The work, given a progress sink it may call from any thread.</param>
    /// <returns>What the work returned.</returns>
    public static T Run<T>(ProgressMode mode, string verb, TextWriter stderr, Func<IProgress<ScanProgress>?, T> work)
    {
        switch (mode)
        {
            case ProgressMode.Plain:
                return work(new PlainLines(verb, stderr));
            case ProgressMode.Bar:
                IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                return console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(context => work(new Bars(context)));
            default:
                return work(null);
        }
    }

    /// <summary>One line per stage start and end, and one every half second between.</summary>
    private sealed class PlainLines(string verb, TextWriter stderr) : IProgress<ScanProgress>
    {
        private readonly object _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, (long StartMs, bool Ended)> _stages = new(StringComparer.Ordinal);
        private long _lastMs = -1000;

        public void Report(ScanProgress value)
        {
            lock (_gate)
            {
                long now = _clock.ElapsedMilliseconds;
                bool first = !_stages.TryGetValue(value.Stage, out var stage);
                if (first)
                {
                    stage = (now, false);
                }

                bool end = value.Total > 0 && value.Done >= value.Total;
                if (stage.Ended || (!first && !end && now - _lastMs < 500))
                {
                    return;
                }

                _stages[value.Stage] = (stage.StartMs, end);
                _lastMs = now;
                double seconds = (now - stage.StartMs) / 1000.0;
                string rate = seconds > 0.05 && value.Done > 0 ? string.Create(CultureInfo.InvariantCulture, $", {value.Done / seconds:0}/s") : string.Empty;
                string left = !end && seconds > 0.05 && value.Done > 0 && value.Total > value.Done
                    ? string.Create(CultureInfo.InvariantCulture, $", about {(value.Total - value.Done) * seconds / value.Done:0} s left")
                    : string.Empty;
                string share = value.Total > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * value.Done / value.Total:0}%{rate}{left})") : string.Empty;
                string count = value.Total > 0 ? $"{value.Done}/{value.Total}" : value.Done.ToString(CultureInfo.InvariantCulture);
                stderr.WriteLine($"neardup {verb}: {value.Stage} {count}{share}");
            }
        }
    }

    /// <summary>A live bar per stage.</summary>
    private sealed class Bars(ProgressContext context) : IProgress<ScanProgress>
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Report(ScanProgress value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Stage, out ProgressTask? task))
                {
                    task = context.AddTask(value.Stage, maxValue: Math.Max(1, value.Total));
                    _tasks.Add(value.Stage, task);
                }

                // A stage of unknown size (documents read from standard input) spins rather than showing 100%.
                task.IsIndeterminate = value.Total == 0;
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Total == 0 ? 0 : value.Done;
            }
        }
    }

    /// <summary>"done/total" for a task.</summary>
    private sealed class CountColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Spectre.Console.Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0}"));
    }
}
