// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"
#include "rules/detectionrule.h"

#include <string>

namespace wb::rules {

// A rule written back with what the user changed and nothing else: the tuned query, a version
// one higher when the query changed (Kibana's version field), and references to the exception
// lists that go with it. Every other field is written as it was read.

// detection-rules TOML. A rule read from TOML is its file with only the query's text replaced
// (byte for byte the same when the query did not change); any other rule becomes a TOML with
// its [rule] fields as read and a [metadata] table.
std::string toDetectionRulesToml(const DetectionRule& rule, const std::string& query, const std::string& today);

// Kibana's rule import NDJSON: the rule object as read (key order kept), the exception lists
// and items, then the export summary line.
std::string toKibanaNdjson(const DetectionRule& rule, const std::string& query, const exceptions::ExceptionSet& lists);

// The rule object alone as one line of JSON (what toKibanaNdjson writes first).
std::string toKibanaRuleJson(
    const DetectionRule& rule, const std::string& query, const exceptions::ExceptionSet& lists);

} // namespace wb::rules
