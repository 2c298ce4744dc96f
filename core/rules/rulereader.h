// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/detectionrule.h"

#include <string>
#include <vector>

namespace wb::rules {

// Reads every rule a file holds, whatever its shape: detection-rules TOML ([metadata], [rule],
// [[rule.threat]] ...), a Kibana rule export (NDJSON: rules, their exception lists and items,
// the summary line), the Kibana rules API's JSON (one rule, an array, or {"data": [...]}), or a
// bare .eql query. Rules of other types (query/KQL, new_terms, esql, threshold, threat_match,
// machine_learning, ...) are read and marked unsupported with the reason; they are not errors.
// Problems are issues at file:line; a reader never throws.
RuleFile readRuleFile(const std::string& path);
RuleFile parseRuleText(const std::string& text, const std::string& path);

// Every rule file below the given files and folders (recursive: .toml, .ndjson, .json, .eql),
// in path order. Files that cannot be read are issues of their own RuleFile.
std::vector<RuleFile> readRuleLibrary(const std::vector<std::string>& paths);
// The files readRuleLibrary would read, sorted.
std::vector<std::string> ruleFilesBelow(const std::vector<std::string>& paths, std::vector<RuleIssue>& issues);

// The rule a command means: the only rule of the file, or the one with this rule_id.
const DetectionRule* findRule(const RuleFile& file, const std::string& ruleId, std::string& error);

} // namespace wb::rules
