#!/usr/bin/env bash
# Builds what the interpreter tests need from nanoFramework sources the user checked out:
#   - the nanoCLR POSIX host (nf-interpreter targets/posix), twice: an optimised build for the differential
#     test and the tick time, and one with the collector's statistics (live bytes per data type and a line per
#     collection, switched on by GC.EnableGCMessages) for the heap and allocation figures;
#   - the MetadataProcessor (turns a .NET assembly into a nanoFramework .pe), as an SDK-style project over
#     its sources, generated here, that the .NET 10 SDK builds;
#   - nanoFramework.Runtime.Native (GC.Run, the only way managed code reads the free heap) as a .pe;
#   - mscorlib.pe from NuGet package nanoFramework.CoreLibrary 1.17.11.
# Nothing of it is needed for the README's two commands or CI; see docs/interpreter.md.
#
# usage: tools/nanoclr/build.sh --nf-interpreter DIR --metadata-processor DIR --runtime-native DIR --out DIR
#   each DIR a git checkout of the public nanoframework repository at the commit named below;
#   --skip-nanoclr rebuilds only the managed tools (the interpreter builds already in DIR/nanoclr*).
# Then:  export BATTERYSHIFT_NANOCLR=<out>   and run the tests or the benchmark (docs/interpreter.md).
set -euo pipefail

NF_INTERPRETER_COMMIT=a3e8139a1ba778e33ca81b023099765eada6c456      # nanoframework/nf-interpreter, 2026-07-24
METADATA_PROCESSOR_COMMIT=4541b46b25b6ddca89514c6627aa9973021b36d6  # nanoframework/metadata-processor (main), 2025-06-03
RUNTIME_NATIVE_COMMIT=a7c24bd4983163ba1a3febbedc23d13cb17cdf36      # nanoframework/nanoFramework.Runtime.Native, 2025-11-06
CORELIBRARY_VERSION=1.17.11

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
interp="" mdp="" native="" out="" jobs=2 skip_clr=0

while [ $# -gt 0 ]; do
    case "$1" in
        --nf-interpreter) interp="$2"; shift 2 ;;
        --metadata-processor) mdp="$2"; shift 2 ;;
        --runtime-native) native="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --skip-nanoclr) skip_clr=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

if [ -z "$interp" ] || [ -z "$mdp" ] || [ -z "$native" ] || [ -z "$out" ]; then
    echo "usage: $0 --nf-interpreter DIR --metadata-processor DIR --runtime-native DIR --out DIR" >&2
    exit 2
fi

# each source directory must be a git checkout at the pinned commit: the figures name it
check_commit() {
    local dir="$1" want="$2" name="$3" have
    if ! have="$(git -C "$dir" rev-parse HEAD 2>/dev/null)"; then
        echo "$dir is not a git checkout: clone $name and check out $want" >&2
        exit 1
    fi
    if [ "$have" != "$want" ]; then
        echo "$dir is at $have; $name must be at $want (git -C $dir checkout $want)" >&2
        exit 1
    fi
    if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
        echo "$dir has local changes: the build uses the pinned sources as they are" >&2
        exit 1
    fi
}

interp="$(cd "$interp" && pwd)"; mdp="$(cd "$mdp" && pwd)"; native="$(cd "$native" && pwd)"
check_commit "$interp" "$NF_INTERPRETER_COMMIT" nanoframework/nf-interpreter
check_commit "$mdp" "$METADATA_PROCESSOR_COMMIT" nanoframework/metadata-processor
check_commit "$native" "$RUNTIME_NATIVE_COMMIT" nanoframework/nanoFramework.Runtime.Native
case "$out" in "$repo_root"|"$repo_root"/*) echo "--out must be outside the repository" >&2; exit 1 ;; esac
mkdir -p "$out"; out="$(cd "$out" && pwd)"

for tool in cmake ninja c++ dotnet; do
    command -v "$tool" > /dev/null || { echo "$tool not found (Debian: apt-get install cmake ninja-build g++)" >&2; exit 1; }
done

# 1. nanoCLR POSIX host: the README's Linux build, Release
build_nanoclr() {
    local dir="$1" flags="$2"
    nice -n 10 cmake -S "$interp/targets/posix" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" > "$dir.configure.log"
    nice -n 10 cmake --build "$dir" -j "$jobs" > "$dir.build.log"
    test -x "$dir/bin/nanoFramework.nanoCLR.test"
}
if [ "$skip_clr" = 0 ]; then
echo "nanoCLR (optimised) -> $out/nanoclr"
build_nanoclr "$out/nanoclr" ""
# the same sources with two switches nf-interpreter defines for this (src/CLR/Include/nanoCLR_PlatformDef.h, where
# the Windows virtual device turns them on): the collector's statistics after each collection
echo "nanoCLR (collector statistics) -> $out/nanoclr-trace"
build_nanoclr "$out/nanoclr-trace" "-DNANOCLR_TRACE_MEMORY_STATS -DNANOCLR_GC_VERBOSE"
fi

# 2. MetadataProcessor: its projects target .NET Framework 4.7.2; this SDK-style project compiles the same
# sources (MetadataProcessor.Shared and the console's Program.cs) for .NET 10. The dumper and skeleton generators
# need mustache-sharp, which NuGet does not serve here: stand-ins that refuse those two options replace them.
proj="$out/mdp-project"
mkdir -p "$proj/core" "$proj/console"
# two assemblies as upstream (Core and Console): compiled together, the console's namespace would hide System.Console
cat > "$proj/core/MetadataProcessor.Core.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor.Core</AssemblyName>
    <RootNamespace>nanoFramework.Tools.MetadataProcessor.Core</RootNamespace>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <NoWarn>\$(NoWarn);CA1416;CA2022;CS0168;CS0169;CS0184;CS0219;CS0618;CS0649;CS8981;SYSLIB0011</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$mdp/MetadataProcessor.Shared/**/*.cs" Exclude="$mdp/MetadataProcessor.Shared/nanoDumperGenerator.cs;$mdp/MetadataProcessor.Shared/nanoSkeletonGenerator.cs" />
    <Compile Include="Unsupported.cs" />
    <PackageReference Include="Mono.Cecil" Version="0.11.6" />
    <PackageReference Include="System.Drawing.Common" Version="10.0.15" />
  </ItemGroup>
</Project>
PROJ
cat > "$proj/console/MetadataProcessor.Console.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor</AssemblyName>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <NoWarn>\$(NoWarn);CS0168</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$mdp/MetadataProcessor.Console/Program.cs" />
    <ProjectReference Include="../core/MetadataProcessor.Core.csproj" />
    <PackageReference Include="Mono.Cecil" Version="0.11.6" />
  </ItemGroup>
</Project>
PROJ
cat > "$proj/core/Unsupported.cs" <<'CS'
using System;

namespace nanoFramework.Tools.MetadataProcessor.Core
{
    // -dump_all and -generateskeleton need mustache-sharp templates: not built here
    public sealed class nanoDumperGenerator
    {
        public nanoDumperGenerator(nanoTablesContext tablesContext, string path)
        {
        }

        public void DumpAll()
        {
            throw new NotSupportedException("-dump_all is not built in this MetadataProcessor");
        }
    }

    public sealed class nanoSkeletonGenerator
    {
        public nanoSkeletonGenerator(nanoTablesContext tablesContext, string path, string name, string project, bool withoutInteropCode, bool isCoreLib)
        {
        }

        public void GenerateSkeleton()
        {
            throw new NotSupportedException("-generateskeleton is not built in this MetadataProcessor");
        }
    }
}
CS
echo "MetadataProcessor -> $out/mdp"
nice -n 10 dotnet build "$proj/console/MetadataProcessor.Console.csproj" -c Release -o "$out/mdp" -m:1 -nologo -v:q > "$out/mdp.build.log"

# 3. mscorlib.pe and nanoFramework.Runtime.Native.pe. Runtime.Native has native methods: compiled at C# 9, as
# the nanoFramework project system does (a newer language version adds EmbeddedAttribute and
# RefSafetyRulesAttribute types, which shift the native method numbering the interpreter binds by)
nproj="$out/runtime-native-project"
mkdir -p "$nproj" "$out/pe"
cat > "$nproj/nanoFramework.Runtime.Native.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <LangVersion>9</LangVersion>
    <NoStdLib>true</NoStdLib>
    <NoCompilerStandardLib>true</NoCompilerStandardLib>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <GenerateTargetFrameworkAttribute>false</GenerateTargetFrameworkAttribute>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <NoWarn>\$(NoWarn);NU1701;CS1591</NoWarn>
    <AssemblyName>nanoFramework.Runtime.Native</AssemblyName>
    <OutputPath>$out/runtime-native/</OutputPath>
    <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$native/nanoFramework.Runtime.Native/**/*.cs" Exclude="$native/nanoFramework.Runtime.Native/obj/**;$native/nanoFramework.Runtime.Native/bin/**" />
    <Compile Include="Version.cs" />
    <PackageReference Include="nanoFramework.CoreLibrary" Version="$CORELIBRARY_VERSION" ExcludeAssets="all" GeneratePathProperty="true" />
    <Reference Include="mscorlib"><HintPath>\$(PkgnanoFramework_CoreLibrary)/lib/mscorlib.dll</HintPath><Private>false</Private></Reference>
  </ItemGroup>
  <Target Name="CopyCoreLibraryPe" AfterTargets="Build">
    <Copy SourceFiles="\$(PkgnanoFramework_CoreLibrary)/lib/mscorlib.pe;\$(PkgnanoFramework_CoreLibrary)/lib/mscorlib.dll" DestinationFolder="$out/pe" />
  </Target>
</Project>
PROJ
# the package's version.json (Nerdbank.GitVersioning) is not used here: the version is fixed
echo '[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]' > "$nproj/Version.cs"
echo "nanoFramework.Runtime.Native -> $out/pe"
nice -n 10 dotnet build "$nproj/nanoFramework.Runtime.Native.csproj" -c Release -m:1 -nologo -v:q > "$out/runtime-native.build.log"
cp "$out/runtime-native/nanoFramework.Runtime.Native.dll" "$out/pe/"
(cd "$out/pe" && dotnet "$out/mdp/nanoFramework.Tools.MetadataProcessor.dll" \
    -loadHints mscorlib "$out/pe/mscorlib.dll" \
    -parse nanoFramework.Runtime.Native.dll -compile nanoFramework.Runtime.Native.pe false > "$out/runtime-native.mdp.log")
test -s "$out/pe/nanoFramework.Runtime.Native.pe"

cat > "$out/nanoclr.env" <<ENV
nf_interpreter_commit=$NF_INTERPRETER_COMMIT
metadata_processor_commit=$METADATA_PROCESSOR_COMMIT
runtime_native_commit=$RUNTIME_NATIVE_COMMIT
corelibrary_version=$CORELIBRARY_VERSION
nanoclr=$out/nanoclr/bin/nanoFramework.nanoCLR.test
nanoclr_trace=$out/nanoclr-trace/bin/nanoFramework.nanoCLR.test
metadata_processor=$out/mdp/nanoFramework.Tools.MetadataProcessor.dll
pe=$out/pe
ENV
echo "done: export BATTERYSHIFT_NANOCLR=$out"
