// SPDX-License-Identifier: Apache-2.0
#include "rulechoice.h"

#include "cli.h"
#include "exceptions/exceptionio.h"
#include "rules/rulelibrary.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"

namespace wb::cli {

std::optional<RuleChoice> resolveRuleChoice(const std::string& kind, const std::string& value, std::string& error,
    const std::string& ruleId, bool* inputError) {
    if (inputError) *inputError = false;
    RuleChoice choice;
    if (kind == "version") {
        const auto* v = rules::seedRule().find(value);
        if (!v) {
            error = "no version " + value + " (eqlwb rule versions lists them)";
            return std::nullopt;
        }
        choice.rule = rules::toDetectionRule(rules::seedRule(), *v);
        choice.label = value;
    } else if (kind == "query") {
        choice.rule.query = value;
        choice.rule.name = "query";
        choice.label = "--query";
    } else {
        rules::RuleFile file = rules::readRuleFile(value);
        const rules::DetectionRule* r = rules::findRule(file, ruleId, error);
        if (!r) {
            if (inputError) *inputError = true;
            return std::nullopt;
        }
        if (!r->supported) {
            error = r->file + ": \"" + r->name + "\" cannot run here: " + r->unsupportedReason;
            return std::nullopt;
        }
        choice.rule = *r;
        choice.fileLists = std::move(file.exceptions);
        choice.label = r->name;
    }
    return choice;
}

std::optional<exceptions::ExceptionSet> ruleExceptionLists(const rules::DetectionRule& rule,
    const exceptions::ExceptionSet& fileLists, const std::vector<std::string>& exceptionFiles, std::ostream& err) {
    exceptions::ExceptionSet lists = rules::referencedLists(rule, fileLists);
    if (!exceptionFiles.empty()) {
        auto set = loadExceptionFiles(exceptionFiles, err);
        if (!set) return std::nullopt;
        exceptions::merge(lists, std::move(*set));
    }
    return lists;
}

} // namespace wb::cli
