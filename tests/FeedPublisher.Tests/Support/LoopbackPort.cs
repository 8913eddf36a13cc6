using System.Net;
using System.Net.Sockets;

namespace FeedPublisher.Tests.Support;

/// <summary>A free port on 127.0.0.1, for a service whose own URLs (Site:BaseUrl) must name the port it listens on.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>--Urls and --Site:BaseUrl on one free port: the feeds' self URLs are where the service answers.</summary>
    public static string[] SelfAddressedArgs(out Uri baseUrl)
    {
        var port = Free();
        baseUrl = new Uri($"http://127.0.0.1:{port}/");
        return [$"--Urls=http://127.0.0.1:{port}", $"--Site:BaseUrl={baseUrl}"];
    }
}
