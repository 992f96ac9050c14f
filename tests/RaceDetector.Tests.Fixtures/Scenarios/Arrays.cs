namespace RaceDetector.Tests.Fixtures;

public class ArrayHost
{
    public int[,] Grid = new int[3, 4];
    public long[,,] Cube = new long[2, 2, 2];
    public MiddleS[,] StructGrid = new MiddleS[2, 2];
    public string[,] Names = new string[2, 2];
    public int[][] Jagged = [new int[2], new int[3]];
    public byte[] Bytes = new byte[4];
    public short[] Shorts = new short[2];
    public char[] Chars = "abc".ToCharArray();
    public float[] Floats = new float[2];
    public double[] Doubles = new double[2];
    public nint[] Natives = new nint[2];
    public object[] Objects = new object[2];
    public string[] Strings = ["x"];
    public bool[] Flags = new bool[2];
    public int[] Empty = [];
    public static int[] SArray = new int[3];
    public static int[,] SGrid = new int[2, 2];
}

public static class ArrayScenarios
{
    static void Store<T>(T[] array, int index, T value) => array[index] = value;
    static T Load<T>(T[] array, int index) => array[index];

    public static void Register(ScenarioList s)
    {
        s.Add("multi-dimensional arrays", () =>
        {
            var h = new ArrayHost();
            h.Grid[1, 2] = 5;
            h.Grid[1, 2]++;
            h.Grid[2, 3] += h.Grid[1, 2];
            h.Cube[1, 1, 1] = 8;
            h.Cube[1, 0, 1] = h.Cube[1, 1, 1] * 2;
            h.StructGrid[1, 1].B.C = 3;
            h.StructGrid[1, 1].M += h.StructGrid[1, 1].B.C;
            h.Names[0, 1] = "n";
            h.Names[0, 1] += "!";
            ArrayHost.SGrid[1, 0] = 4;
            int sum = 0;
            foreach (var v in h.Grid)
                sum += v;
            return $"{h.Grid[2, 3]} {h.Cube[1, 0, 1]} {h.StructGrid[1, 1].M} {h.Names[0, 1]} {ArrayHost.SGrid[1, 0]} {sum} {h.Grid.GetLength(1)}";
        });
        s.Add("jagged arrays", () =>
        {
            var h = new ArrayHost();
            h.Jagged[1][2] = 4;
            h.Jagged[0][1] += h.Jagged[1][2];
            h.Jagged[1] = new int[] { 7, 8 };
            return $"{h.Jagged[0][1]} {h.Jagged[1].Length} {h.Jagged[1][1]}";
        });
        s.Add("primitive element types", () =>
        {
            var h = new ArrayHost();
            h.Bytes[1] = 200;
            h.Bytes[1]++;
            h.Shorts[0] = -3;
            h.Shorts[0] *= 2;
            h.Chars[1] = 'z';
            h.Floats[0] = 1.5f;
            h.Floats[1] = h.Floats[0] * 2;
            h.Doubles[1] = 2.25;
            h.Natives[1] = 12;
            h.Natives[0] = h.Natives[1] + 1;
            h.Objects[0] = 5;
            h.Objects[1] = h.Strings[0];
            h.Strings[0] += "y";
            h.Flags[1] = !h.Flags[0];
            ArrayHost.SArray[2] += 3;
            long len = h.Bytes.LongLength;
            return $"{h.Bytes[1]} {h.Shorts[0]} {new string(h.Chars)} {h.Floats[1]} {h.Doubles[1]} {h.Natives[0]} {h.Objects[0]} {h.Objects[1]} {h.Strings[0]} {h.Flags[1]} {ArrayHost.SArray[2]} {len}";
        });
        s.Add("native int element store", () =>
        {
            nint[] natives = new nint[3];
            natives[1] = 42;
            natives[2] = natives[1] + 1;
            nuint[] unsigned = new nuint[2];
            unsigned[1] = 7;
            IntPtr[] pointers = new IntPtr[2];
            pointers[1] = new IntPtr(9);
            return $"{natives[1]} {natives[2]} {unsigned[1]} {pointers[1]}";
        });
        s.Add("generic element access", () =>
        {
            var ints = new int[3];
            var strings = new string[2];
            var structs = new MiddleS[2];
            Store(ints, 1, 5);
            Store(strings, 0, "s");
            Store(structs, 1, new MiddleS { M = 3 });
            return $"{Load(ints, 1)} {Load(strings, 0)} {Load(structs, 1).M}";
        });
        s.Add("array covariance", () =>
        {
            object[] objects = new string[2];
            objects[0] = "ok";
            try
            {
                objects[1] = 5;
                return "no throw";
            }
            catch (ArrayTypeMismatchException)
            {
                return "mismatch " + objects[0];
            }
        });
        s.Add("index and range", () =>
        {
            var h = new ArrayHost();
            h.Chars[^1] = 'q';
            var slice = h.Chars[1..];
            return new string(slice) + h.Chars[^2];
        });
    }
}
