// Deliberately does not compile: `racedetector run` must report the build failure in one line.
Console.WriteLine(undefinedVariable);
