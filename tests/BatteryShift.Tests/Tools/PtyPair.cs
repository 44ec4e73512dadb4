using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>
    /// A real pseudo-terminal pair made by socat: bytes written to <see cref="A"/> come out of <see cref="B"/>
    /// and back, as over a null-modem cable.
    /// </summary>
    internal sealed class PtyPair : IDisposable
    {
        private readonly Process _socat;
        private readonly string _dir;

        public PtyPair()
        {
            _dir = Path.Combine(Path.GetTempPath(), "bs-pty-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(_dir);
            A = Path.Combine(_dir, "a");
            B = Path.Combine(_dir, "b");
            var start = new ProcessStartInfo("socat")
            {
                ArgumentList = { "-d", "-d", $"pty,raw,echo=0,link={A}", $"pty,raw,echo=0,link={B}" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            _socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
            _socat.ErrorDataReceived += (_, _) => { };
            _socat.BeginErrorReadLine();
            var wait = Stopwatch.StartNew();
            while (!(File.Exists(A) && File.Exists(B)))
            {
                if (_socat.HasExited || wait.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException("socat did not create the pty pair");
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>One end (a symlink to /dev/pts/N).</summary>
        public string A { get; }

        /// <summary>The other end.</summary>
        public string B { get; }

        public void Dispose()
        {
            try
            {
                if (!_socat.HasExited)
                {
                    _socat.Kill();
                    _socat.WaitForExit(2000);
                }
            }
            finally
            {
                _socat.Dispose();
                try
                {
                    Directory.Delete(_dir, true);
                }
                catch (IOException)
                {
                }
            }
        }

        /// <summary>True when socat is on the PATH.</summary>
        public static bool SocatAvailable()
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, "socat")))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// A test that needs socat: skipped with a visible reason when socat is missing outside CI; in CI
    /// (CI=true, where .ci/run installs socat) it runs and fails without it.
    /// </summary>
    public sealed class PtyFactAttribute : FactAttribute
    {
        public PtyFactAttribute()
        {
            if (!PtyPair.SocatAvailable() && Environment.GetEnvironmentVariable("CI") != "true")
            {
                Skip = "socat is not installed (apt-get install socat): pseudo-terminal tests skipped";
            }
        }
    }
}
