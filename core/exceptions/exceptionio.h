// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptionmodel.h"

#include <string>
#include <vector>

namespace wb::exceptions {

// Reads exception lists as Kibana exports them (NDJSON: containers, items, the export summary
// line) or as elastic/detection-rules keeps them (TOML with [[exceptions]] container and items),
// checking every object against Kibana's import schema: required keys, no unknown keys, valid
// entry shapes. Problems are collected with file:line; objects with problems are left out.
struct ReadResult {
    ExceptionSet set;
    std::vector<ExceptionIssue> issues;
    bool ok() const { return issues.empty(); }
};
ReadResult readExceptions(const std::string& path);
ReadResult parseKibanaNdjson(const std::string& text, const std::string& file);
ReadResult parseDetectionRulesToml(const std::string& text, const std::string& file);
void merge(ExceptionSet& into, ExceptionSet from);

// Kibana's export: every container, then every item, then the export summary line; only keys
// the import schema allows.
std::string toKibanaNdjson(const ExceptionSet& set, bool withSummary = true);
std::string containerJson(const ExceptionList& list);
std::string itemJson(const ExceptionItem& item);
// detection-rules' exceptions TOML for one list ([metadata] + [[exceptions]]). Its schema has no
// os_types on items, so they are left out: check osTypesDropped() and tell the user.
std::string toDetectionRulesToml(const ExceptionList& list, const std::vector<std::string>& ruleIds,
    const std::vector<std::string>& ruleNames, const std::string& date);
bool osTypesDropped(const ExceptionList& list);

} // namespace wb::exceptions
