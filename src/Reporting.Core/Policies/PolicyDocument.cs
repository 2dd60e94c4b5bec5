using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Policies;

/// <summary>
/// Reads policy.json: merged over <see cref="Policy.Default"/> object by object and field by field; arrays
/// replace. An unknown field or a value of the wrong kind is an error naming the field, and every such error is
/// reported, not only the first.
/// </summary>
public static class PolicyDocument
{
    /// <summary>
    /// A policy as the document that gives it (every field, the defaults included): what <c>policy show</c> prints,
    /// so that the policy in force can be edited and set again. Reading it back gives the same policy.
    /// </summary>
    public static string Write(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var limits = new JsonObject();
        foreach (var (type, limit) in policy.Limits.TeamTypes.OrderBy(t => Vocabulary.Code(t.Key), StringComparer.Ordinal))
        {
            limits[Vocabulary.Code(type)] = limit;
        }

        var asye = new JsonObject();
        if (policy.Asye.Fraction is { } fraction)
        {
            asye["fraction"] = fraction;
        }

        if (policy.Asye.Max is { } max)
        {
            asye["max"] = max;
        }

        var weights = new JsonObject();
        foreach (var (type, weight) in policy.Weights.ByCaseType.OrderBy(w => (int)w.Key))
        {
            weights[Vocabulary.Code(type)] = weight;
        }

        weights["inProceedingsUplift"] = policy.Weights.InProceedingsUplift;
        var document = new JsonObject
        {
            ["version"] = policy.Version,
            ["countBy"] = policy.CountBy == CountBy.Family ? "family" : "child",
            ["limitOn"] = policy.LimitOn == LimitOn.Weighted ? "weighted" : "count",
            ["limits"] = new JsonObject { ["default"] = policy.Limits.Default, ["teamTypes"] = limits },
            ["asye"] = asye,
            ["proRataFte"] = policy.ProRataFte,
            ["amberMax"] = policy.AmberMax,
            ["exemptRoles"] = new JsonArray([.. policy.ExemptRoles.Select(r => Vocabulary.Code(r)).Order(StringComparer.Ordinal).Select(c => (JsonNode?)c)]),
            ["weights"] = weights,
            ["escalation"] = new JsonObject
            {
                ["headOfServiceAfterWeeks"] = policy.Escalation.HeadOfServiceAfterWeeks,
                ["leadershipAfterWeeks"] = policy.Escalation.LeadershipAfterWeeks,
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a policy document.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="file">The file name to report problems against.</param>
    /// <exception cref="InvalidInputException">The document is not a valid policy.</exception>
    public static Policy Parse(string json, string file = "policy.json")
    {
        var reader = new Reader(file);
        return reader.Read(json, "policy", reader.Policy);
    }

    private sealed class Reader(string file) : JsonDocumentReader(file, "policy_invalid")
    {
        public Policy Policy(JsonElement root)
        {
            var policy = Policies.Policy.Default;
            foreach (var field in Fields(root, "", "version", "countBy", "limitOn", "limits", "asye", "proRataFte", "amberMax", "exemptRoles", "weights", "escalation"))
            {
                var value = field.Value;
                policy = field.Name switch
                {
                    "version" => Text(value, "version") is { } version ? Version(policy, version) : policy,
                    "countBy" => Code<CountBy>(value, "countBy") is { } countBy ? policy with { CountBy = countBy } : policy,
                    "limitOn" => Code<LimitOn>(value, "limitOn") is { } limitOn ? policy with { LimitOn = limitOn } : policy,
                    "limits" => policy with { Limits = Limits(value, policy.Limits) },
                    "asye" => policy with { Asye = Asye(value, policy.Asye) },
                    "proRataFte" => Boolean(value, "proRataFte") is { } proRata ? policy with { ProRataFte = proRata } : policy,
                    "amberMax" => Number(value, "amberMax", atLeastZero: true) is { } amberMax ? policy with { AmberMax = amberMax } : policy,
                    "exemptRoles" => ExemptRoles(value) is { } roles ? policy with { ExemptRoles = roles } : policy,
                    "escalation" => policy with { Escalation = Escalation(value, policy.Escalation) },
                    _ => policy with { Weights = Weights(value, policy.Weights) },
                };
            }

            return policy;
        }

        private Policy Version(Policy policy, string version) =>
            string.IsNullOrWhiteSpace(version) ? Fail(policy, "version", "expected a version name, got an empty string") : policy with { Version = version.Trim() };

        private CaseloadLimits Limits(JsonElement value, CaseloadLimits limits)
        {
            foreach (var field in Fields(value, "limits", "default", "teamTypes"))
            {
                if (field.Name == "default")
                {
                    limits = Number(field.Value, "limits.default", atLeastZero: false) is { } limit ? limits with { Default = limit } : limits;
                    continue;
                }

                var teamTypes = new Dictionary<TeamType, decimal>(limits.TeamTypes);
                foreach (var entry in Fields(field.Value, "limits.teamTypes", [.. Vocabulary.Codes<TeamType>()]))
                {
                    if (Vocabulary.TryParse<TeamType>(entry.Name, out var teamType)
                        && Number(entry.Value, $"limits.teamTypes.{entry.Name}", atLeastZero: false) is { } limit)
                    {
                        teamTypes[teamType] = limit;
                    }
                }

                limits = limits with { TeamTypes = teamTypes.ToFrozenDictionary() };
            }

            return limits;
        }

        private AsyeProtection Asye(JsonElement value, AsyeProtection asye)
        {
            foreach (var field in Fields(value, "asye", "fraction", "max"))
            {
                var path = $"asye.{field.Name}";
                var number = field.Value.ValueKind == JsonValueKind.Null ? null : Number(field.Value, path, atLeastZero: false);
                if (field.Name == "fraction")
                {
                    if (number > 1m)
                    {
                        Fail(path, $"expected a share of the team limit, greater than 0 and at most 1, got {field.Value.GetRawText()}");
                        continue;
                    }

                    asye = asye with { Fraction = number };
                }
                else
                {
                    asye = asye with { Max = number };
                }
            }

            return asye;
        }

        private Actions.EscalationPolicy Escalation(JsonElement value, Actions.EscalationPolicy escalation)
        {
            foreach (var field in Fields(value, "escalation", "headOfServiceAfterWeeks", "leadershipAfterWeeks"))
            {
                if (Between(field.Value, $"escalation.{field.Name}", 1, 52, whole: true) is { } weeks)
                {
                    escalation = field.Name == "headOfServiceAfterWeeks" ? escalation with { HeadOfServiceAfterWeeks = (int)weeks } : escalation with { LeadershipAfterWeeks = (int)weeks };
                }
            }

            return escalation.LeadershipAfterWeeks >= escalation.HeadOfServiceAfterWeeks ? escalation
                : Fail(escalation, "escalation.leadershipAfterWeeks", $"expected at least headOfServiceAfterWeeks ({escalation.HeadOfServiceAfterWeeks}): a breach reaches the head of service before leadership");
        }

        private FrozenSet<Role>? ExemptRoles(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return Fail<FrozenSet<Role>?>(null, "exemptRoles", $"expected an array of roles, got {Kind(value)}");
            }

            var roles = new HashSet<Role>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (Code<Role>(item, $"exemptRoles[{index++}]") is { } role)
                {
                    roles.Add(role);
                }
            }

            return roles.ToFrozenSet();
        }

        private CaseWeights Weights(JsonElement value, CaseWeights weights)
        {
            var byCaseType = new Dictionary<CaseType, decimal>(weights.ByCaseType);
            var uplift = weights.InProceedingsUplift;
            foreach (var field in Fields(value, "weights", [.. Vocabulary.Codes<CaseType>(), "inProceedingsUplift"]))
            {
                if (Number(field.Value, $"weights.{field.Name}", atLeastZero: true) is not { } weight)
                {
                    continue;
                }

                if (field.Name == "inProceedingsUplift")
                {
                    uplift = weight;
                }
                else if (Vocabulary.TryParse<CaseType>(field.Name, out var caseType))
                {
                    byCaseType[caseType] = weight;
                }
            }

            return new CaseWeights(byCaseType.ToFrozenDictionary(), uplift);
        }
    }
}
