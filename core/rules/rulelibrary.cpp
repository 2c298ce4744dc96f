// SPDX-License-Identifier: Apache-2.0
#include "rulelibrary.h"

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
        version(
            1, OldName, "7.12.0", V1, "8.5 rule page, version history: the query v2 changed from (9 private ranges)"),
        version(2, OldName, "7.14.0", V2, "8.5 rule page, version history: the query v6 changed from (26 ranges)"),
        version(3, OldName, "7.15.0", V2, "8.5 rule page: formatting only"),
        version(4, OldName, "8.2.0", V2, "8.5 rule page: formatting only"),
        version(6, Name, "8.4.0", V100, "8.5 rule page: renamed; the query v100 changed from"),
        version(100, Name, "8.5.0", V100, "Elastic Security 8.5.0 rule page, where it is version 100"),
        version(101, Name, "detection-rules 59da2da4 (2023-03)", V101,
            "detection-rules: host.os.type added to both stages"),
        version(106, Name, "detection-rules 1fb58e1b (2024-05); 8.17.4 page shows it as v108", V106,
            "8.17.4 rule page: stage-keyed joins, maxspan 15s, java/ruby/node"),
        version(110, NewName, "detection-rules 4ef72457 (2025-04)", V110,
            "elastic/detection-rules, April 2025: stage 1 matches interpreters, curl and nscurl; stage 2 any network "
            "start",
            {"logs-endpoint.events.network*", "logs-endpoint.events.process*"}),
    };
    seed.versions.back().mitre.push_back({"TA0011", "Command and Control", "T1105", "Ingress Tool Transfer"});
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

} // namespace wb::rules
