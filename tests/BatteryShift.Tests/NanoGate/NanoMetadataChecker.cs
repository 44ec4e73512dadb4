using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace BatteryShift.Tests.NanoGate
{
    /// <summary>
    /// Reads an assembly compiled against nanoFramework's mscorlib and lists what compiles but does not
    /// run on nanoFramework 1.17: generic type and method definitions, instantiations of generic types or
    /// methods (including compiler-generated ones: closures over generic delegates, Interlocked.CompareExchange
    /// of events, ...), multidimensional arrays, and double (in any signature, local, or as an IL constant
    /// or conversion). It looks at metadata tables, every signature and every method body's IL.
    /// </summary>
    public static class NanoMetadataChecker
    {
        private static readonly Dictionary<ushort, OperandType> s_operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

        public static IReadOnlyList<NanoFinding> Check(string assemblyPath)
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            var findings = new List<NanoFinding>();
            var provider = new SignatureFlagsProvider(md);

            foreach (var typeHandle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(typeHandle);
                string typeName = TypeName(md, type);
                if (type.GetGenericParameters().Count > 0)
                {
                    findings.Add(new NanoFinding(NanoRule.GenericTypeDefinition, typeName, typeName));
                }

                foreach (var fieldHandle in type.GetFields())
                {
                    var field = md.GetFieldDefinition(fieldHandle);
                    var sig = field.DecodeSignature(provider, null);
                    Report(findings, sig, typeName + "." + md.GetString(field.Name));
                }

                foreach (var methodHandle in type.GetMethods())
                {
                    var method = md.GetMethodDefinition(methodHandle);
                    string where = typeName + "." + md.GetString(method.Name);
                    if (method.GetGenericParameters().Count > 0)
                    {
                        findings.Add(new NanoFinding(NanoRule.GenericMethodDefinition, where, where));
                    }

                    var sig = method.DecodeSignature(provider, null);
                    Report(findings, sig.ReturnType, where + " (return)");
                    foreach (var p in sig.ParameterTypes)
                    {
                        Report(findings, p, where + " (parameter)");
                    }

                    if (method.RelativeVirtualAddress != 0)
                    {
                        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                        if (!body.LocalSignature.IsNil)
                        {
                            var locals = md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                            foreach (var l in locals)
                            {
                                Report(findings, l, where + " (local)");
                            }
                        }

                        ScanIl(md, provider, body.GetILBytes() ?? Array.Empty<byte>(), where, findings);
                    }
                }
            }

            // Anything referenced that no method body or signature above reached (attributes, signatures of
            // references only used in metadata).
            for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                var sig = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
                Report(findings, sig, "type reference");
            }

            for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                var spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                findings.Add(new NanoFinding(NanoRule.GenericMethodInstance, "method reference", MemberName(md, provider, spec.Method)));
            }

            foreach (var refHandle in md.MemberReferences)
            {
                var member = md.GetMemberReference(refHandle);
                string where = "reference " + MemberName(md, provider, refHandle);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    var sig = member.DecodeMethodSignature(provider, null);
                    Report(findings, sig.ReturnType, where);
                    foreach (var p in sig.ParameterTypes)
                    {
                        Report(findings, p, where);
                    }
                }
                else
                {
                    Report(findings, member.DecodeFieldSignature(provider, null), where);
                }
            }

            return findings.Distinct().ToList();
        }

        private static void ScanIl(MetadataReader md, SignatureFlagsProvider provider, byte[] il, string where, List<NanoFinding> findings)
        {
            int i = 0;
            while (i < il.Length)
            {
                ushort code = il[i];
                i++;
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il[i]);
                    i++;
                }

                if (!s_operands.TryGetValue(code, out var operand))
                {
                    throw new InvalidDataException($"unknown IL opcode 0x{code:X} in {where}");
                }

                // ldc.r8, conv.r8, ldelem.r8, stelem.r8, ldind.r8, stind.r8
                if (code == 0x23 || code == 0x6C || code == 0x99 || code == 0xA1 || code == 0x4D || code == 0x57)
                {
                    findings.Add(new NanoFinding(NanoRule.Double, where, "IL " + OpName(code)));
                }

                switch (operand)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        i += 1;
                        break;
                    case OperandType.InlineVar:
                        i += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        i += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int n = BitConverter.ToInt32(il, i);
                        i += 4 + (4 * n);
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        CheckToken(md, provider, BitConverter.ToInt32(il, i), where, findings);
                        i += 4;
                        break;
                    default:
                        i += 4;
                        break;
                }
            }
        }

        private static void CheckToken(MetadataReader md, SignatureFlagsProvider provider, int token, string where, List<NanoFinding> findings)
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.TypeSpecification:
                    Report(findings, md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null), where);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    findings.Add(new NanoFinding(NanoRule.GenericMethodInstance, where, MemberName(md, provider, spec.Method)));
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    if (member.Parent.Kind == HandleKind.TypeSpecification)
                    {
                        Report(findings, md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(provider, null), where);
                    }

                    break;
            }
        }

        private static void Report(List<NanoFinding> findings, SigInfo sig, string where)
        {
            if ((sig.Flags & SigFlags.GenericInstance) != 0)
            {
                findings.Add(new NanoFinding(NanoRule.GenericTypeInstance, where, sig.Name));
            }

            if ((sig.Flags & SigFlags.Double) != 0)
            {
                findings.Add(new NanoFinding(NanoRule.Double, where, sig.Name));
            }

            if ((sig.Flags & SigFlags.MultiDimArray) != 0)
            {
                findings.Add(new NanoFinding(NanoRule.MultidimensionalArray, where, sig.Name));
            }
        }

        private static string OpName(ushort code) => code switch
        {
            0x23 => "ldc.r8",
            0x6C => "conv.r8",
            0x99 => "ldelem.r8",
            0xA1 => "stelem.r8",
            0x4D => "ldind.r8",
            0x57 => "stind.r8",
            _ => "0x" + code.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string TypeName(MetadataReader md, TypeDefinition type)
        {
            string name = md.GetString(type.Name);
            string ns = md.GetString(type.Namespace);
            if (!type.GetDeclaringType().IsNil)
            {
                return TypeName(md, md.GetTypeDefinition(type.GetDeclaringType())) + "+" + name;
            }

            return ns.Length == 0 ? name : ns + "." + name;
        }

        private static string MemberName(MetadataReader md, SignatureFlagsProvider provider, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    var def = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return TypeName(md, md.GetTypeDefinition(def.GetDeclaringType())) + "." + md.GetString(def.Name);
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    string parent = member.Parent.Kind switch
                    {
                        HandleKind.TypeReference => provider.GetTypeFromReference(md, (TypeReferenceHandle)member.Parent, 0).Name,
                        HandleKind.TypeDefinition => provider.GetTypeFromDefinition(md, (TypeDefinitionHandle)member.Parent, 0).Name,
                        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(provider, null).Name,
                        _ => "?",
                    };
                    return parent + "." + md.GetString(member.Name);
                default:
                    return handle.Kind.ToString();
            }
        }
    }
}
