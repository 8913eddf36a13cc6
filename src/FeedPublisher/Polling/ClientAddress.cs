using System.Net;
using System.Net.Sockets;

namespace FeedPublisher.Polling;

/// <summary>Client addresses are kept in memory only and shown on /status cut to their network: IPv4 /24, IPv6 /48.</summary>
public static class ClientAddress
{
    public static string Masked(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        for (var i = 6; i < bytes.Length; i++)
            bytes[i] = 0;
        return $"{new IPAddress(bytes)}/48";
    }
}
