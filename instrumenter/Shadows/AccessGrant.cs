using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RaceDetector.Instrumenter.Shadows;

/// <summary>
/// Lets a module use other assemblies' internal shadow fields: CoreCLR skips access checks from an
/// assembly to every assembly it names in <c>[assembly: IgnoresAccessChecksTo("Name")]</c>. The attribute
/// type is matched by name, so each module gets its own internal copy.
/// </summary>
internal static class AccessGrant
{
    const string Namespace = "System.Runtime.CompilerServices";
    const string Name = "IgnoresAccessChecksToAttribute";

    public static void Grant(ModuleDefinition module, IEnumerable<string> assemblies)
    {
        var names = assemblies.ToList();
        if (names.Count == 0)
            return;
        var constructor = AttributeConstructor(module);
        foreach (var name in names)
        {
            var attribute = new CustomAttribute(constructor);
            attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, name));
            module.Assembly.CustomAttributes.Add(attribute);
        }
    }

    static MethodReference AttributeConstructor(ModuleDefinition module)
    {
        var existing = module.Types.FirstOrDefault(t => t.Namespace == Namespace && t.Name == Name);
        if (existing?.Methods.FirstOrDefault(m => m.IsConstructor && !m.IsStatic && m.Parameters.Count == 1) is { } found)
            return found;

        var attributeBase = new TypeReference("System", "Attribute", module, module.TypeSystem.CoreLibrary);
        var type = new TypeDefinition(Namespace, Name,
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class, attributeBase);
        var constructor = new MethodDefinition(".ctor",
            MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            module.TypeSystem.Void);
        constructor.Parameters.Add(new ParameterDefinition("assemblyName", ParameterAttributes.None, module.TypeSystem.String));
        var baseConstructor = new MethodReference(".ctor", module.TypeSystem.Void, attributeBase) { HasThis = true };
        var il = constructor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);
        type.Methods.Add(constructor);
        module.Types.Add(type);
        return constructor;
    }
}
