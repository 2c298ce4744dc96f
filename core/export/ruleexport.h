// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"
#include "rules/rulelibrary.h"

#include <string>
#include <vector>

namespace wb::ruleexport {

// A tuned rule to hand to Kibana or elastic/detection-rules: the published version's metadata,
// the tuned query, and the exception lists it references.
struct TunedRule {
    rules::RuleVersion base; // name, severity, risk score, interval, from, max signals, index, MITRE
    std::string ruleId; // a new id: a tuned copy is a custom rule, not the prebuilt one
    std::string query;
    exceptions::ExceptionSet exceptions;
    std::vector<std::string> tags;
};

// Kibana rule export: the rule (with exceptions_list references), the lists and their items,
// then the export summary line. Kibana re-binds the references by list_id on import.
std::string kibanaRuleNdjson(const TunedRule& rule);
// detection-rules rule TOML ([metadata], [rule], [[rule.exceptions_list]], [[rule.threat]]).
std::string detectionRulesToml(const TunedRule& rule, const std::string& date);
// The `_eql/search` body Kibana sends for one run over [fromIso, toIso]: size = max_signals, a
// filter with the time range and the exceptions as must_not clauses, fields.
std::string eqlSearchRequest(const TunedRule& rule, const std::string& fromIso, const std::string& toIso);
std::string curlCommand(const TunedRule& rule, const std::string& fromIso, const std::string& toIso);

// Reads back what kibanaRuleNdjson writes (the rule's query and the lists in the same file).
struct ImportedRule {
    std::string ruleId, name, query;
    exceptions::ExceptionSet exceptions;
    std::vector<std::string> referencedLists;
};
ImportedRule parseKibanaRuleNdjson(const std::string& text);

} // namespace wb::ruleexport
