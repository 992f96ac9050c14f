// Races on fields declared in another assembly: the instrumented app must reach the library's
// (internal) shadow fields, and the races must be reported with the library's type names.
using CrossAssemblyLib;

var account = new SavingsAccount();
var first = new Thread(() => account.Deposit(10)) { Name = "first" };
var second = new Thread(() => account.Deposit(20)) { Name = "second" };
first.Start();
second.Start();
first.Join();
second.Join();
Console.WriteLine($"balance={account.Balance}");

class SavingsAccount : Account
{
    public void Deposit(long amount)
    {
        Balance += amount; // RACE: Balance
        Operations++; // RACE: Operations
        Instances = 1; // RACE: Instances
    }
}
