using System.CommandLine;
using System.Text.Json;
using BrainTumor.Contracts;

namespace BrainTumor.Client.Commands;

/// <summary><c>devices [--json]</c>: every trainer of the cluster, its silo, what it runs and what waits.</summary>
internal static class DeviceCommands
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("devices", "List the training devices of the cluster (one trainer per GPU, or the CPU), with their running job and queue.") { json };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var devices = await session.Grains.GetGrain<IDeviceDirectoryGrain>(0).List();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(devices, ExperimentCommands.Json));
            else
                foreach (var d in devices)
                    Console.WriteLine($"{d.Device} on silo {d.Silo}: {(d.RunningJob is { } job ? $"running {job}" : "idle")}, {d.Queue.Count} queued, {d.JobsDone} done");
            return devices.Count > 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }
}
