// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace wb::rules {

struct MitreTechnique {
    std::string tacticId, tacticName, techniqueId, techniqueName;
};

// One published version of a detection rule, with the metadata Kibana shows for it.
struct RuleVersion {
    std::string label; // "v100"
    int version = 0;
    std::string name;
    std::string release; // Elastic Stack release, or the detection-rules commit date
    std::string severity;
    int riskScore = 0;
    std::string interval = "5m";
    std::string from = "now-9m";
    int maxSignals = 100;
    std::vector<std::string> index;
    std::vector<MitreTechnique> mitre;
    std::string query;
    std::string provenance; // where the query text comes from
};

struct Rule {
    std::string ruleId;
    std::string description;
    std::vector<RuleVersion> versions; // oldest first
    const RuleVersion* find(const std::string& label) const;
};

// The rules the workbench ships. The first is the seed rule, "MacOS Installer Package Spawns
// Network Event", with its whole public lineage (v1 ... v110).
const std::vector<Rule>& builtinRules();
const Rule& seedRule();
// A built-in version as a detection rule (for the settings a run uses and for exports).
struct DetectionRule;
DetectionRule toDetectionRule(const Rule& rule, const RuleVersion& version);

} // namespace wb::rules
