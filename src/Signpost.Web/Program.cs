using Signpost.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddSignpostWeb();

var app = builder.Build();
await app.UseSignpostWebAsync();
await app.RunAsync();

/// <summary>The web host's entry point; public so that tests can start it.</summary>
public partial class Program;
