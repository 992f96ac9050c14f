using System.Reflection;
using RaceDetector.Runtime.Abi;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// Maps global site ids to <see cref="SiteRecord"/>s. Each instrumented module reserves a range of ids
/// when its marker type initializes; its table is read from the module's resource only when a report needs it.
/// </summary>
internal static class SiteRegistry
{
    sealed class ModuleSites(int first, int count, Module module, bool checksAccesses)
    {
        public int First { get; } = first;
        public int Count { get; } = count;
        public Module Module { get; } = module;
        public bool ChecksAccesses { get; } = checksAccesses;
        public SiteRecord[]? Sites;
        public bool Loaded;
    }

    static readonly object s_gate = new();
    static readonly List<ModuleSites> s_modules = new();
    static int s_nextSite = 1;

    public static int ModuleCount
    {
        get
        {
            lock (s_gate)
                return s_modules.Count;
        }
    }

    /// <summary>Reserves <paramref name="count"/> site ids for <paramref name="module"/>; returns the first.</summary>
    public static int Register(Module module, int count, bool checksAccesses)
    {
        lock (s_gate)
        {
            int first = s_nextSite;
            s_nextSite += Math.Max(count, 0);
            s_modules.Add(new ModuleSites(first, count, module, checksAccesses));
            return first;
        }
    }

    /// <summary>
    /// Whether <paramref name="module"/> was instrumented fully (and has run): false for the framework, excluded
    /// assemblies and libraries instrumented for synchronization only, whose code can make no reported access.
    /// </summary>
    public static bool ChecksAccesses(Module module)
    {
        lock (s_gate)
        {
            foreach (var registered in s_modules)
            {
                if (registered.Module == module)
                    return registered.ChecksAccesses;
            }
            return false;
        }
    }

    /// <summary>The simple name of the assembly a site's code belongs to, or null.</summary>
    public static string? AssemblyOf(int site)
    {
        lock (s_gate)
        {
            foreach (var module in s_modules)
            {
                if (site >= module.First && site < module.First + module.Count)
                    return module.Module.Assembly.GetName().Name;
            }
            return null;
        }
    }

    /// <summary>The record of a site, or null if unknown (for example a module without its table).</summary>
    public static SiteRecord? Find(int site)
    {
        lock (s_gate)
        {
            foreach (var module in s_modules)
            {
                if (site < module.First || site >= module.First + module.Count)
                    continue;
                if (!module.Loaded)
                {
                    module.Sites = Load(module.Module);
                    module.Loaded = true;
                }
                var sites = module.Sites;
                int index = site - module.First;
                return sites is not null && index < sites.Length ? sites[index] : null;
            }
            return null;
        }
    }

    static SiteRecord[]? Load(Module module)
    {
        using var stream = module.Assembly.GetManifestResourceStream(SiteRecord.ResourceName);
        return stream is null ? null : SiteRecord.Deserialize(stream);
    }
}
