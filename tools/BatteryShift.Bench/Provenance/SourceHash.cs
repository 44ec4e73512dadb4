using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BatteryShift.Bench.Provenance
{
    /// <summary>
    /// The hash of the sources a benchmark runs on: every source file of the benchmark tool's project closure (the
    /// tool and, through its project references, the harness, the simulated module, the HAL contracts and the
    /// firmware core) except the files that declare the other benchmarks, so that editing one benchmark leaves the
    /// others' records fresh. C# files are hashed without their comments and without white space that does not
    /// separate two words or two operators, so an edit of comments, documentation or layout keeps every record fresh;
    /// project files and data files (OCV tables, cell files) are hashed as text. A new benchmark is picked up by its
    /// class, with no wiring.
    /// </summary>
    public static class SourceHash
    {
        private static readonly string[] s_dataExtensions = { ".csproj", ".csv", ".cell", ".json", ".txt" };

        /// <summary>
        /// The source hash of each benchmark.
        /// </summary>
        /// <param name="repoRoot">Repository root.</param>
        /// <param name="benchmarks">Benchmark name to the name of its class.</param>
        /// <returns>Benchmark name to a 16-hex-digit hash.</returns>
        public static Dictionary<string, string> Compute(string repoRoot, IReadOnlyDictionary<string, string> benchmarks)
        {
            List<string> files = ProjectClosureFiles(repoRoot);
            var own = new Dictionary<string, string>();
            var normalised = new Dictionary<string, string>();
            foreach (string file in files)
            {
                string text = File.ReadAllText(Path.Combine(repoRoot, file)).Replace("\r\n", "\n");
                bool cs = file.EndsWith(".cs", StringComparison.Ordinal);
                normalised[file] = cs ? Normalise(text) : text;
                if (cs)
                {
                    foreach (var (name, type) in benchmarks)
                    {
                        if (Regex.IsMatch(text, @"\bclass\s+" + Regex.Escape(type) + @"\b"))
                        {
                            own[file] = name;
                        }
                    }
                }
            }

            var result = new Dictionary<string, string>();
            foreach (string name in benchmarks.Keys)
            {
                using var sha = SHA256.Create();
                var sb = new StringBuilder();
                foreach (string file in files)
                {
                    if (own.TryGetValue(file, out string? owner) && owner != name)
                    {
                        continue;
                    }

                    sb.Append(file).Append('\0').Append(normalised[file]).Append('\0');
                }

                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString()));
                result[name] = Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
            }

            return result;
        }

        /// <summary>
        /// The files of the benchmark tool's project and of every project it references, transitively: relative paths
        /// with '/', sorted, bin and obj left out.
        /// </summary>
        /// <param name="repoRoot">Repository root.</param>
        /// <returns>Relative paths.</returns>
        public static List<string> ProjectClosureFiles(string repoRoot)
        {
            string root = Path.GetFullPath(repoRoot);
            var projects = new SortedSet<string>(StringComparer.Ordinal);
            var folders = new SortedSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(Path.Combine(root, "tools", "BatteryShift.Bench", "BatteryShift.Bench.csproj"));
            while (pending.Count > 0)
            {
                string project = pending.Pop();
                if (!projects.Add(project))
                {
                    continue;
                }

                string dir = Path.GetDirectoryName(project)!;
                folders.Add(dir);
                string text = File.ReadAllText(project);
                foreach (Match m in Regex.Matches(text, "<ProjectReference\\s+Include=\"([^\"]+)\""))
                {
                    pending.Push(ProjectPath(root, dir, m.Groups[1].Value));
                }

                // sources a project compiles from another folder (the emulated device compiles the ESP32 HAL's)
                foreach (Match m in Regex.Matches(text, "<Compile\\s+Include=\"([^\"]+)\""))
                {
                    string pattern = m.Groups[1].Value;
                    int wild = pattern.IndexOf('*', StringComparison.Ordinal);
                    string fixedPart = wild < 0 ? pattern : pattern.Substring(0, wild);
                    string path = ProjectPath(root, dir, fixedPart);
                    folders.Add(wild < 0 ? path : path.TrimEnd('/', '\\'));
                }
            }

            var files = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string folder in folders)
            {
                if (File.Exists(folder))
                {
                    files.Add(Path.GetRelativePath(root, folder).Replace('\\', '/'));
                    continue;
                }

                if (!Directory.Exists(folder))
                {
                    continue;
                }

                foreach (string f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    string rel = Path.GetRelativePath(folder, f).Replace('\\', '/');
                    if (rel.StartsWith("bin/", StringComparison.Ordinal) || rel.StartsWith("obj/", StringComparison.Ordinal) || rel.Contains("/bin/", StringComparison.Ordinal) || rel.Contains("/obj/", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string ext = Path.GetExtension(f);
                    if (ext == ".cs" || s_dataExtensions.Contains(ext))
                    {
                        files.Add(Path.GetRelativePath(root, f).Replace('\\', '/'));
                    }
                }
            }

            return new List<string>(files);
        }

        private static string ProjectPath(string root, string projectDir, string include)
        {
            string path = include.Replace("$(RepoRoot)", root + "/").Replace("$(MSBuildThisFileDirectory)", projectDir + "/").Replace('\\', '/');
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(projectDir, path));
        }

        /// <summary>
        /// C# source without comments, and with white space kept only where it separates two words or two operator
        /// characters (where removing it could change the meaning); string and character literals are kept whole.
        /// </summary>
        /// <param name="source">C# source.</param>
        /// <returns>The normalised text.</returns>
        public static string Normalise(string source)
        {
            var sb = new StringBuilder(source.Length);
            int i = 0;
            bool pendingSpace = false;
            while (i < source.Length)
            {
                char c = source[i];
                char next = i + 1 < source.Length ? source[i + 1] : '\0';
                if (c == '/' && next == '/')
                {
                    while (i < source.Length && source[i] != '\n')
                    {
                        i++;
                    }

                    pendingSpace = true;
                    continue;
                }

                if (c == '/' && next == '*')
                {
                    int end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? source.Length : end + 2;
                    pendingSpace = true;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = true;
                    i++;
                    continue;
                }

                if (pendingSpace && sb.Length > 0 && Separates(sb[sb.Length - 1], c))
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                int literalEnd = LiteralEnd(source, i);
                if (literalEnd > i)
                {
                    sb.Append(source, i, literalEnd - i);
                    i = literalEnd;
                    continue;
                }

                sb.Append(c);
                i++;
            }

            return sb.ToString();
        }

        private static bool Separates(char before, char after)
        {
            bool word(char x) => char.IsLetterOrDigit(x) || x == '_' || x == '@';
            bool op(char x) => "+-*/%<>=!&|^~?:.".IndexOf(x) >= 0;
            return (word(before) && word(after)) || (op(before) && op(after));
        }

        /// <summary>End (exclusive) of a string or character literal starting at <paramref name="i"/>, or i when none does.</summary>
        private static int LiteralEnd(string s, int i)
        {
            int start = i;
            bool verbatim = false;
            bool interpolated = false;
            while (i < s.Length && (s[i] == '@' || s[i] == '$'))
            {
                verbatim |= s[i] == '@';
                interpolated |= s[i] == '$';
                i++;
            }

            if (i >= s.Length || (s[i] != '"' && s[i] != '\''))
            {
                return start;
            }

            if (s[i] == '\'' && i == start)
            {
                return CharLiteralEnd(s, i);
            }

            return s[i] == '"' ? StringEnd(s, i + 1, verbatim, interpolated) : start;
        }

        // a character literal: '\'' or 'x' or '\u0041'
        private static int CharLiteralEnd(string s, int i)
        {
            int j = i + 1;
            while (j < s.Length && s[j] != '\'')
            {
                j += s[j] == '\\' ? 2 : 1;
            }

            return Math.Min(j + 1, s.Length);
        }

        // the rest of a string literal from just after its opening quote, holes of an interpolated one included
        private static int StringEnd(string s, int i, bool verbatim, bool interpolated)
        {
            int depth = 0;
            while (i < s.Length)
            {
                char c = s[i];
                if (depth > 0)
                {
                    int inner = LiteralEnd(s, i);
                    if (inner > i)
                    {
                        i = inner;
                        continue;
                    }

                    depth += c == '{' ? 1 : (c == '}' ? -1 : 0);
                    i++;
                    continue;
                }

                if (!verbatim && c == '\\')
                {
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    if (verbatim && i + 1 < s.Length && s[i + 1] == '"')
                    {
                        i += 2;
                        continue;
                    }

                    return i + 1;
                }

                if (interpolated && c == '{')
                {
                    if (i + 1 < s.Length && s[i + 1] == '{')
                    {
                        i += 2;
                        continue;
                    }

                    depth = 1;
                }

                i++;
            }

            return s.Length;
        }
    }
}
