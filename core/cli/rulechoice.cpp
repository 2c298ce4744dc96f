// SPDX-License-Identifier: Apache-2.0
#include "rulechoice.h"

#include "argumentparser.h"
#include "cli.h"
#include "eql/parser.h"
#include "exceptions/exceptionio.h"
#include "rules/rulelibrary.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"

#include <fstream>
#include <sstream>

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

std::optional<RuleChoice> ruleFromOptions(
    const ArgumentParser& parser, const std::string& command, std::ostream& err, int& exitCode) {
    std::string kind, value;
    int chosen = 0;
    for (const char* k : {"rule", "version", "query", "query-file"})
        if (auto v = parser.value(std::string("--") + k)) {
            kind = k;
            value = *v;
            ++chosen;
        }
    if (chosen != 1) {
        exitCode
            = usageError(err, command, "give the rule with exactly one of --query, --query-file, --rule or --version");
        return std::nullopt;
    }
    if (kind == "query-file") {
        std::ifstream in(value, std::ios::binary);
        if (!in) {
            err << "eqlwb " << command << ": " << value << ": cannot read the query file\n";
            exitCode = InputError;
            return std::nullopt;
        }
        std::stringstream text;
        text << in.rdbuf();
        kind = "query";
        value = text.str();
    }
    std::string error;
    bool inputError = false;
    auto choice = resolveRuleChoice(kind, value, error, parser.value("--rule-id").value_or(""), &inputError);
    if (!choice) {
        err << "eqlwb " << command << ": " << error << "\n";
        exitCode = inputError ? InputError : UsageError;
    }
    return choice;
}

std::optional<eql::Query> parseRuleQuery(
    const rules::DetectionRule& rule, const std::string& command, std::ostream& err) {
    try {
        return eql::parseQuery(rule.query);
    } catch (const eql::QueryError& e) {
        err << "eqlwb " << command << ": query error: line " << e.pos().line << ":" << e.pos().column << ": "
            << e.message() << "\n";
        return std::nullopt;
    }
}

explain::ExplainOptions ruleExplainOptions(const ArgumentParser& parser, const rules::DetectionRule& rule,
    const rules::RulePlan& plan, const exceptions::ExceptionSet& lists, std::int64_t nowNs) {
    explain::ExplainOptions options;
    if (!rule.eventCategoryOverride.empty()) options.run.categoryField = rule.eventCategoryOverride;
    options.run.tiebreakerField = rule.tiebreakerField;
    if (parser.value("--rule") || parser.value("--version")) options.run.size = rule.maxSignals; // the request's size
    options.run.excluded = &plan.excluded;
    options.exceptions = lists;
    options.nowNs = nowNs;
    return options;
}

} // namespace wb::cli
