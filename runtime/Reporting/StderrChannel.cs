using System.Text;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// Writes detector output to the process's real stderr, bypassing <c>Console.SetError</c> and the
/// program's console encoding, so the program's own output is left exactly as it was.
/// </summary>
internal static class StderrChannel
{
    static readonly object s_gate = new();
    static Stream? s_stream;

    public static void WriteLine(string text)
    {
        lock (s_gate)
        {
            try
            {
                s_stream ??= Console.OpenStandardError();
                var bytes = Encoding.UTF8.GetBytes(text + Environment.NewLine);
                s_stream.Write(bytes, 0, bytes.Length);
                s_stream.Flush();
            }
            catch (IOException)
            {
                // stderr closed: the reports still go to the JSON file.
            }
        }
    }
}
