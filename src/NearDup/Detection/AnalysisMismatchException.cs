using System;

namespace NearDup.Detection;

/// <summary>An add refused because the index records another analysis version than this build's (see
/// <see cref="NearDupIndex.IsAnalysisCurrent"/>): its documents and the new ones would be analysed two ways under one
/// recorded version. Nothing was written; the message names both versions and what to do.</summary>
public sealed class AnalysisMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and what to do.</param>
    /// <param name="stored">The version the index records.</param>
    /// <param name="current">This build's version.</param>
    public AnalysisMismatchException(string message, int stored, int current)
        : base(message)
    {
        StoredVersion = stored;
        CurrentVersion = current;
    }

    /// <summary>The analysis version the index records.</summary>
    public int StoredVersion { get; }

    /// <summary>This build's analysis version (<see cref="Analysis.DocumentAnalyzer.AnalysisVersion"/>).</summary>
    public int CurrentVersion { get; }
}
