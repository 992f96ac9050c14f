using RaceDetector.Tests.Support;
using Xunit;

namespace RaceDetector.Tests.EndToEnd;

/// <summary>samples/DoubleCheckedLocking: double-checked locking on a non-volatile static field.</summary>
public class DoubleCheckedLockingTests
{
    [Fact]
    public void Unlocked_read_of_instance_races_with_the_write_under_the_lock_with_exit_66()
    {
        var run = SampleRun.Of("DoubleCheckedLocking");

        SampleAssert.Racy(run, "Singleton", "static-field", "instance");

        var (write, read) = SampleAssert.WriteAndRead(run, SampleAssert.Single(run, "instance"));
        Assert.StartsWith("caller-", write.ThreadName);
        Assert.StartsWith("caller-", read.ThreadName);
        Assert.NotEqual(write.ThreadName, read.ThreadName);
        SampleAssert.At(run, write, write.ThreadName!, "Singleton.GetInstance()", SampleAssert.MarkedLine(run, "instance", "instance = result"));
        SampleAssert.At(run, read, read.ThreadName!, "Singleton.GetInstance()", SampleAssert.MarkedLine(run, "instance", "result = instance"));
        // The write is made under the lock, the racing read outside it.
        Assert.Equal(["Singleton.gate"], write.Locks);
        Assert.Empty(read.Locks);

        // The constructor's writes to the singleton's own fields are published with the reference: no race on them.
        Assert.Equal(
            ["constructed 1 time(s); same instance everywhere: True", "settings: answer = 42"],
            SampleAssert.OutputLines(run));
    }

    [Fact]
    public void The_text_report_on_stderr_has_the_TSan_layout_line_by_line()
    {
        var run = SampleRun.Of("DoubleCheckedLocking");
        var lines = run.Process.StandardError.ReplaceLineEndings("\n").Split('\n').Where(l => l.Length > 0).ToList();
        const string Caller = @"thread \d+ 'caller-\d'";
        const string Frame = @"^    at \S.*\) in .+Program\.cs:line \d+$";

        int at = 0;
        void Next(string pattern) => Assert.Matches(pattern, lines[at++]);
        void Frames()
        {
            Next(Frame);
            while (at < lines.Count && lines[at].StartsWith("    at ", StringComparison.Ordinal))
                Next(Frame);
        }

        Next("^==================$");
        Next("^WARNING: DATA RACE$");
        Next($@"^(Read|Write) of Singleton\.instance \(Singleton\) by {Caller}:$");
        Frames();
        Next($@"^Previous (read|write) of Singleton\.instance by {Caller}:$");
        Frames();
        Next(@"^Location: static field Singleton\.instance$");
        Next($@"^Locks held: by {Caller}: (none|Singleton\.gate); by {Caller}: (none|Singleton\.gate)$");
        Next($@"^Thread \d+ 'caller-\d' created at:$");
        Frames();
        Next($@"^Thread \d+ 'caller-\d' created at:$");
        Frames();
        Next(@"^SUMMARY: data race Program\.cs:\d+ in Singleton\.GetInstance\(\)$");
        Next("^==================$");
        Next(@"^RaceDetector: 1 data race\(s\) reported$");
        Assert.Equal(lines.Count, at);
    }
}
