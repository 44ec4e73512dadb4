using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// The emulated nanoFramework packages (tests/BatteryShift.NanoEmulation) are what the gate compiles the device code
    /// against, so their public surface must be the pinned packages' own: every public type and member of a package
    /// namespace in the emulation's gate assembly must be in tests/BatteryShift.NanoEmulation/pinned-members.txt (the
    /// members of the pinned versions, each read in the package's source at its tag), and every package member the
    /// gate-compiled device assemblies reference must be there too. Device code must reference nothing of the
    /// emulation's own (BatteryShift.NanoEmulation namespaces). Members are matched by declaring type, name and decoded
    /// signature, read with System.Reflection.Metadata.
    /// </summary>
    public sealed class EmulationSurfaceTests
    {
        private const string SurfaceAssembly = "BatteryShift.NanoEmulation";

        private static readonly string[] Consumers = { "BatteryShift.Hal.Esp32", "BatteryShift.Firmware", "NFUnitTest" };

        internal static HashSet<string> Pinned()
        {
            string path = Path.Combine(RepoPaths.Root, "tests", "BatteryShift.NanoEmulation", "pinned-members.txt");
            return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        }

        [Fact]
        public void TheEmulationDeclaresOnlyMembersOfThePinnedPackages()
        {
            HashSet<string> pinned = Pinned();
            SurfaceModel surface = SurfaceModel.Read(GatePath(SurfaceAssembly));

            List<string> foreign = new List<string>();
            foreign.AddRange(surface.Types.Where(t => !t.StartsWith("BatteryShift.", StringComparison.Ordinal) && !pinned.Contains("type " + t)).Select(t => "type " + t));
            foreign.AddRange(surface.Members.SelectMany(m => m.Keys).Where(k => !IsEmulationOwn(k) && !pinned.Contains(k)));

            Assert.True(foreign.Count == 0, "declared by the emulation but not a member of the pinned packages:\n  " + string.Join("\n  ", foreign));
        }

        [Fact]
        public void EveryPinnedMemberIsEmulated()
        {
            SurfaceModel surface = SurfaceModel.Read(GatePath(SurfaceAssembly));
            HashSet<string> declared = surface.Types.Select(t => "type " + t).Concat(surface.Members.SelectMany(m => m.Keys)).ToHashSet(StringComparer.Ordinal);

            List<string> missing = Pinned().Where(p => !declared.Contains(p)).ToList();
            Assert.True(missing.Count == 0, "listed as pinned but not emulated:\n  " + string.Join("\n  ", missing));
        }

        [Fact]
        public void TheDeviceCodeUsesOnlyPinnedMembersAndNothingOfTheEmulationItself()
        {
            HashSet<string> pinned = Pinned();
            Usage usage = Usage.Read(Consumers.Select(GatePath));

            // a delegate's constructor is the runtime's; a default constructor comes with a pinned class
            List<string> foreign = usage.Members
                .Where(m => !pinned.Contains(m) && !m.EndsWith("::.ctor(object,intptr):void", StringComparison.Ordinal))
                .Where(m => !(m.EndsWith("::.ctor():void", StringComparison.Ordinal) && pinned.Contains("type " + m[..m.IndexOf("::", StringComparison.Ordinal)]))).Concat(usage.Types.Where(t => !pinned.Contains("type " + t)).Select(t => "type " + t)).ToList();
            Assert.True(foreign.Count == 0, "used by the device code but not a member of the pinned packages:\n  " + string.Join("\n  ", foreign));
            Assert.DoesNotContain(usage.Types, t => t.StartsWith("BatteryShift.NanoEmulation", StringComparison.Ordinal));
        }

        [Fact]
        public void UsageReaderSeesTheSurfaceReferencesItShould()
        {
            // Guards the tests above against passing vacuously: known uses must be found, and the surface must be read.
            SurfaceModel surface = SurfaceModel.Read(GatePath(SurfaceAssembly));
            Usage usage = Usage.Read(Consumers.Select(GatePath));

            Assert.Contains("System.Device.Gpio.GpioPin::Toggle():void", usage.Members);
            Assert.Contains("static nanoFramework.Hardware.Esp32.Configuration::SetPinFunction(int32,nanoFramework.Hardware.Esp32.DeviceFunction):void", usage.Members);
            Assert.Contains("static nanoFramework.Runtime.Native.Power::RebootDevice(nanoFramework.Runtime.Native.RebootOption):void", usage.Members);
            Assert.Contains("nanoFramework.M2Mqtt.IMqttClient/MqttMsgPublishEventHandler", usage.Types);
            Assert.Contains("static nanoFramework.TestFramework.Assert::SkipTest(string):void", usage.Members);
            Assert.True(surface.Members.Count >= 80, "surface members read: " + surface.Members.Count);
            Assert.DoesNotContain(usage.Members, m => m.StartsWith("System.Object::", StringComparison.Ordinal));

            // and a member the pinned packages lack is found foreign: the list is not simply everything
            Assert.DoesNotContain("static nanoFramework.Runtime.Native.Power::RebootDevice():void", Pinned());
        }

        // the emulation's own types live in BatteryShift.NanoEmulation namespaces
        private static bool IsEmulationOwn(string key) => key.Replace("static ", string.Empty, StringComparison.Ordinal).StartsWith("BatteryShift.", StringComparison.Ordinal);

        private static string GatePath(string assemblyName)
        {
            string path = Path.Combine(RepoPaths.NanoGateOutput, assemblyName + ".dll");
            Assert.True(File.Exists(path), path + " missing: the nano-gate projects build before the tests");
            return path;
        }

        private sealed record SurfaceMember(string Display, IReadOnlyList<string> Keys);

        private sealed class SurfaceModel
        {
            public List<string> Types { get; } = new List<string>();

            public List<SurfaceMember> Members { get; } = new List<SurfaceMember>();

            public static SurfaceModel Read(string path)
            {
                SurfaceModel model = new SurfaceModel();
                using FileStream stream = File.OpenRead(path);
                using PEReader pe = new PEReader(stream);
                MetadataReader md = pe.GetMetadataReader();
                SignatureNames names = new SignatureNames(md);

                foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
                {
                    TypeDefinition type = md.GetTypeDefinition(handle);
                    if (!IsPublic(type, md))
                    {
                        continue;
                    }

                    string typeName = names.TypeDefName(handle);
                    model.Types.Add(typeName);
                    string baseName = type.BaseType.IsNil ? string.Empty : names.TypeName(type.BaseType);
                    if (baseName == "System.MulticastDelegate" || baseName == "System.Enum")
                    {
                        // delegate members are runtime-provided; enum values are constants inlined at use
                        continue;
                    }

                    HashSet<MethodDefinitionHandle> accessors = new HashSet<MethodDefinitionHandle>();
                    foreach (PropertyDefinitionHandle ph in type.GetProperties())
                    {
                        PropertyDefinition property = md.GetPropertyDefinition(ph);
                        PropertyAccessors pa = property.GetAccessors();
                        List<string> keys = new List<string>();
                        foreach (MethodDefinitionHandle a in new[] { pa.Getter, pa.Setter }.Where(a => !a.IsNil))
                        {
                            accessors.Add(a);
                            if ((md.GetMethodDefinition(a).Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                            {
                                keys.Add(names.MethodKey(typeName, a));
                            }
                        }

                        if (keys.Count > 0)
                        {
                            model.Members.Add(new SurfaceMember("property " + typeName + "." + md.GetString(property.Name), keys));
                        }
                    }

                    foreach (EventDefinitionHandle eh in type.GetEvents())
                    {
                        EventDefinition ev = md.GetEventDefinition(eh);
                        EventAccessors ea = ev.GetAccessors();
                        List<string> keys = new List<string>();
                        foreach (MethodDefinitionHandle a in new[] { ea.Adder, ea.Remover, ea.Raiser }.Where(a => !a.IsNil))
                        {
                            accessors.Add(a);
                            if ((md.GetMethodDefinition(a).Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                            {
                                keys.Add(names.MethodKey(typeName, a));
                            }
                        }

                        if (keys.Count > 0)
                        {
                            model.Members.Add(new SurfaceMember("event " + typeName + "." + md.GetString(ev.Name), keys));
                        }
                    }

                    bool onlyStatics = type.GetMethods().Select(md.GetMethodDefinition)
                        .All(m => (m.Attributes & MethodAttributes.Static) != 0 || md.GetString(m.Name) == ".ctor");
                    foreach (MethodDefinitionHandle mh in type.GetMethods())
                    {
                        MethodDefinition method = md.GetMethodDefinition(mh);
                        if (accessors.Contains(mh) || (method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public)
                        {
                            continue;
                        }

                        if (onlyStatics && md.GetString(method.Name) == ".ctor" && method.GetParameters().Count == 0 && !type.GetProperties().Any())
                        {
                            // the default constructor C# gives a non-static class of static members
                            // (Configuration, Power): the package's class has it too, nobody calls it
                            continue;
                        }

                        string key = names.MethodKey(typeName, mh);
                        model.Members.Add(new SurfaceMember("method " + key, new[] { key }));
                    }

                    foreach (FieldDefinitionHandle fh in type.GetFields())
                    {
                        FieldDefinition field = md.GetFieldDefinition(fh);
                        if ((field.Attributes & FieldAttributes.FieldAccessMask) != FieldAttributes.Public)
                        {
                            continue;
                        }

                        string key = typeName + "::" + md.GetString(field.Name) + ":" + field.DecodeSignature(names, null);
                        model.Members.Add(new SurfaceMember("field " + key, new[] { key }));
                    }
                }

                return model;
            }

            private static bool IsPublic(TypeDefinition type, MetadataReader md)
            {
                TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
                if (visibility == TypeAttributes.Public)
                {
                    return true;
                }

                return visibility == TypeAttributes.NestedPublic && IsPublic(md.GetTypeDefinition(type.GetDeclaringType()), md);
            }
        }

        private sealed class Usage
        {
            public HashSet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> Members { get; } = new HashSet<string>(StringComparer.Ordinal);

            public static Usage Read(IEnumerable<string> paths)
            {
                Usage usage = new Usage();
                foreach (string path in paths)
                {
                    using FileStream stream = File.OpenRead(path);
                    using PEReader pe = new PEReader(stream);
                    MetadataReader md = pe.GetMetadataReader();
                    SignatureNames names = new SignatureNames(md);

                    foreach (TypeReferenceHandle th in md.TypeReferences)
                    {
                        if (IsFromSurface(md, th))
                        {
                            usage.Types.Add(names.TypeName(th));
                        }
                    }

                    foreach (MemberReferenceHandle mh in md.MemberReferences)
                    {
                        MemberReference member = md.GetMemberReference(mh);
                        if (member.Parent.Kind != HandleKind.TypeReference || !IsFromSurface(md, (TypeReferenceHandle)member.Parent))
                        {
                            continue;
                        }

                        string typeName = names.TypeName(member.Parent);
                        string name = md.GetString(member.Name);
                        if (member.GetKind() == MemberReferenceKind.Method)
                        {
                            MethodSignature<string> signature = member.DecodeMethodSignature(names, null);
                            usage.Members.Add(SignatureNames.MethodKey(typeName, name, signature));
                        }
                        else
                        {
                            usage.Members.Add(typeName + "::" + name + ":" + member.DecodeFieldSignature(names, null));
                        }
                    }
                }

                return usage;
            }

            private static bool IsFromSurface(MetadataReader md, TypeReferenceHandle handle)
            {
                EntityHandle scope = md.GetTypeReference(handle).ResolutionScope;
                while (scope.Kind == HandleKind.TypeReference)
                {
                    scope = md.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
                }

                return scope.Kind == HandleKind.AssemblyReference
                    && md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == SurfaceAssembly;
            }
        }

        // Names types the same way whether they are defined (in the surface) or referenced (by a consumer).
        private sealed class SignatureNames : ISignatureTypeProvider<string, object?>
        {
            private readonly MetadataReader _md;

            public SignatureNames(MetadataReader md)
            {
                _md = md;
            }

            public static string MethodKey(string typeName, string name, MethodSignature<string> signature)
            {
                string prefix = signature.Header.IsInstance ? string.Empty : "static ";
                return prefix + typeName + "::" + name + "(" + string.Join(",", signature.ParameterTypes) + "):" + signature.ReturnType;
            }

            public string MethodKey(string typeName, MethodDefinitionHandle handle)
            {
                MethodDefinition method = _md.GetMethodDefinition(handle);
                return MethodKey(typeName, _md.GetString(method.Name), method.DecodeSignature(this, null));
            }

            public string TypeName(EntityHandle handle)
            {
                return handle.Kind switch
                {
                    HandleKind.TypeDefinition => TypeDefName((TypeDefinitionHandle)handle),
                    HandleKind.TypeReference => TypeRefName((TypeReferenceHandle)handle),
                    _ => throw new NotSupportedException(handle.Kind.ToString()),
                };
            }

            public string TypeDefName(TypeDefinitionHandle handle)
            {
                TypeDefinition type = _md.GetTypeDefinition(handle);
                string name = _md.GetString(type.Name);
                if (type.IsNested)
                {
                    return TypeDefName(type.GetDeclaringType()) + "/" + name;
                }

                string ns = _md.GetString(type.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }

            private string TypeRefName(TypeReferenceHandle handle)
            {
                TypeReference type = _md.GetTypeReference(handle);
                string name = _md.GetString(type.Name);
                if (type.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    return TypeRefName((TypeReferenceHandle)type.ResolutionScope) + "/" + name;
                }

                string ns = _md.GetString(type.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString().ToLowerInvariant();

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeDefName(handle);

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeRefName(handle);

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetByReferenceType(string elementType) => elementType + "&";

            public string GetPointerType(string elementType) => elementType + "*";

            public string GetPinnedType(string elementType) => elementType;

            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";

            public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

            public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

            public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "typespec";
        }
    }
}
