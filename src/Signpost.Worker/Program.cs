using Signpost.Core;
using Signpost.Core.Data;
using Signpost.Core.Jobs;

// Signpost.Worker runs the background jobs when a deployment separates them from the web
// nodes (set Jobs:RunInWeb=false on the web nodes). It shares the web app's configuration keys.
var builder = Host.CreateApplicationBuilder(args);
var database = DatabaseOptions.FromConfiguration(builder.Configuration, DatabaseOptions.DefaultDataFolder(builder.Environment.ContentRootPath));
builder.Services.AddSignpostCore(database, builder.Configuration);
builder.Services.AddSignpostJobs();

var host = builder.Build();
if (builder.Configuration.GetValue<bool>("Database:MigrateOnStart"))
{
    await SignpostCoreServices.MigrateAsync(host.Services);
}

await host.RunAsync();
