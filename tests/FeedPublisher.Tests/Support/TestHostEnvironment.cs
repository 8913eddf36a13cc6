using Microsoft.Extensions.FileProviders;

namespace FeedPublisher.Tests.Support;

/// <summary>Just enough host environment for components that resolve paths against the content root.</summary>
public sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = Environments.Production;
    public string ApplicationName { get; set; } = "FeedPublisher";
    public string ContentRootPath { get; set; } = contentRoot;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
