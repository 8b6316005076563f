using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace BrainTumor.Hosting;

/// <summary>
/// The Orleans Dashboard, when <c>BrainTumor:Telemetry:Dashboard:Enabled</c>. Since Orleans 10 the
/// dashboard is a set of ASP.NET Core endpoints, so the silo's host also runs a small Kestrel server,
/// listening only on the configured address (loopback by default).
/// </summary>
public static class DashboardHosting
{
    public static ISiloBuilder UseBrainTumorDashboard(this ISiloBuilder silo, TelemetryOptions.EndpointOptions dashboard) =>
        dashboard.Enabled ? silo.AddDashboard() : silo;

    public static IHostBuilder UseBrainTumorDashboardServer(this IHostBuilder host, TelemetryOptions.EndpointOptions dashboard) =>
        !dashboard.Enabled ? host : host.ConfigureWebHost(web => web
            .UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(dashboard.Host), dashboard.Port))
            .ConfigureServices(services => services.AddRouting())
            .Configure(app =>
            {
                app.UseRouting();
                app.UseEndpoints(endpoints => endpoints.MapOrleansDashboard());
            }));
}
