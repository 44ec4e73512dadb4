using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;

namespace BatteryShift.Tests.NanoGate
{
    /// <summary>Decodes signatures into a name plus the forbidden constructs they contain.</summary>
    public sealed class SignatureFlagsProvider : ISignatureTypeProvider<SigInfo, object?>
    {
        private readonly MetadataReader _md;

        public SignatureFlagsProvider(MetadataReader md)
        {
            _md = md;
        }

        public SigInfo GetPrimitiveType(PrimitiveTypeCode typeCode) =>
            new(typeCode.ToString(), typeCode == PrimitiveTypeCode.Double ? SigFlags.Double : SigFlags.None);

        public SigInfo GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var t = reader.GetTypeDefinition(handle);
            return new(reader.GetString(t.Namespace) + "." + reader.GetString(t.Name), SigFlags.None);
        }

        public SigInfo GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var t = reader.GetTypeReference(handle);
            string name = reader.GetString(t.Namespace) + "." + reader.GetString(t.Name);
            return new(name, name == "System.Double" ? SigFlags.Double : SigFlags.None);
        }

        public SigInfo GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public SigInfo GetSZArrayType(SigInfo elementType) => new(elementType.Name + "[]", elementType.Flags);

        public SigInfo GetArrayType(SigInfo elementType, ArrayShape shape) =>
            new(elementType.Name + "[" + new string(',', shape.Rank - 1) + "]", elementType.Flags | SigFlags.MultiDimArray);

        public SigInfo GetByReferenceType(SigInfo elementType) => new(elementType.Name + "&", elementType.Flags);

        public SigInfo GetPointerType(SigInfo elementType) => new(elementType.Name + "*", elementType.Flags);

        public SigInfo GetPinnedType(SigInfo elementType) => elementType;

        public SigInfo GetModifiedType(SigInfo modifier, SigInfo unmodifiedType, bool isRequired) => unmodifiedType;

        public SigInfo GetGenericInstantiation(SigInfo genericType, ImmutableArray<SigInfo> typeArguments)
        {
            var flags = typeArguments.Aggregate(genericType.Flags | SigFlags.GenericInstance, (f, a) => f | a.Flags);
            return new(genericType.Name + "<" + string.Join(",", typeArguments.Select(a => a.Name)) + ">", flags);
        }

        public SigInfo GetGenericTypeParameter(object? genericContext, int index) => new("!" + index, SigFlags.None);

        public SigInfo GetGenericMethodParameter(object? genericContext, int index) => new("!!" + index, SigFlags.None);

        public SigInfo GetFunctionPointerType(MethodSignature<SigInfo> signature) => new("fnptr", SigFlags.None);
    }
}
