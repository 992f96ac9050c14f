namespace RaceDetector.Tests.Fixtures;

public static class GeneratedScenarios
{
    public static void Register(ScenarioList s)
    {
        s.Add("class with 2000 fields", () =>
        {
            var m = new ManyFields();
            m.Fill();
            m.Fill();
            int picked = m.Pick(3) + m.Pick(199) + m.Pick(500);
            return $"{m.Sum()} {picked} {m.F1999} {ManyFields.S099}";
        });
        s.Add("very large method", () =>
        {
            var l = new LargeMethod();
            long first = l.Run();
            return $"{first} {l.Run()}";
        });
    }
}
