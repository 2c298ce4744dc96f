// SPDX-License-Identifier: Apache-2.0
#include "rulelibrary.h"

#include "rules/detectionrule.h"

namespace wb::rules {

namespace {
const char* const OldName = "macOS Installer Spawns Network Event";
const char* const Name = "MacOS Installer Package Spawns Network Event";
const char* const NewName = "Suspicious Installer Package Spawns Network Event";

const char* const V1 = R"(sequence by process.entity_id with maxspan=1m
  [process where event.type == "start" and host.os.family == "macos" and
     process.parent.executable in ("/usr/sbin/installer", "/System/Library/CoreServices/Installer.app/Contents/MacOS/Installer")]
  [network where not cidrmatch(destination.ip, "192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "224.0.0.0/8",
     "127.0.0.0/8", "169.254.0.0/16", "::1", "FE80::/10", "FF00::/8")])";

const char* const V2 = R"(sequence by process.entity_id with maxspan=1m
  [process where event.type == "start" and host.os.family == "macos" and
     process.parent.executable in ("/usr/sbin/installer", "/System/Library/CoreServices/Installer.app/Contents/MacOS/Installer")]
  [network where not cidrmatch(destination.ip, "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
     "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32",
     "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.168.0.0/16", "192.88.99.0/24",
     "224.0.0.0/4", "100.64.0.0/10", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
     "240.0.0.0/4", "::1", "FE80::/10", "FF00::/8")])";

const char* const V100 = R"(sequence by host.id, user.id with maxspan=30s
  [process where event.type == "start" and event.action == "exec" and
     process.parent.name : ("installer", "package_script_service") and
     process.name : ("bash", "sh", "zsh", "python", "osascript", "tclsh*")]
  [network where event.type == "start" and process.name : ("curl", "osascript", "wget", "python")])";

const char* const V101 = R"(sequence by host.id, user.id with maxspan=30s
  [process where host.os.type == "macos" and event.type == "start" and event.action == "exec" and
     process.parent.name : ("installer", "package_script_service") and
     process.name : ("bash", "sh", "zsh", "python", "osascript", "tclsh*")]
  [network where host.os.type == "macos" and event.type == "start" and
     process.name : ("curl", "osascript", "wget", "python")])";

const char* const V106 = R"(sequence by host.id with maxspan=15s
  [process where host.os.type == "macos" and event.type == "start" and event.action == "exec" and
     process.parent.name : ("installer", "package_script_service") and
     process.name : ("bash", "sh", "zsh", "python", "osascript", "tclsh*")] by process.entity_id
  [network where host.os.type == "macos" and event.type == "start" and
     process.name : ("curl", "osascript", "wget", "python", "java", "ruby", "node")] by process.parent.entity_id)";

// The current upstream query (detection-rules, rules/macos/execution_installer_package_spawned_network_event.toml).
const char* const V113 = R"(sequence by host.id, process.entity_id with maxspan=15s
[process where host.os.type == "macos" and event.type == "start" and event.action == "exec" and process.parent.name like~ ("installer", "package_script_service") and ((process.name in ("bash", "sh", "zsh") and process.args == "-c") or (process.name like~ ("python*", "osascript", "tclsh*", "curl", "nscurl")))]
[network where host.os.type == "macos" and event.type == "start"])";

const char* const V110 = R"(sequence by host.id, process.entity_id with maxspan=15s
  [process where host.os.type == "macos" and event.type == "start" and event.action == "exec" and
     process.parent.name like~ ("installer", "package_script_service") and
     ((process.name in ("bash", "sh", "zsh") and process.args == "-c") or
      process.name like~ ("python*", "osascript", "tclsh*", "curl", "nscurl"))]
  [network where host.os.type == "macos" and event.type == "start"])";

std::vector<MitreTechnique> mitreBase() {
    return {{"TA0002", "Execution", "T1059", "Command and Scripting Interpreter"},
        {"TA0011", "Command and Control", "T1071", "Application Layer Protocol"}};
}

RuleVersion version(int number, const char* name, const char* release, const char* query, const char* provenance,
    std::vector<std::string> index = {"logs-endpoint.events.*"}) {
    RuleVersion v;
    v.label = "v" + std::to_string(number);
    v.version = number;
    v.name = name;
    v.release = release;
    v.severity = "medium";
    v.riskScore = 47;
    v.index = std::move(index);
    v.mitre = mitreBase();
    v.query = query;
    v.provenance = provenance;
    return v;
}

std::vector<Rule> makeRules() {
    Rule seed;
    seed.ruleId = "99239e7d-b0d4-46e3-8609-acafcf99f68c";
    seed.description
        = "Detects the execution of a MacOS installer package with an abnormal child process (e.g bash) followed "
          "immediately by a network connection via a suspicious process (e.g curl).";
    seed.versions = {
        version(1, OldName, "Elastic Stack 7.12.0, March 2021", V1,
            "the 8.5 rule page's version history: the query version 2 changed"),
        version(2, OldName, "Elastic Stack 7.14.0, August 2021", V2,
            "the 8.5 rule page's version history: the query version 6 changed"),
        version(3, OldName, "Elastic Stack 7.15.0, September 2021", V2, "the 8.5 rule page: formatting only"),
        version(4, OldName, "Elastic Stack 8.2.0, May 2022", V2, "the 8.5 rule page: formatting only"),
        version(6, Name, "Elastic Stack 8.4.0, August 2022", V100,
            "the 8.5 rule page: renamed; the query version 100 changed"),
        version(100, Name, "Elastic Stack 8.5.0, November 2022", V100,
            "Elastic Security 8.5.0 rule page, where it is version 100"),
        version(101, Name, "detection-rules, March 2023", V101, "detection-rules: host.os.type added to both stages"),
        version(106, Name, "detection-rules, May 2024 (the 8.17.4 rule page shows it as version 108)", V106,
            "stage-keyed joins, maxspan 15s, java/ruby/node"),
        version(110, NewName, "detection-rules, April 2025", V110,
            "elastic/detection-rules, April 2025: stage 1 matches interpreters, curl and nscurl; stage 2 any network "
            "start",
            {"logs-endpoint.events.network*", "logs-endpoint.events.process*"}),
        version(113, NewName, "detection-rules, March 2026", V113,
            "elastic/detection-rules, rule updated 2026-03-24: the current query, as Kibana ships it",
            {"logs-endpoint.events.network*", "logs-endpoint.events.process*"}),
    };
    for (auto it = seed.versions.end() - 2; it != seed.versions.end(); ++it)
        it->mitre.push_back({"TA0011", "Command and Control", "T1105", "Ingress Tool Transfer"});
    return {seed};
}
} // namespace

const RuleVersion* Rule::find(const std::string& label) const {
    for (const RuleVersion& v : versions)
        if (v.label == label) return &v;
    return nullptr;
}

const std::vector<Rule>& builtinRules() {
    static const std::vector<Rule> rules = makeRules();
    return rules;
}

const Rule& seedRule() {
    return builtinRules().front();
}

DetectionRule toDetectionRule(const Rule& rule, const RuleVersion& v) {
    DetectionRule r;
    r.file = "built-in " + v.label;
    r.ruleId = rule.ruleId;
    r.name = v.name;
    r.description = rule.description;
    r.query = v.query;
    r.index = v.index;
    r.interval = v.interval;
    r.from = v.from;
    r.maxSignals = v.maxSignals;
    r.severity = v.severity;
    r.riskScore = v.riskScore;
    r.version = v.version;
    for (const auto& t : v.mitre)
        r.threat.push_back({{"framework", "MITRE ATT&CK"}, {"tactic", {{"id", t.tacticId}, {"name", t.tacticName}}},
            {"technique", {{{"id", t.techniqueId}, {"name", t.techniqueName}}}}});
    r.original = nlohmann::ordered_json::object();
    return r;
}

} // namespace wb::rules
