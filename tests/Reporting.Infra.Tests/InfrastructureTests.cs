using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Caseload.Reporting.Tests;

/// <summary>
/// infra/ through the Bicep CLI (from its NuGet package): build and lint clean, every parameters file builds, and
/// the built ARM template keeps the security properties IT relies on. The CLI lints every file it builds (modules and
/// parameters files included) and says so among its warnings, so the builds are the linting too: a separate lint
/// would cost a third run of the CLI for the same warnings.
/// </summary>
public sealed partial class InfrastructureTests
{
    private static readonly string Infra = Path.Combine(Root(), "infra");
    private static readonly Lazy<Built> Templates = new(() => Build("build", "*.bicep"));
    private static readonly Lazy<Built> Parameters = new(() => Build("build-params", "*.bicepparam"));
    private static readonly Lazy<JsonNode> Template = new(() => Templates.Value.Read("main.json"));

    // The built-in roles the app's identity is meant to hold, by id.
    private static readonly Dictionary<string, string> IntendedRoles = new()
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void Main_builds_and_lints_with_no_errors_and_no_warnings()
    {
        Assert.Equal("", Templates.Value.Errors);
        Assert.NotNull(Template.Value["resources"]);
    }

    [Fact]
    public void Every_module_is_used_by_a_template_so_that_building_the_templates_lints_it()
    {
        var used = Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(file)).Select(m => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, m.Groups[1].Value))))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Directory.GetFiles(Path.Combine(Infra, "modules"), "*.bicep", SearchOption.AllDirectories), module => Assert.Contains(Path.GetFullPath(module), used));
    }

    [Theory]
    [InlineData("dev.bicepparam")]
    [InlineData("prod.bicepparam")]
    public void Each_environments_parameters_build_and_lint_clean(string file)
    {
        Assert.Equal("", Parameters.Value.Errors);
        Assert.Contains("@", ParameterText(file, "alertEmail"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_key_is_ever_listed_or_put_in_a_connection_string()
    {
        var text = Template.Value.ToJsonString();

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Storage_refuses_shared_keys_public_blobs_and_old_tls()
    {
        var accounts = Resources("Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(3, accounts.Count);  // the host's, the data's, the backups'

        Assert.All(accounts, a =>
        {
            Assert.False(a["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
            Assert.False(a["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
            Assert.Equal("TLS1_2", a["properties"]!["minimumTlsVersion"]!.GetValue<string>());
            Assert.True(a["properties"]!["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        });
        var data = Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "data-storage");
        Assert.Contains("extracts/", data["properties"]!["parameters"]!["retention"]!.ToJsonString(), StringComparison.Ordinal);  // children's data is deleted after its retention
    }

    [Fact]
    public void The_function_app_is_flex_consumption_custom_handler_https_only_with_identity_based_connections()
    {
        var plan = Assert.Single(Resources("Microsoft.Web/serverfarms"));
        var site = Assert.Single(Resources("Microsoft.Web/sites"));
        var properties = site["properties"]!;
        var config = properties["functionAppConfig"]!;

        Assert.Equal(("FlexConsumption", "FC1"), (plan["sku"]!["tier"]!.GetValue<string>(), plan["sku"]!["name"]!.GetValue<string>()));
        Assert.Equal("SystemAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", properties["siteConfig"]!["ftpsState"]!.GetValue<string>());
        Assert.Equal(("custom", "1.0"), (config["runtime"]!["name"]!.GetValue<string>(), config["runtime"]!["version"]!.GetValue<string>()));
        Assert.Equal("SystemAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains("maximumInstanceCount", config["scaleAndConcurrency"]!["maximumInstanceCount"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("instanceMemoryMB", config["scaleAndConcurrency"]!["instanceMemoryMB"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All(Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies"), p => Assert.False(p["properties"]!["allow"]!.GetValue<bool>()));

        var settings = Module("functionapp").Value!["variables"]!["settings"]!.ToJsonString();
        foreach (var identityBased in new[] { "AzureWebJobsStorage__credential", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "ServiceBus__fullyQualifiedNamespace", "ServiceBus__credential", "@Microsoft.KeyVault(SecretUri=" })
        {
            Assert.Contains(identityBased, settings, StringComparison.Ordinal);
        }

        // A source credential is a setting under Reporting:SourceCredentials, a reference to its own secret: the only settings sources.json can name.
        var credentials = Module("functionapp").Value!["variables"]!.ToJsonString();
        Assert.Contains("Reporting__SourceCredentials__", credentials, StringComparison.Ordinal);
        Assert.Contains("secrets/source-credential-", credentials, StringComparison.Ordinal);
        Assert.Contains("source-credential-", Module("roles").Value!.ToJsonString(), StringComparison.Ordinal);

        // A Teams webhook URL is a secret too: a reference per channel, each readable by the app alone.
        Assert.Contains("Reporting__Teams__Channels__", credentials, StringComparison.Ordinal);
        Assert.Contains("secrets/teams-channel-", credentials, StringComparison.Ordinal);
        Assert.Contains("teams-channel-", Module("roles").Value!.ToJsonString(), StringComparison.Ordinal);

        // The breach links: signed with a Key Vault secret the app alone reads, pointing at the app's own address.
        Assert.Contains("secrets/action-signing-key", settings, StringComparison.Ordinal);
        Assert.Contains("action-signing-key", Module("roles").Value!.ToJsonString(), StringComparison.Ordinal);
        var appSettings = Assert.Single(Resources("Microsoft.Web/sites/config"), c => c["name"]!.ToJsonString().Contains("appsettings", StringComparison.Ordinal));
        Assert.Contains("Reporting__PublicBaseUrl", appSettings["properties"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("defaultHostName", appSettings["properties"]!.ToJsonString(), StringComparison.Ordinal);

        // The council compared with DfE's published figures: the parameter becomes its setting, and only when given.
        var app = Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "function-app")["properties"]!["parameters"]!["appSettings"]!["value"]!.GetValue<string>();
        Assert.Contains("if(empty(parameters('councilCode')), createObject(), createObject('Reporting__Council__Code', parameters('councilCode')))", app, StringComparison.Ordinal);
        Assert.Equal("887", ParameterText("prod.bicepparam", "councilCode"));
    }

    [Fact]
    public void The_operations_workbook_and_the_alerts_name_the_metrics_the_code_emits_and_no_other()
    {
        var workbook = Assert.Single(Resources("Microsoft.Insights/workbooks"));
        Assert.Equal("Caseload Reporting — operations", workbook["properties"]!["displayName"]!.GetValue<string>());
        Assert.Contains("loadTextContent", File.ReadAllText(Path.Combine(Infra, "modules", "workbook.bicep")), StringComparison.Ordinal);
        var content = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "modules", "operations-workbook.json")))!;
        var items = content["items"]!.AsArray().Select(i => i!).ToList();
        var queries = items.Where(i => i["type"]!.GetValue<int>() == 3).Select(i => i["content"]!["query"]!.GetValue<string>()).ToList();

        // One list: every metric a tile asks for is one the code emits, and every one the code emits has a tile.
        var named = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Equal(Jobs.Telemetry.ReportingTelemetry.Metrics.Order(), named.Order());
        Assert.Contains(queries, q => q.Contains("requests", StringComparison.Ordinal));   // the Functions host's invocations
        var deadLetters = Assert.Single(items, i => i["type"]!.GetValue<int>() == 10);
        Assert.Equal("__SERVICE_BUS__", deadLetters["content"]!["resourceIds"]![0]!.GetValue<string>());
        Assert.Contains("DeadletteredMessages", deadLetters["content"]!["metrics"]!.ToJsonString(), StringComparison.Ordinal);

        // The alert on notifications that failed or were misconfigured in a run counts the product's own metric.
        var alerts = Module("alerts").Value!["variables"]!["logAlerts"]!.AsArray();
        var failed = Assert.Single(alerts, a => a!["key"]!.GetValue<string>() == "notifications-failed-in-a-run")!["query"]!.GetValue<string>();
        Assert.All(MetricName().Matches(failed).Select(m => m.Groups[1].Value), name => Assert.Contains(name, Jobs.Telemetry.ReportingTelemetry.Metrics));
        Assert.Contains("\"failed\", \"misconfigured\"", failed, StringComparison.Ordinal);

        // Rotating the signing key: the previous key's version, when given, is the setting that still accepts its links.
        var settings = Module("functionapp").Value!["variables"]!["settings"]!.ToJsonString();
        Assert.Contains("Reporting__Actions__PreviousSigningKeys", settings, StringComparison.Ordinal);
        Assert.Contains("if(empty(parameters('previousActionSigningKeyVersion')), createObject(), createObject('Reporting__Actions__PreviousSigningKeys', format('@Microsoft.KeyVault(SecretUri={0}secrets/action-signing-key/{1})'", settings.Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [GeneratedRegex("name == \"(reporting\\.[a-z_.]+)\"")]
    private static partial Regex MetricName();

    [Fact]
    public void The_backup_store_is_an_account_of_its_own_immutable_for_the_retention_that_the_app_may_add_to_and_delete_nothing_from()
    {
        var deployments = Resources("Microsoft.Resources/deployments").ToList();
        var store = Assert.Single(deployments, d => d["name"]!.GetValue<string>() == "backup-store");
        var role = Assert.Single(deployments, d => d["name"]!.GetValue<string>() == "backup-role");
        var template = store["properties"]!["template"]!;
        var account = Assert.Single(All(template), r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts");
        var immutability = account["properties"]!["immutableStorageWithVersioning"]!;

        // Deployed where the council keeps it: another subscription's resource group when given.
        foreach (var deployment in new[] { store, role })
        {
            Assert.Equal("[parameters('backupSubscriptionId')]", deployment["subscriptionId"]!.GetValue<string>());
            Assert.Equal("[parameters('backupResourceGroup')]", deployment["resourceGroup"]!.GetValue<string>());
        }

        // Every version immutable for the retention, locked where the parameters say (prod), versioning on, the container immutable.
        Assert.True(immutability["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('retentionDays')]", immutability["immutabilityPolicy"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        Assert.Equal("[if(parameters('locked'), 'Locked', 'Unlocked')]", immutability["immutabilityPolicy"]!["state"]!.GetValue<string>());
        Assert.Equal("[parameters('backupRetentionDays')]", store["properties"]!["parameters"]!["retentionDays"]!["value"]!.GetValue<string>());
        Assert.Equal("[parameters('backupImmutabilityLocked')]", store["properties"]!["parameters"]!["locked"]!["value"]!.GetValue<string>());
        Assert.Equal(35, Template.Value["parameters"]!["backupRetentionDays"]!["defaultValue"]!.GetValue<int>());
        Assert.True(Parameter("prod.bicepparam", "backupImmutabilityLocked"));
        Assert.False(Parameter("dev.bicepparam", "backupImmutabilityLocked"));
        Assert.True(All(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/blobServices")["properties"]!["isVersioningEnabled"]!.GetValue<bool>());
        var container = All(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.True(container["properties"]!["immutableStorageWithVersioning"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("None", container["properties"]!["publicAccess"]!.GetValue<string>());
        Assert.Equal("CanNotDelete", All(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Authorization/locks")["properties"]!["level"]!.GetValue<string>());
        Assert.Contains("RAGZRS", account["sku"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);  // a readable copy in another region

        // The app adds to the container and deletes nothing: its role's condition refuses every delete.
        var assignment = Assert.Single(All(role["properties"]!["template"]!), r => r["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments");
        Assert.Contains("storageBlobDataContributor", assignment["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'backups')]", assignment["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2.0", assignment["properties"]!["conditionVersion"]!.GetValue<string>());
        Assert.Contains("!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})", assignment["properties"]!["condition"]!.GetValue<string>(), StringComparison.Ordinal);

        // The app is told where to write, and IT when no point has been written for 26 hours.
        var app = deployments.Single(d => d["name"]!.GetValue<string>() == "function-app")["properties"]!["parameters"]!["appSettings"]!["value"]!.GetValue<string>();
        Assert.Contains("'Reporting__Backup__Target', reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', parameters('backupSubscriptionId'), parameters('backupResourceGroup')), 'Microsoft.Resources/deployments', 'backup-store')", app, StringComparison.Ordinal);
        Assert.Contains(".outputs.target.value", app, StringComparison.Ordinal);
        var missing = Assert.Single(Module("alerts").Value!["variables"]!["logAlerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == "backup-missing")!["query"]!.GetValue<string>();
        Assert.Contains("ago(26h)", missing, StringComparison.Ordinal);
        Assert.Contains("name == \"reporting.backup\"", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void The_regions_drop_builds_and_lints_clean_and_each_council_may_write_only_its_own_folder()
    {
        Assert.Equal("", Templates.Value.Errors);
        var template = Templates.Value.Read("region.json");
        var resources = All(template).ToList();

        var account = Assert.Single(resources, r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts");
        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", account["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("None", Assert.Single(resources, r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/blobServices/containers")["properties"]!["publicAccess"]!.GetValue<string>());

        // One assignment per council, looped over the parameter: Blob Data Contributor on the container, its writes,
        // adds and deletes conditioned on the blob's path starting with returns/{code}/.
        var writers = Assert.Single(resources, r => r["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments" && r["copy"]?["name"]?.GetValue<string>() == "councilWriters");
        var properties = writers["properties"]!;
        Assert.Contains("storageBlobDataContributor", properties["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2.0", properties["conditionVersion"]!.GetValue<string>());
        var condition = properties["condition"]!.GetValue<string>();
        foreach (var action in new[] { "blobs/write", "blobs/add/action", "blobs/delete" })
        {
            Assert.Contains($"!(ActionMatches{{{{''Microsoft.Storage/storageAccounts/blobServices/containers/{action}''}}}})", condition, StringComparison.Ordinal);
        }

        Assert.Contains("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith ''returns/{0}/''", condition, StringComparison.Ordinal);
        Assert.EndsWith("parameters('councils')[copyIndex()].code)]", condition, StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob, variables('container'))", template["outputs"]!["drop"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);

        // The council's own deployment takes the drop as a parameter, and sets it only when given.
        var app = Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "function-app")["properties"]!["parameters"]!["appSettings"]!["value"]!.GetValue<string>();
        Assert.Contains("if(empty(parameters('regionDrop')), createObject(), createObject('Reporting__Region__Drop', parameters('regionDrop')))", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_bus_key_vault_and_monitoring_allow_no_local_keys()
    {
        var bus = Assert.Single(Resources("Microsoft.ServiceBus/namespaces"));
        var vault = Assert.Single(Resources("Microsoft.KeyVault/vaults"));
        var insights = Assert.Single(Resources("Microsoft.Insights/components"));

        Assert.True(bus["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("1.2", bus["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("Standard", bus["sku"]!["name"]!.GetValue<string>());
        var queues = Resources("Microsoft.ServiceBus/namespaces/queues").Single()["properties"]!;
        Assert.True(queues["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        Assert.NotNull(queues["maxDeliveryCount"]);
        Assert.NotNull(queues["lockDuration"]);
        Assert.NotNull(queues["defaultMessageTimeToLive"]);
        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
        Assert.True(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void The_apps_identity_holds_exactly_the_intended_built_in_roles()
    {
        var roles = Module("roles").Value!["variables"]!["roles"]!.AsObject();
        var assignments = Resources("Microsoft.Authorization/roleAssignments").ToList();

        Assert.Equal(IntendedRoles.Keys.Order(), roles.Select(r => r.Value!.GetValue<string>()).Order());
        var used = assignments.Select(a => RoleKey().Match(a["properties"]!["roleDefinitionId"]!.GetValue<string>()).Groups[1].Value).ToList();
        Assert.All(used, key => Assert.True(roles.ContainsKey(key), $"role assignment to an unintended role '{key}'"));
        Assert.Equal(roles.Count, used.Distinct().Count());
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a["properties"]!["principalType"]!.GetValue<string>()));
        Assert.All(assignments, a => Assert.NotNull(a["scope"]));  // every one scoped to a resource, none to the group or subscription
    }

    [Fact]
    public void Alerts_cover_dead_letters_failures_the_weekly_heartbeat_and_the_ledger()
    {
        var metric = Assert.Single(Resources("Microsoft.Insights/metricAlerts"));
        var logs = Module("alerts").Value!["variables"]!["logAlerts"]!.AsArray().Select(a => a!["key"]!.GetValue<string>());

        Assert.Contains("DeadletteredMessages", metric.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["function-failures", "weekly-run-missing", "notification-failures", "notifications-failed-in-a-run", "backup-missing"], logs);
        Assert.Single(Resources("Microsoft.Insights/actionGroups"));
    }

    [Fact]
    public void Key_vault_audit_events_and_every_storage_services_reads_writes_and_deletes_go_to_log_analytics()
    {
        var settings = Resources("Microsoft.Insights/diagnosticSettings").ToList();
        var storage = All(Template.Value).Where(r => r["type"]?.GetValue<string>() == "Microsoft.Resources/deployments")
            .Select(r => r["properties"]!["template"]!).First(t => t["variables"]?["accessLogs"] is not null);
        var accessLogs = storage["variables"]!["accessLogs"]!.AsArray().Select(l => (l!["category"]!.GetValue<string>(), l["enabled"]!.GetValue<bool>()));
        var scopes = settings.Select(s => s["scope"]!.GetValue<string>()).ToList();

        Assert.Equal([("StorageRead", true), ("StorageWrite", true), ("StorageDelete", true)], accessLogs);
        foreach (var (service, accounts) in new[] { ("blobServices", 3), ("tableServices", 2), ("queueServices", 2) })
        {
            Assert.Equal(accounts, scopes.Count(s => s.Contains($"storageAccounts/{service}", StringComparison.Ordinal)));  // the host's and the data's, and the backups' blobs
        }

        var audit = Assert.Single(settings, s => s["scope"]!.GetValue<string>().Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        Assert.Equal("AuditEvent", audit["properties"]!["logs"]![0]!["category"]!.GetValue<string>());
        Assert.All(settings, s => Assert.Equal("[parameters('workspaceId')]", s["properties"]!["workspaceId"]!.GetValue<string>()));
        Assert.All(Resources("Microsoft.Resources/deployments").Where(d => d["name"]!.GetValue<string>() is "host-storage" or "data-storage" or "key-vault"),
            d => Assert.Contains("workspaceId", d["properties"]!["parameters"]!["workspaceId"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void With_network_isolation_storage_and_key_vault_refuse_the_internet_and_the_app_reaches_them_through_private_endpoints()
    {
        var closed = Resources("Microsoft.Storage/storageAccounts").Concat(Resources("Microsoft.KeyVault/vaults")).ToList();
        var deployments = Resources("Microsoft.Resources/deployments").ToList();
        var network = Assert.Single(deployments, d => d["name"]!.GetValue<string>() == "network");
        var vnet = Assert.Single(Resources("Microsoft.Network/virtualNetworks"));
        var endpoints = Assert.Single(Resources("Microsoft.Network/privateEndpoints"));
        var site = Assert.Single(Resources("Microsoft.Web/sites"));

        Assert.Equal(4, closed.Count);
        Assert.All(closed, r =>
        {
            Assert.Equal("[if(parameters('isolated'), 'Disabled', 'Enabled')]", r["properties"]!["publicNetworkAccess"]!.GetValue<string>());
            Assert.Equal("[if(parameters('isolated'), 'Deny', 'Allow')]", r["properties"]!["networkAcls"]!["defaultAction"]!.GetValue<string>());
        });
        Assert.All(deployments.Where(d => d["name"]!.GetValue<string>() is "host-storage" or "data-storage" or "key-vault" or "backup-store"),
            d => Assert.Equal("[parameters('networkIsolation')]", d["properties"]!["parameters"]!["isolated"]!["value"]!.GetValue<string>()));
        Assert.Equal("[parameters('networkIsolation')]", network["condition"]!.GetValue<string>());
        Assert.Contains("Microsoft.App/environments", vnet.ToJsonString(), StringComparison.Ordinal);  // the subnet Flex Consumption integrates with
        var accounts = network["properties"]!["parameters"]!["storageAccounts"]!["value"]!.AsArray();
        Assert.Equal(["blob,queue,table", "blob,table", "blob"], accounts.Select(a => string.Join(',', a!["services"]!.AsArray().Select(x => x!.GetValue<string>()))));  // the host's storage, the data, the backups
        Assert.Contains("groupIds", endpoints.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["blob", "queue", "table", "vault"], network["properties"]!["template"]!["variables"]!["zones"]!.AsObject().Select(z => z.Key));  // a private DNS zone each
        Assert.Equal("[if(empty(parameters('subnetId')), null(), parameters('subnetId'))]", site["properties"]!["virtualNetworkSubnetId"]!.GetValue<string>());

        Assert.True(Parameter("prod.bicepparam", "networkIsolation"));
        Assert.False(Parameter("dev.bicepparam", "networkIsolation"));
    }

    private static bool Parameter(string file, string name) => ParameterValue(file, name).GetValue<bool>();

    private static string ParameterText(string file, string name) => ParameterValue(file, name).GetValue<string>();

    private static JsonNode ParameterValue(string file, string name)
    {
        return Parameters.Value.Read(Path.ChangeExtension(file, ".json"))["parameters"]![name]!["value"]!;
    }

    /// <summary>Every resource of a type, in the main template and every module's.</summary>
    private static IEnumerable<JsonNode> Resources(string type) => All(Template.Value).Where(r => r["type"]?.GetValue<string>() == type);

    private static IEnumerable<JsonNode> All(JsonNode template)
    {
        foreach (var resource in template["resources"]!.AsArray())
        {
            yield return resource!;
            if (resource!["properties"] is JsonObject { } properties && properties["template"] is { } nested)
            {
                foreach (var inner in All(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The template of a module, by its file name.</summary>
    private static KeyValuePair<string, JsonNode?> Module(string module) =>
        new(module, All(Template.Value).Where(r => r["type"]?.GetValue<string>() == "Microsoft.Resources/deployments")
            .Select(r => r["properties"]!["template"]!)
            .Single(t => module switch
            {
                "functionapp" => t["variables"]?["settings"] is not null,
                "roles" => t["variables"]?["roles"] is not null,
                _ => t["variables"]?["logAlerts"] is not null,
            }));

    /// <summary>
    /// Every file of infra/ that matches, built by one run of the Bicep CLI into a folder of its own (a run costs seconds
    /// and ran once a file), with what the CLI said on its way: each warning names its file and line.
    /// </summary>
    private static Built Build(string command, string pattern)
    {
        var folder = Directory.CreateTempSubdirectory("caseload-bicep-");
        try
        {
            var (_, error) = RunBicep(command, "--pattern", Path.Combine(Infra, pattern), "--outdir", folder.FullName);
            return new Built(folder.GetFiles().ToDictionary(f => f.Name, f => File.ReadAllText(f.FullName), StringComparer.Ordinal), error.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What one run of the CLI wrote, by file name, and its warnings and errors.</summary>
    private sealed record Built(IReadOnlyDictionary<string, string> Files, string Errors)
    {
        public JsonNode Read(string file) => JsonNode.Parse(Files[file])!;
    }

    private static (string Output, string Error) RunBicep(params string[] arguments)
    {
        var bicep = typeof(InfrastructureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');
        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no update check: CI has no network.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bicep {string.Join(' ', arguments)} failed: {error}");
        return (output.Result, error);
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Reporting.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Reporting.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+\.bicep)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"variables\('(?:roles|builtInRoles)'\)\.(\w+)")]
    private static partial Regex RoleKey();
}
