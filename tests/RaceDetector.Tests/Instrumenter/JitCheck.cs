using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace RaceDetector.Tests.Instrumenter;

/// <summary>
/// Loads an assembly into a fresh <see cref="AssemblyLoadContext"/> and JIT-compiles every method and
/// constructor of every type with <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle, RuntimeTypeHandle[])"/>,
/// instantiating generic types and methods with arguments their constraints allow. The JIT rejects
/// invalid IL (InvalidProgramException), unresolvable hook references (MissingMethodException) and
/// bad types (TypeLoadException); each failure names the method. RaceDetector.Runtime resolves to the
/// copy in the default context, the one the test project references.
/// </summary>
internal static class JitCheck
{
    const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
                                  | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>
    /// <see cref="Prepared"/> method bodies compiled (a generic one once per instantiation tried);
    /// <see cref="Skipped"/> method bodies not compiled because no instantiation satisfied the constraints of
    /// their generic type or method (<see cref="NotInstantiated"/> names those types and methods).
    /// </summary>
    public sealed record Result(int Prepared, int Skipped, IReadOnlyList<string> Failures, IReadOnlyList<string> NotInstantiated, Assembly Assembly)
    {
        public string Describe() =>
            $"{Failures.Count} method(s) failed to compile ({Prepared} compiled):\n  " + string.Join("\n  ", Failures)
            + (NotInstantiated.Count > 0 ? "\nno instantiation found for:\n  " + string.Join("\n  ", NotInstantiated) : "");
    }

    sealed class IsolatedContext(string directory) : AssemblyLoadContext("rd-jit-check-" + Guid.NewGuid().ToString("N")[..8])
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "RaceDetector.Runtime")
                return null; // the default context's copy
            string path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    public static Result PrepareAll(string assemblyPath)
    {
        // Make sure the default context holds the runtime the instrumented code binds to.
        RuntimeHelpers.RunClassConstructor(typeof(RaceDetector.Runtime.Hooks).TypeHandle);
        var context = new IsolatedContext(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var failures = new List<string>();
        var notInstantiated = new List<string>();
        int prepared = 0, skipped = 0;

        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            failures.AddRange(ex.LoaderExceptions.Select(e => "type load: " + e?.GetType().Name + ": " + e?.Message));
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }

        var candidates = Candidates(types);
        foreach (var definition in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            List<Type> instances;
            if (definition.IsGenericTypeDefinition)
            {
                instances = Instantiations(definition.GetGenericArguments(), candidates, args => definition.MakeGenericType(args)).ToList();
                if (instances.Count == 0)
                {
                    notInstantiated.Add(definition.FullName!);
                    skipped += MethodsWithIl(definition, failures).Count;
                    continue;
                }
            }
            else
            {
                instances = [definition];
            }

            foreach (var type in instances)
            {
                foreach (var method in MethodsWithIl(type, failures))
                {
                    var typeArguments = type.IsGenericType ? type.GetGenericArguments() : [];
                    if (method is MethodInfo { IsGenericMethodDefinition: true } generic)
                    {
                        var closed = Instantiations(generic.GetGenericArguments(), candidates, args => generic.MakeGenericMethod(args)).ToList();
                        if (closed.Count == 0)
                        {
                            notInstantiated.Add($"{type}.{generic}");
                            skipped++;
                        }
                        foreach (var instance in closed)
                            prepared += Prepare(instance, [.. typeArguments, .. instance.GetGenericArguments()], failures);
                    }
                    else
                    {
                        prepared += Prepare(method, typeArguments, failures);
                    }
                }
            }
        }
        return new Result(prepared, skipped, failures, notInstantiated, assembly);
    }

    /// <summary>The methods and constructors of <paramref name="type"/> that have IL; none, with a failure, when they cannot be listed.</summary>
    static List<MethodBase> MethodsWithIl(Type type, List<string> failures)
    {
        var methods = new List<MethodBase>();
        try
        {
            methods.AddRange(type.GetMethods(Declared));
            methods.AddRange(type.GetConstructors(Declared));
            if (type.TypeInitializer is { } initializer)
                methods.Add(initializer);
        }
        catch (Exception ex) when (ex is TypeLoadException or BadImageFormatException or FileNotFoundException or MissingMethodException)
        {
            failures.Add($"{type}: {ex.GetType().Name}: {ex.Message}");
            return [];
        }
        return methods.Where(HasIl).ToList();
    }

    static int Prepare(MethodBase method, Type[] instantiation, List<string> failures)
    {
        try
        {
            if (instantiation.Length == 0)
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            else
                RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation.Select(t => t.TypeHandle).ToArray());
            return 1;
        }
        catch (Exception ex)
        {
            failures.Add($"{method.DeclaringType}.{method} [{string.Join(", ", instantiation.Select(t => t.Name))}]: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return 0;
        }
    }

    static bool HasIl(MethodBase method)
    {
        if (method.IsAbstract || (method.Attributes & MethodAttributes.PinvokeImpl) != 0)
            return false;
        var implementation = method.MethodImplementationFlags;
        return (implementation & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.IL
               && (implementation & MethodImplAttributes.InternalCall) == 0;
    }

    /// <summary>Types to try as generic arguments: a value type first, then a reference type, then the assembly's own.</summary>
    static Type[] Candidates(Type[] types)
    {
        var own = types.Where(t => !t.IsGenericTypeDefinition && !t.IsAbstract && !t.IsByRefLike && !t.IsPointer
                                   && !t.Name.StartsWith('<') && t.DeclaringType is null);
        return [typeof(int), typeof(object), typeof(string), typeof(long), typeof(Guid), typeof(List<int>), .. own];
    }

    /// <summary>
    /// Up to two instantiations that satisfy the constraints: the first found with a value type and the
    /// first with a reference type (shared generic code is compiled differently from specialized code).
    /// </summary>
    static IEnumerable<T> Instantiations<T>(Type[] parameters, Type[] candidates, Func<Type[], T> make) where T : class
    {
        T? value = null, reference = null, mixed = null;
        foreach (var combination in Combinations(parameters.Length, candidates))
        {
            bool allValue = combination.All(t => t.IsValueType);
            bool allReference = combination.All(t => !t.IsValueType);
            if ((allValue && value is not null) || (allReference && reference is not null) || (!allValue && !allReference && mixed is not null))
                continue;
            try
            {
                var made = make(combination);
                if (allValue)
                    value = made;
                else if (allReference)
                    reference = made;
                else
                    mixed = made;
            }
            catch (ArgumentException)
            {
                continue; // a constraint is not satisfied
            }
            if (value is not null && reference is not null)
                break;
        }
        var found = new[] { value, reference }.Where(t => t is not null).ToList();
        if (found.Count == 0 && mixed is not null)
            found.Add(mixed);
        return found!;
    }

    /// <summary>The same candidate for every parameter first, then mixes of the first few candidates.</summary>
    static IEnumerable<Type[]> Combinations(int count, Type[] candidates)
    {
        foreach (var candidate in candidates)
            yield return Enumerable.Repeat(candidate, count).ToArray();
        if (count < 2)
            yield break;
        var few = candidates.Take(6).ToArray();
        var indices = new int[count];
        while (true)
        {
            yield return indices.Select(i => few[i]).ToArray();
            int position = count - 1;
            while (position >= 0 && ++indices[position] == few.Length)
                indices[position--] = 0;
            if (position < 0)
                yield break;
        }
    }
}
