var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT")}");
var app = builder.Build();
app.MapGet("/", () => Results.Ok());
app.MapPost("/MonthlyDigest", () => Results.Json(new { Outputs = new { }, Logs = Array.Empty<string>(), ReturnValue = (object?)null }));
app.Run();
