// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "argumentparser.h"
#include "eql/ast.h"
#include "exceptions/exceptionmodel.h"
#include "explain/explainer.h"
#include "rules/detectionrule.h"
#include "rules/ruleplan.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace wb::cli {

// A rule as a command names it: a rule file, a version of the built-in lineage, or a query.
struct RuleChoice {
    std::string label; // for messages: the rule's name, "v100", or "--query"
    rules::DetectionRule rule;
    exceptions::ExceptionSet fileLists; // the lists exported with it, for its exceptions_list
};

// kind: "rule" (a file; ruleId picks one of several), "version" or "query". nullopt with a
// message when it cannot be had; `inputError` tells a file that cannot be read from a choice that
// is wrong (an unknown version, a rule that cannot run here).
std::optional<RuleChoice> resolveRuleChoice(const std::string& kind, const std::string& value, std::string& error,
    const std::string& ruleId = {}, bool* inputError = nullptr);

// The rule a command's --rule FILE [--rule-id ID], --version V, --query EQL or --query-file FILE
// names (exactly one of them); nullopt after printing why, with the exit code to finish with.
std::optional<RuleChoice> ruleFromOptions(
    const ArgumentParser& parser, const std::string& command, std::ostream& err, int& exitCode);

// The rule's query parsed; nullopt after printing its error at line:column.
std::optional<eql::Query> parseRuleQuery(
    const rules::DetectionRule& rule, const std::string& command, std::ostream& err);

// How explain and report run a rule as its runs do: its category and tiebreaker fields, the
// request's size for a rule (a bare --query asks for all), the events its index patterns never
// see (plan.excluded, which must outlive the options), its exception lists.
explain::ExplainOptions ruleExplainOptions(const ArgumentParser& parser, const rules::DetectionRule& rule,
    const rules::RulePlan& plan, const exceptions::ExceptionSet& lists, std::int64_t nowNs);

// The exception lists a rule runs with: those it references from its own file, plus --exceptions
// files; nullopt after printing their problems.
std::optional<exceptions::ExceptionSet> ruleExceptionLists(const rules::DetectionRule& rule,
    const exceptions::ExceptionSet& fileLists, const std::vector<std::string>& exceptionFiles, std::ostream& err);

} // namespace wb::cli
