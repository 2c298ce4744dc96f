// SPDX-License-Identifier: Apache-2.0
#include "rules/detectionrule.h"

#include <algorithm>

namespace wb::rules {

const char* formatName(RuleFormat format) {
    switch (format) {
    case RuleFormat::DetectionRulesToml:
        return "detection-rules TOML";
    case RuleFormat::KibanaNdjson:
        return "Kibana rule export (NDJSON)";
    case RuleFormat::KibanaJson:
        return "Kibana rules API (JSON)";
    case RuleFormat::Eql:
        return "EQL";
    }
    return "";
}

std::string RuleIssue::text() const {
    return file + ":" + std::to_string(line) + ": " + message;
}

namespace {
std::vector<std::string> tagValues(const std::vector<std::string>& tags, const std::string& prefix) {
    std::vector<std::string> out;
    for (const std::string& t : tags)
        if (t.rfind(prefix, 0) == 0) out.push_back(t.substr(prefix.size()));
    return out;
}

// Kibana's index patterns are wildcard expressions (only '*'), compared case-sensitively.
bool wildcardMatches(const std::string& pattern, const std::string& text) {
    std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}
} // namespace

std::vector<std::string> DetectionRule::tactics() const {
    std::vector<std::string> out;
    for (const auto& t : threat)
        if (t.is_object() && t.contains("tactic") && t["tactic"].is_object() && t["tactic"].contains("name")
            && t["tactic"]["name"].is_string())
            out.push_back(t["tactic"]["name"].get<std::string>());
    if (out.empty()) out = tagValues(tags, "Tactic: ");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> DetectionRule::operatingSystems() const {
    return tagValues(tags, "OS: ");
}

std::vector<std::string> DetectionRule::exceptionListIds() const {
    std::vector<std::string> out;
    for (const auto& ref : exceptionsList)
        if (ref.is_object() && ref.contains("list_id") && ref["list_id"].is_string())
            out.push_back(ref["list_id"].get<std::string>());
    return out;
}

bool DetectionRule::searchesIndex(const std::string& indexName) const {
    if (index.empty()) return true;
    bool included = false;
    for (std::string pattern : index) {
        const bool exclusion = !pattern.empty() && pattern[0] == '-';
        if (exclusion) pattern.erase(0, 1);
        if (const auto colon = pattern.find(':'); colon != std::string::npos) // remote cluster: the index part
            pattern.erase(0, colon + 1);
        if (!wildcardMatches(pattern, indexName)) continue;
        if (exclusion) return false;
        included = true;
    }
    return included;
}

nlohmann::ordered_json DetectionRule::toJson() const {
    nlohmann::ordered_json o;
    o["rule_id"] = ruleId;
    if (!id.empty()) o["id"] = id;
    o["name"] = name;
    o["description"] = description;
    o["type"] = type;
    o["language"] = language;
    o["query"] = query;
    o["index"] = index;
    o["interval"] = interval;
    o["from"] = from;
    o["to"] = to;
    o["max_signals"] = maxSignals;
    o["timestamp_override"]
        = timestampOverride.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(timestampOverride);
    o["timestamp_override_fallback_disabled"] = timestampOverrideFallbackDisabled;
    o["event_category_override"]
        = eventCategoryOverride.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(eventCategoryOverride);
    o["tiebreaker_field"]
        = tiebreakerField.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(tiebreakerField);
    o["timestamp_field"] = timestampField.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(timestampField);
    o["filters"] = filters;
    o["exceptions_list"] = exceptionsList;
    o["alert_suppression"] = alertSuppression;
    o["building_block_type"]
        = buildingBlockType.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(buildingBlockType);
    o["severity"] = severity;
    o["risk_score"] = riskScore;
    o["tags"] = tags;
    o["threat"] = threat;
    o["version"] = version ? nlohmann::ordered_json(*version) : nlohmann::ordered_json();
    o["supported"] = supported;
    o["unsupported_reason"] = supported ? nlohmann::ordered_json() : nlohmann::ordered_json(unsupportedReason);
    o["source"] = {{"file", file}, {"line", line}, {"format", formatName(format)}};
    return o;
}

} // namespace wb::rules
