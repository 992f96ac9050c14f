using Mono.Cecil;

namespace RaceDetector.Instrumenter.Binding;

/// <summary>
/// References, valid inside one target module, to the runtime's hook methods. Signatures are built
/// from the target's own core library types, so the rewritten module gains one new assembly
/// reference (the runtime) and nothing else. They mirror <c>RaceDetector.Runtime.Hooks</c>; the JIT
/// check in the tests fails if the two drift apart.
/// </summary>
internal sealed class HookReferences
{
    readonly ModuleDefinition _module;
    readonly AssemblyNameReference _runtime;
    readonly TypeReference _hooks;
    readonly TypeReference _taskHooks;
    readonly TypeReference _forkWrappers;
    readonly TypeReference _publishingWrappers;
    readonly TypeReference _testHooks;

    public HookReferences(ModuleDefinition module, RuntimeContract contract)
    {
        _module = module;
        _runtime = module.AssemblyReferences.FirstOrDefault(r => r.Name == RuntimeContract.AssemblyName)
            ?? AddRuntimeReference(module, contract);
        _hooks = RuntimeType("Hooks", valueType: false);
        VarState = RuntimeType("VarState", valueType: false);
        FixedLayoutShadow = RuntimeType("FixedLayoutShadow", valueType: false);
        SyncClock = RuntimeType("SyncClock", valueType: false);
        CallStack = RuntimeType("CallStack", valueType: false);
        var ts = module.TypeSystem;
        var array = CoreType("System", "Array", valueType: false);
        var typeHandle = CoreType("System", "RuntimeTypeHandle", valueType: true);
        var slot = new ByReferenceType(VarState);

        RegisterModule = Hook("RegisterModule", ts.Int32, typeHandle, ts.Int32, ts.Boolean);
        CallsEnter = Hook("CallsEnter", CallStack, new ByReferenceType(ts.Int32), new ByReferenceType(ts.IntPtr));
        Calling = Hook("Calling", ts.Void, CallStack, ts.Int32, ts.IntPtr, ts.Int32);
        Returned = Hook("Returned", ts.Void, CallStack, ts.Int32);
        FilterStarting = Hook("FilterStarting", ts.Object, CallStack, ts.Int32);
        FilterEnded = Hook("FilterEnded", ts.Void, CallStack, ts.Int32, ts.Object);
        Read = Hook("Read", ts.Void, ts.Object, slot, ts.Int32);
        Write = Hook("Write", ts.Void, ts.Object, slot, ts.Int32);
        ReadStatic = Hook("ReadStatic", ts.Void, slot, ts.Int32);
        WriteStatic = Hook("WriteStatic", ts.Void, slot, ts.Int32);
        Consumed = Hook("Consumed", ts.Void, slot);
        Allocated = Hook("Allocated", ts.Void, ts.Object);
        Storing = Hook("Storing", ts.Void, ts.Object);
        FixedLayoutSlot = Hook("FixedLayoutSlot", slot, ts.Object, new ByReferenceType(FixedLayoutShadow), ts.Int32, ts.Int32);
        ReadElement = Hook("ReadElement", ts.Void, array, ts.IntPtr, ts.Int32);
        WriteElement = Hook("WriteElement", ts.Void, array, ts.IntPtr, ts.Int32);
        AtomicField = Hook("AtomicField", SyncClock, ts.Object, slot, ts.Int32, ts.Int32);
        AtomicStatic = Hook("AtomicStatic", SyncClock, slot, ts.Int32, ts.Int32);
        AtomicElement = Hook("AtomicElement", SyncClock, array, ts.IntPtr, ts.Int32, ts.Int32);
        AtomicAfter = Hook("AtomicAfter", ts.Void, SyncClock);
        UnknownAtomicBefore = Hook("UnknownAtomicBefore", ts.Void, ts.Int32);
        UnknownAtomicAfter = Hook("UnknownAtomicAfter", ts.Void, ts.Int32);
        StaticConstructorFinished = Hook("StaticConstructorFinished", ts.Object);
        TypeUsed = Hook("TypeUsed", ts.Void, ts.Object);
        SynchronizedEnter = Hook("SynchronizedEnter", ts.Void, ts.Object, ts.Int32);
        SynchronizedExit = Hook("SynchronizedExit", ts.Void, ts.Object);
        SynchronizedStaticEnter = Hook("SynchronizedStaticEnter", ts.Void, typeHandle, ts.Int32);
        SynchronizedStaticExit = Hook("SynchronizedStaticExit", ts.Void, typeHandle);

        _taskHooks = RuntimeType("TaskHooks", valueType: false);
        ForkScope = new TypeReference(RuntimeContract.Namespace + ".Tasks", "ForkScope", module, _runtime, false);
        _forkWrappers = new TypeReference(RuntimeContract.Namespace + ".Tasks", "ForkWrappers", module, _runtime, false);
        _publishingWrappers = new TypeReference(RuntimeContract.Namespace, "PublishingWrappers", module, _runtime, false);
        BeginFork = TaskHook("BeginFork", ForkScope, ts.Int32, ts.Int32, ts.Object);
        ForkResult = TaskHook("ForkResult", ts.Void, ts.Object, ForkScope);
        ForkReturned = TaskHook("ForkReturned", ts.Void, ForkScope);
        AsyncSuspend = TaskHook("AsyncSuspend", ts.Object);
        AsyncResume = TaskHook("AsyncResume", ts.Object, new ByReferenceType(ts.Object));
        AsyncSegmentEnd = TaskHook("AsyncSegmentEnd", ts.Void, ts.Object);
        AsyncCompleting = TaskHook("AsyncCompleting", ts.Void, ts.Object);
        AsyncObserved = TaskHook("AsyncObserved", ts.Void, ts.Object);
        ObjectConstructed = Hook("ObjectConstructed", ts.Object);
        ObjectsConstructed = Hook("ObjectsConstructed", ts.Void, new ByReferenceType(ts.Object));
        LocationKey = Hook("LocationKey", ts.Object, slot);
        ElementKey = Hook("ElementKey", ts.Object, array, ts.IntPtr);
        Finalizing = Hook("Finalizing", ts.Void, ts.Object);
        Caught = Hook("Caught", ts.Void, ts.Object);
        TestStarting = Hook("TestStarting", ts.String, ts.String);
        TestEnded = Hook("TestEnded", ts.Void, ts.String);
        _testHooks = RuntimeType("TestHooks", valueType: false);
        PhaseStarting = Static(_testHooks, "PhaseStarting", ts.Object, [ts.Object, typeHandle, ts.Int32]);
        PhaseEnded = Static(_testHooks, "PhaseEnded", ts.Void, [ts.Object]);
        PhaseReturned = Static(_testHooks, "PhaseReturned", ts.Void, [ts.Object, ts.Object]);
    }

    public TypeReference VarState { get; }
    public TypeReference FixedLayoutShadow { get; }
    public TypeReference SyncClock { get; }
    public TypeReference CallStack { get; }
    public MethodReference RegisterModule { get; }
    public MethodReference CallsEnter { get; }
    public MethodReference Calling { get; }
    public MethodReference Returned { get; }
    public MethodReference FilterStarting { get; }
    public MethodReference FilterEnded { get; }
    public MethodReference Read { get; }
    public MethodReference Write { get; }
    public MethodReference ReadStatic { get; }
    public MethodReference Consumed { get; }
    public MethodReference Allocated { get; }
    public MethodReference Storing { get; }
    public MethodReference WriteStatic { get; }
    public MethodReference FixedLayoutSlot { get; }
    public MethodReference ReadElement { get; }
    public MethodReference WriteElement { get; }
    public MethodReference AtomicField { get; }
    public MethodReference AtomicStatic { get; }
    public MethodReference AtomicElement { get; }
    public MethodReference AtomicAfter { get; }
    public MethodReference UnknownAtomicBefore { get; }
    public MethodReference UnknownAtomicAfter { get; }
    public MethodReference StaticConstructorFinished { get; }
    public MethodReference TypeUsed { get; }
    public MethodReference SynchronizedEnter { get; }
    public MethodReference SynchronizedExit { get; }
    public MethodReference SynchronizedStaticEnter { get; }
    public MethodReference SynchronizedStaticExit { get; }
    public TypeReference ForkScope { get; }
    public MethodReference BeginFork { get; }
    public MethodReference ForkResult { get; }
    public MethodReference ForkReturned { get; }
    public MethodReference AsyncSuspend { get; }
    public MethodReference AsyncResume { get; }
    public MethodReference AsyncSegmentEnd { get; }
    public MethodReference AsyncCompleting { get; }
    public MethodReference AsyncObserved { get; }
    public MethodReference ObjectConstructed { get; }
    public MethodReference ObjectsConstructed { get; }
    public MethodReference LocationKey { get; }
    public MethodReference ElementKey { get; }
    public MethodReference Finalizing { get; }
    public MethodReference Caught { get; }
    public MethodReference TestStarting { get; }
    public MethodReference TestEnded { get; }
    public MethodReference PhaseStarting { get; }
    public MethodReference PhaseEnded { get; }
    public MethodReference PhaseReturned { get; }

    /// <summary><c>TestHooks.PhaseReturnedValueTask</c>, taking <paramref name="valueTask"/> as the caller's module names it.</summary>
    public MethodReference PhaseReturnedValueTask(TypeReference valueTask) =>
        Static(_testHooks, "PhaseReturnedValueTask", _module.TypeSystem.Void, [valueTask, _module.TypeSystem.Object]);

    /// <summary>
    /// <c>TaskHooks.AsyncCompletingValueTask</c> for a builder whose task is <paramref name="valueTask"/>
    /// (<c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>, as the caller's module names it).
    /// </summary>
    public MethodReference AsyncCompletingValueTask(TypeReference valueTask)
    {
        if (valueTask is GenericInstanceType generic)
            return GenericStatic(_taskHooks, "AsyncCompletingValueTask", generic.GenericArguments[0], t => [Instance(generic.ElementType, t)]);
        var method = new MethodReference("AsyncCompletingValueTask", _module.TypeSystem.Void, _taskHooks) { HasThis = false };
        method.Parameters.Add(new ParameterDefinition(valueTask));
        return method;
    }

    /// <summary><c>Hooks.SpanSource&lt;T&gt;(T[])</c> for arrays of <paramref name="elementType"/>.</summary>
    public MethodReference SpanSource(TypeReference elementType) =>
        GenericStatic(_hooks, "SpanSource", elementType, t => [new ArrayType(t)]);

    /// <summary>
    /// <c>Hooks.Sequence&lt;T&gt;(IEnumerable&lt;T&gt;)</c> for an argument of type <paramref name="sequence"/> (an
    /// <c>IEnumerable&lt;T&gt;</c> as the caller's module names it), or <c>Hooks.Sequence(IEnumerable)</c> for the non-generic one.
    /// </summary>
    public MethodReference Sequence(TypeReference sequence) =>
        sequence is GenericInstanceType { GenericArguments: [var element] } generic
            ? GenericStatic(_hooks, "Sequence", element, t => [Instance(generic.ElementType, t)], t => Instance(generic.ElementType, t))
            : Hook("Sequence", sequence, sequence);

    /// <summary><c>Hooks.ReadSpanElement&lt;T&gt;(ref T, int)</c> or <c>WriteSpanElement</c> for elements of <paramref name="elementType"/>.</summary>
    public MethodReference SpanElement(bool write, TypeReference elementType) =>
        GenericStatic(_hooks, write ? "WriteSpanElement" : "ReadSpanElement", elementType, t => [new ByReferenceType(t), _module.TypeSystem.Int32]);

    /// <summary><c>ForkWrappers.Wrap</c> for <paramref name="delegateType"/>, instantiated with its type arguments.</summary>
    public MethodReference ForkWrapper(MethodDefinition wrapper, TypeReference delegateType) =>
        DelegateWrapper(wrapper, _forkWrappers, delegateType, ForkScope);

    /// <summary><c>PublishingWrappers.Wrap</c> for <paramref name="delegateType"/>, instantiated with its type arguments.</summary>
    public MethodReference PublishingWrapper(MethodDefinition wrapper, TypeReference delegateType) =>
        DelegateWrapper(wrapper, _publishingWrappers, delegateType, extraParameter: null);

    /// <summary>
    /// A static wrapper <c>D Wrap&lt;T...&gt;(D delegate[, extra])</c> on <paramref name="owner"/>, closed over the type
    /// arguments of <paramref name="delegateType"/>.
    /// </summary>
    MethodReference DelegateWrapper(MethodDefinition wrapper, TypeReference owner, TypeReference delegateType, TypeReference? extraParameter)
    {
        var method = new MethodReference(wrapper.Name, _module.TypeSystem.Void, owner) { HasThis = false };
        TypeReference open = delegateType;
        if (delegateType is GenericInstanceType generic)
        {
            var instance = new GenericInstanceType(generic.ElementType);
            foreach (var _ in generic.GenericArguments)
            {
                var parameter = new GenericParameter("T" + method.GenericParameters.Count, method);
                method.GenericParameters.Add(parameter);
                instance.GenericArguments.Add(parameter);
            }
            open = instance;
        }
        method.ReturnType = open;
        method.Parameters.Add(new ParameterDefinition(open));
        if (extraParameter is not null)
            method.Parameters.Add(new ParameterDefinition(extraParameter));
        if (delegateType is not GenericInstanceType closed)
            return method;
        var call = new GenericInstanceMethod(method);
        foreach (var argument in closed.GenericArguments)
            call.GenericArguments.Add(argument);
        return call;
    }

    /// <summary>A reference to <paramref name="replacement"/> shaped after the call it replaces, plus the site argument.</summary>
    public MethodReference Replacement(MethodDefinition replacement, MethodReference callee, bool keyed = false) =>
        ReplacementSignature.Reference(replacement, callee,
            new TypeReference(replacement.DeclaringType.Namespace, replacement.DeclaringType.Name, _module, _runtime),
            _module.TypeSystem.Int32, keyed ? _module.TypeSystem.Object : null);

    /// <summary>
    /// A static method of <paramref name="owner"/> with one generic parameter, instantiated with <paramref name="argument"/>;
    /// void unless <paramref name="returns"/> says otherwise.
    /// </summary>
    MethodReference GenericStatic(TypeReference owner, string name, TypeReference argument, Func<GenericParameter, TypeReference[]> parameters,
        Func<GenericParameter, TypeReference>? returns = null)
    {
        var method = new MethodReference(name, _module.TypeSystem.Void, owner) { HasThis = false };
        var parameter = new GenericParameter("T", method);
        method.GenericParameters.Add(parameter);
        if (returns is not null)
            method.ReturnType = returns(parameter);
        foreach (var type in parameters(parameter))
            method.Parameters.Add(new ParameterDefinition(type));
        var instance = new GenericInstanceMethod(method);
        instance.GenericArguments.Add(argument);
        return instance;
    }

    static GenericInstanceType Instance(TypeReference open, TypeReference argument)
    {
        var instance = new GenericInstanceType(open);
        instance.GenericArguments.Add(argument);
        return instance;
    }

    MethodReference Hook(string name, TypeReference returnType, params TypeReference[] parameters) =>
        Static(_hooks, name, returnType, parameters);

    static MethodReference Static(TypeReference owner, string name, TypeReference returnType, TypeReference[] parameters)
    {
        var method = new MethodReference(name, returnType, owner) { HasThis = false };
        foreach (var parameter in parameters)
            method.Parameters.Add(new ParameterDefinition(parameter));
        return method;
    }

    MethodReference TaskHook(string name, TypeReference returnType, params TypeReference[] parameters) =>
        Static(_taskHooks, name, returnType, parameters);

    TypeReference RuntimeType(string name, bool valueType) =>
        new(RuntimeContract.Namespace, name, _module, _runtime, valueType);

    TypeReference CoreType(string ns, string name, bool valueType) =>
        new(ns, name, _module, _module.TypeSystem.CoreLibrary, valueType);

    static AssemblyNameReference AddRuntimeReference(ModuleDefinition module, RuntimeContract contract)
    {
        var reference = new AssemblyNameReference(RuntimeContract.AssemblyName, contract.Version);
        module.AssemblyReferences.Add(reference);
        return reference;
    }
}
