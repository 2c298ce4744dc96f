// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wb::rules {

enum class RuleFormat { DetectionRulesToml, KibanaNdjson, KibanaJson, Eql };
const char* formatName(RuleFormat format);

// A detection rule as Kibana's detection engine runs it: everything the EQL executor reads
// (query, index, schedule, size, timestamp and category overrides, tiebreaker, filters,
// exceptions, suppression, building blocks) and what people look at (name, severity, risk,
// tags, MITRE). The rule as read is kept whole (`original`, `sourceText`) so an export writes
// back every field it had, changed only where the user changed it.
struct DetectionRule {
    // Where it was read from: the file, and the line of the rule (NDJSON) or of its query (TOML).
    std::string file;
    int line = 1;
    int queryLine = 1; // the line the query text starts on, to place query errors
    RuleFormat format = RuleFormat::Eql;

    std::string ruleId;
    std::string id; // Kibana's saved-object id, when the export has one
    std::string name;
    std::string description;
    std::string type = "eql";
    std::string language = "eql";
    std::string query;
    std::vector<std::string> index;
    std::string interval = "5m";
    std::string from = "now-6m";
    std::string to = "now";
    std::int64_t maxSignals = 100;
    std::string timestampOverride; // empty: @timestamp
    bool timestampOverrideFallbackDisabled = false;
    std::string eventCategoryOverride; // empty: event.category
    std::string tiebreakerField; // empty: none
    std::string timestampField; // the EQL request's timestamp_field; empty: @timestamp
    nlohmann::ordered_json filters = nlohmann::ordered_json::array();
    nlohmann::ordered_json exceptionsList = nlohmann::ordered_json::array(); // [{id, list_id, namespace_type, type}]
    nlohmann::ordered_json alertSuppression; // null when the rule has none
    std::string buildingBlockType;
    std::string severity = "low";
    int riskScore = 21;
    std::vector<std::string> tags;
    nlohmann::ordered_json threat = nlohmann::ordered_json::array();
    std::optional<int> version;
    nlohmann::ordered_json metadata; // detection-rules' [metadata] table (maturity, dates, integration)

    // The rule object as read (Kibana's JSON, or the TOML [rule] table as JSON) and the text it
    // was read from (the whole TOML file, the NDJSON line, the .eql file).
    nlohmann::ordered_json original;
    std::string sourceText;

    bool supported = true;
    std::string unsupportedReason; // why the workbench cannot run it (not EQL, ...)

    // "Execution", "Command and Control": from the MITRE mapping, else the "Tactic: …" tags.
    std::vector<std::string> tactics() const;
    // "macOS", "Windows": from the "OS: …" tags.
    std::vector<std::string> operatingSystems() const;
    // The names of the exception lists the rule references (its exceptions_list).
    std::vector<std::string> exceptionListIds() const;
    // Whether an event of this index is searched: Kibana's index patterns (wildcards, "-"
    // exclusions, "cluster:" prefixes); an empty pattern list matches everything.
    bool searchesIndex(const std::string& index) const;
    // The rule as Kibana's rule schema names its fields: rule_id, name, type, language, query, index,
    // interval, from, to, max_signals, ..., plus "supported" and "unsupported_reason".
    nlohmann::ordered_json toJson() const;
};

// A problem found reading rules, at its place.
struct RuleIssue {
    std::string file;
    int line = 0;
    std::string message;
    std::string text() const; // "file:line: message"
};

// What one file holds: its rules, the exception lists exported with them, and its problems.
struct RuleFile {
    std::string path;
    std::vector<DetectionRule> rules;
    exceptions::ExceptionSet exceptions;
    std::vector<RuleIssue> issues;
};

} // namespace wb::rules
