using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Sketches;

/// <summary>
/// Runs the vector-versus-scalar comparisons (NearDup.VectorCheck.VectorOracle: MinHasher, SimHasher, WordPairs,
/// Chainer, Winnowing, FunctionWords and XxHash3Words) in
/// tests/NearDup.VectorCheck as a child process with the wider instruction sets switched off, so that on an AVX-512
/// machine the Vector256 paths and the scalar fallbacks are checked too, not only the Vector512 paths the in-process
/// tests take. Each case also checks that the switch took: a child that ran the same paths as this process would pass
/// without testing anything.
/// </summary>
/// <remarks>
/// The knobs as .NET 10 reads them (checked on 10.0.12, on an AVX-512 machine): DOTNET_EnableAVX512 switches off
/// AVX-512 F+BW+CD+DQ+VL as one; DOTNET_EnableAVX512F, the name .NET 8 and 9 read, is no longer read (Vector512 stays
/// accelerated under it). DOTNET_EnableAVX2=0 switches off the AVX-512 sets above it as well; DOTNET_EnableHWIntrinsic=0
/// switches off every set, Vector128 included. DOTNET_PreferredVectorBitWidth=256 keeps AVX-512 instructions but stops
/// accelerating Vector512, which the runtime does by itself on the first AVX-512 Intel CPUs, whose clock drops under
/// 512-bit instructions (dotnet/runtime#86457); the Vector256 paths are then compiled with AVX-512 encodings.
/// </remarks>
public class VectorFallbackTests
{
    [TestCase("DOTNET_EnableAVX512=0", 256, TestName = "Without_AVX512_the_Vector256_paths_equal_the_scalar_oracle")]
    [TestCase("DOTNET_PreferredVectorBitWidth=256", 256, TestName = "With_Vector512_not_preferred_the_Vector256_paths_equal_the_scalar_oracle")]
    [TestCase("DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0", 128, TestName = "Without_AVX2_the_fallbacks_equal_the_scalar_oracle")]
    [TestCase("DOTNET_EnableHWIntrinsic=0", 0, TestName = "Without_hardware_intrinsics_the_scalar_paths_equal_the_scalar_oracle")]
    public void Child_process_with_wider_instruction_sets_switched_off_agrees_with_the_scalar_oracle(string settings, int widestBits)
    {
        ProcessStartInfo start = ChildProjects.Start(ChildProjects.Dll("NearDup.VectorCheck"));
        foreach (string setting in settings.Split(' '))
        {
            string[] nameValue = setting.Split('=');
            start.Environment[nameValue[0]] = nameValue[1];
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"NearDup.VectorCheck under {settings} did not finish in 2 minutes");
        }

        string[] lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string report = $"under {settings}:\n{output.Result}{errors.Result}";
        TestContext.Out.WriteLine(report);

        // Narrower widths stay as this process has them: on a machine without AVX2 the Vector256 case runs scalar code.
        string expectedIsa =
            $"isa Vector512=False Vector256={widestBits >= 256 && Vector256.IsHardwareAccelerated} Vector128={widestBits >= 128 && Vector128.IsHardwareAccelerated}";
        Assert.That(lines.FirstOrDefault(), Is.EqualTo(expectedIsa), report);
        Assert.That(lines.Where(l => l.StartsWith("mismatch ", StringComparison.Ordinal)), Is.Empty, report);
        Assert.That(lines.LastOrDefault(), Does.Match(@"^checked [1-9][0-9]* comparisons, 0 mismatches$"), report);
        Assert.That(process.ExitCode, Is.Zero, report);
    }
}
