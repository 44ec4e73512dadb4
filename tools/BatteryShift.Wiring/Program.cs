using System;
using System.IO;

namespace BatteryShift.Wiring
{
    /// <summary>
    /// Regenerates wiring-diagrams/ from the board definition:
    /// <c>dotnet run --project tools/BatteryShift.Wiring [-- --no-render]</c>. Writes the DOT sources and
    /// the Markdown documents, then renders every diagram to SVG and PNG with Graphviz's <c>dot</c>
    /// and records its version in graphviz-version.txt.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            bool render = Array.IndexOf(args, "--no-render") < 0;
            string root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Directory.GetCurrentDirectory())
                ?? throw new InvalidOperationException("run inside the repository");
            string outDir = Path.Combine(root, "wiring-diagrams");
            foreach (GeneratedFile file in Generator.Generate())
            {
                string path = Path.Combine(outDir, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
                Console.WriteLine($"wrote {file.RelativePath}");
            }

            if (!render)
            {
                return 0;
            }

            string? version = Graphviz.Version();
            if (version == null)
            {
                Console.Error.WriteLine("Graphviz 'dot' not found: install it (apt-get install graphviz) to render SVG and PNG");
                return 2;
            }

            foreach ((string stem, _) in Generator.Diagrams)
            {
                string dotPath = Path.Combine(outDir, "dot", stem + ".dot");
                string svgPath = Path.Combine(outDir, "svg", stem + ".svg");
                Directory.CreateDirectory(Path.GetDirectoryName(svgPath)!);
                File.WriteAllText(svgPath, Graphviz.RenderSvg(File.ReadAllText(dotPath)));
                string pngPath = Path.Combine(outDir, "png", stem + ".png");
                Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
                Graphviz.Render(dotPath, "png", pngPath);
                Console.WriteLine($"rendered svg/{stem}.svg and png/{stem}.png");
            }

            File.WriteAllText(Path.Combine(outDir, "graphviz-version.txt"), Graphviz.Environment() + "\n");
            return 0;
        }

        private static string? FindRepositoryRoot(string start)
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BatteryShift.sln")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }
    }
}
