// Drives real NuGet libraries (Newtonsoft.Json, Markdig, Humanizer, Serilog, Polly) the way applications do.
//
// `RealWorld [output-folder]`: four threads, each with its own serializer settings, pipelines, loggers and
// objects, run the same workload (Workload.Run). Main checks that they produced the same documents, prints
// one line per document (size and SHA-256) and writes worker 1's documents to the output folder, so a plain
// and an instrumented run can be compared byte for byte. The workers share nothing but what the libraries
// share inside themselves (static caches): any race reported with a top frame in this program is a bug of
// the program or of the detector.
//
// `RealWorld camel-case-probe`: the race documented in README ("Races found in the wild") on
// Newtonsoft.Json's CamelCasePropertyNamesContractResolver, in a fixed order (CamelCaseProbe).
//
// Which library races the detector sees depends on timing: which thread fills a shared cache and which reads
// it. To keep that variation small, main runs the static constructors of the libraries and of this program
// before starting any thread.
using System.Globalization;
using RealWorld;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
StaticConstructors.RunAll(typeof(Workload).Assembly, typeof(Newtonsoft.Json.JsonConvert).Assembly, typeof(Markdig.Markdown).Assembly,
    typeof(Humanizer.InflectorExtensions).Assembly, typeof(Serilog.Log).Assembly, typeof(Polly.ResiliencePipeline).Assembly);
return args is ["camel-case-probe"] ? CamelCaseProbe.Run() : FourWorkers.Run(args.FirstOrDefault());
