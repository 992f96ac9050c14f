using Mono.Cecil;
using Mono.Cecil.Cil;
using RaceDetector.Instrumenter.Il;

namespace RaceDetector.Instrumenter.Passes;

/// <summary>
/// Async methods and async iterators (the MoveNext of compiler-generated state machines):
/// <list type="bullet">
/// <item>before each suspension (<c>AwaitUnsafeOnCompleted</c>/<c>AwaitOnCompleted</c>), a resume point is
/// stored in a field added to the state machine, so it travels with the state machine into its box;</item>
/// <item>on entry, a stored resume point starts the resumed segment as a logical thread that begins after
/// the code before the await; every return ends it;</item>
/// <item>before the builder completes the method's task (SetResult/SetException), the method's work is
/// released into that task, for whoever awaits it;</item>
/// <item>in async iterators, reading the item promise synchronously (MoveNextAsync finding it already
/// complete) acquires the iterator's work, as awaiting it would.</item>
/// </list>
/// </summary>
internal sealed class AsyncStateMachinePass : IMethodPass
{
    const string AsyncStateMachine = "System.Runtime.CompilerServices.IAsyncStateMachine";
    const string ResumeFieldName = "<>rd__resume";

    const string PromiseCore = "System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore`1";

    public void Run(MethodContext context)
    {
        var method = context.Method;
        var machine = method.DeclaringType;
        if (method.IsStatic || !machine.Interfaces.Any(i => i.InterfaceType.FullName == AsyncStateMachine))
            return;
        if (method.Name != "MoveNext")
        {
            ObservePromiseReads(context);
            return;
        }
        var hooks = context.Module.Hooks;
        var resume = ResumeField(machine, context.Module.Module.TypeSystem.Object);
        var token = context.Temps.Fresh(context.Module.Module.TypeSystem.Object);
        Instruction This() => Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter);

        context.Patch.InsertAtEntry([This(), Instruction.Create(OpCodes.Ldflda, resume), Instruction.Create(OpCodes.Call, hooks.AsyncResume),
            Instruction.Create(OpCodes.Stloc, token)]);
        foreach (var instruction in context.Instructions)
        {
            if (instruction.OpCode.Code == Code.Ret)
            {
                context.Patch.InsertBefore(instruction, [Instruction.Create(OpCodes.Ldloc, token), Instruction.Create(OpCodes.Call, hooks.AsyncSegmentEnd)]);
                continue;
            }
            if (instruction.OpCode.Code is not (Code.Call or Code.Callvirt) || instruction.Operand is not MethodReference callee)
                continue;
            if (callee.Name is "AwaitUnsafeOnCompleted" or "AwaitOnCompleted" && callee.HasThis && callee.Parameters.Count == 2)
                context.Patch.InsertBefore(instruction, [This(), Instruction.Create(OpCodes.Call, hooks.AsyncSuspend), Instruction.Create(OpCodes.Stfld, resume)]);
            else if (callee.Name is "SetResult" or "SetException" && Completion(context, machine, callee) is { } completing)
                context.Patch.InsertBefore(instruction, completing);
        }
    }

    static void ObservePromiseReads(MethodContext context)
    {
        if (context.Method.DeclaringType.IsValueType)
            return;
        foreach (var call in context.Instructions)
        {
            if (call.OpCode.Code is Code.Call or Code.Callvirt && call.Operand is MethodReference { Name: "GetResult" } callee
                && callee.DeclaringType.GetElementType().FullName == PromiseCore)
                context.Patch.InsertAfter(call, [Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter), Instruction.Create(OpCodes.Call, context.Module.Hooks.AsyncObserved)]);
        }
    }

    /// <summary>The field that carries the resume point, added to the state machine the first time.</summary>
    static FieldReference ResumeField(TypeDefinition machine, TypeReference objectType)
    {
        var field = machine.Fields.FirstOrDefault(f => f.Name == ResumeFieldName);
        if (field is null)
        {
            field = new FieldDefinition(ResumeFieldName, FieldAttributes.Private | FieldAttributes.NotSerialized, objectType);
            machine.Fields.Add(field);
        }
        var self = machine.SelfReference();
        return self == machine ? field : new FieldReference(field.Name, field.FieldType, self);
    }

    /// <summary>IL that releases the method's work into the task a SetResult/SetException call completes, or null for other calls.</summary>
    static Instruction[]? Completion(MethodContext context, TypeDefinition machine, MethodReference callee)
    {
        var hooks = context.Module.Hooks;
        var owner = callee.DeclaringType.GetElementType();
        // Async iterators complete each MoveNextAsync through a promise; the iterator object is its source.
        if (owner.FullName == PromiseCore && !machine.IsValueType)
            return [Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter), Instruction.Create(OpCodes.Call, hooks.AsyncCompleting)];

        var builderField = machine.Fields.FirstOrDefault(f => f.Name == "<>t__builder");
        if (builderField is null || builderField.FieldType.GetElementType().FullName != owner.FullName)
            return null;
        var builder = builderField.FieldType;
        var (taskType, completing) = BuilderTask(context, builder);
        if (taskType is null || completing is null)
            return null;
        var getTask = new MethodReference("get_Task", taskType, builder) { HasThis = true };
        var self = machine.SelfReference();
        var field = self == machine ? (FieldReference)builderField : new FieldReference(builderField.Name, builder, self);
        return
        [
            Instruction.Create(OpCodes.Ldarg, context.Body.ThisParameter),
            Instruction.Create(OpCodes.Ldflda, field),
            Instruction.Create(OpCodes.Call, getTask),
            Instruction.Create(OpCodes.Call, completing),
        ];
    }

    /// <summary>The type the builder's <c>Task</c> property returns (in the builder's own generic terms) and the hook that takes it.</summary>
    static (TypeReference? Task, MethodReference? Hook) BuilderTask(MethodContext context, TypeReference builder)
    {
        var module = context.Module.Module;
        var builderType = builder.GetElementType();
        var scope = builderType.Scope;
        TypeReference Named(string name, bool valueType, bool generic)
        {
            var type = new TypeReference("System.Threading.Tasks", name, module, scope, valueType);
            if (!generic)
                return type;
            type.GenericParameters.Add(new GenericParameter("TResult", type));
            // The builder's Task property returns Task<TResult> in terms of the builder's own TResult (!0).
            if (builderType.GenericParameters.Count == 0)
                builderType.GenericParameters.Add(new GenericParameter("TResult", builderType));
            var instance = new GenericInstanceType(type);
            instance.GenericArguments.Add(builderType.GenericParameters[0]);
            return instance;
        }
        TypeReference InCallerTerms(TypeReference task) =>
            builder is GenericInstanceType closed && task is GenericInstanceType open
                ? GenericContext.Map(open, p => closed.GenericArguments[p.Position])
                : task;

        switch (builder.GetElementType().FullName)
        {
            case "System.Runtime.CompilerServices.AsyncTaskMethodBuilder":
                return (Named("Task", false, false), context.Module.Hooks.AsyncCompleting);
            case "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1":
                return (Named("Task`1", false, true), context.Module.Hooks.AsyncCompleting);
            case "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder":
            case "System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder":
                var valueTask = Named("ValueTask", true, false);
                return (valueTask, context.Module.Hooks.AsyncCompletingValueTask(valueTask));
            case "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder`1":
            case "System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder`1":
                var genericValueTask = Named("ValueTask`1", true, true);
                return (genericValueTask, context.Module.Hooks.AsyncCompletingValueTask(InCallerTerms(genericValueTask)));
            default:
                return (null, null); // async void and custom builders complete no task the detector can key
        }
    }
}
