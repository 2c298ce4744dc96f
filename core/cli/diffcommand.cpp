// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "compare/alertdiff.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "output/resultwriter.h"
#include "rulechoice.h"
#include "rules/ruleplan.h"
#include "util/timestamp.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

namespace wb::cli {

namespace {
const char* const DiffHelp
    = R"(Usage: eqlwb diff (--rule FILE | --version vN | --query EQL) (--rule FILE | --version vN | --query EQL)
                  --events FILE... [--exceptions FILE...] [--format text|json]

Runs two rules (or two versions of the built-in rule, or two queries) over the same captures and
compares their alerts: only in A (the first given), only in B, in both. An alert is its events:
two alerts are the same when they are the same events in the same order, whichever query found
them. Each rule runs with its own settings (category override, tiebreaker, index patterns, the
exception lists of its file and those given); every match counts (no max_signals cap).

Exit codes: 0 (whether or not the rules differ), 2 usage or query error, 3 input error.
)";

// The two rule choices, in the order given; every other argument is left for the parser.
bool takeSides(const std::vector<std::string>& args, std::vector<std::pair<std::string, std::string>>& sides,
    std::vector<std::string>& rest, std::string& error) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        const auto eq = name.find('=');
        if (name.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (name != "--rule" && name != "--version" && name != "--query") {
            rest.push_back(args[i]);
            continue;
        }
        if (eq == std::string::npos) {
            if (i + 1 >= args.size()) {
                error = name + " needs a value";
                return false;
            }
            value = args[++i];
        }
        sides.emplace_back(name, value);
    }
    if (sides.size() != 2) {
        error = "give exactly two of --rule, --version, --query (A, then B)";
        return false;
    }
    return true;
}

nlohmann::ordered_json alertsJson(const EventStore& store, const std::vector<compare::AlertDiff::Alert>& alerts) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& alert : alerts) {
        nlohmann::ordered_json events = nlohmann::ordered_json::array();
        for (EventIndex e : alert)
            events.push_back({{"_index", std::string(store.strings().view(store.indexName(e)))},
                {"_id", eventId(store, e)}, {"@timestamp", formatTimestampMillis(store.timestampNs(e))}});
        out.push_back({{"events", events}});
    }
    return out;
}

void writeAlerts(std::ostream& out, const EventStore& store, const char* title,
    const std::vector<compare::AlertDiff::Alert>& alerts) {
    out << title << ": " << alerts.size() << "\n";
    const FieldId name = store.fields().find("process.name");
    for (const auto& alert : alerts) {
        out << "  " << (alert.empty() ? std::string("-") : formatTimestampMillis(store.timestampNs(alert.front())));
        for (std::size_t i = 0; i < alert.size(); ++i) {
            const std::string process = store.firstText(alert[i], name);
            out << (i == 0 ? "  " : " → ") << (process.empty() ? eventId(store, alert[i]) : process);
        }
        out << "\n";
    }
}
} // namespace

int diffCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    for (const std::string& a : args)
        if (a == "--help" || a == "-h") {
            out << DiffHelp;
            return Success;
        }
    std::vector<std::pair<std::string, std::string>> choices;
    std::vector<std::string> rest;
    std::string error;
    if (!takeSides(args, choices, rest, error)) {
        return usageError(err, "diff", error);
    }
    ArgumentParser parser;
    parser.addOption("--format");
    parser.addMultiOption("--events");
    parser.addMultiOption("--exceptions");
    if (!parser.parse(rest)) return usageError(err, "diff", parser.error());
    std::vector<std::string> files = parser.values("--events");
    for (const std::string& p : parser.positional())
        files.push_back(p);
    if (files.empty()) return usageError(err, "diff", "no captures: give them with --events FILE...");
    const std::string format = parser.value("--format").value_or("text");
    if (format != "text" && format != "json") {
        err << "eqlwb diff: --format must be text or json\n";
        return UsageError;
    }
    std::vector<RuleChoice> sides;
    for (const auto& choice : choices) {
        bool inputError = false;
        auto side = resolveRuleChoice(choice.first.substr(2), choice.second, error, {}, &inputError);
        if (!side) {
            err << "eqlwb diff: " << error << "\n";
            return inputError ? InputError : UsageError;
        }
        sides.push_back(std::move(*side));
    }
    std::vector<eql::Query> queries;
    for (const RuleChoice& s : sides) {
        try {
            queries.push_back(eql::parseQuery(s.rule.query));
        } catch (const eql::QueryError& e) {
            err << "eqlwb diff: " << s.label << ": query error: line " << e.pos().line << ":" << e.pos().column << ": "
                << e.message() << "\n";
            return UsageError;
        }
    }
    exceptions::ExceptionSet given;
    if (const auto exceptionFiles = parser.values("--exceptions"); !exceptionFiles.empty()) {
        auto set = loadExceptionFiles(exceptionFiles, err);
        if (!set) return InputError;
        given = std::move(*set);
    }
    EventStore store;
    if (!loadCaptures(files, store, "diff", err)) return InputError;
    eql::Schema schema(store);
    eql::Engine engine(schema);
    const std::int64_t nowNs = nowNanos();
    std::vector<eql::QueryResult> results;
    try {
        for (std::size_t i = 0; i < 2; ++i) {
            exceptions::ExceptionSet lists = rules::referencedLists(sides[i].rule, sides[i].fileLists);
            exceptions::merge(lists, exceptions::ExceptionSet(given));
            rules::RulePlan plan = rules::planRule(sides[i].rule, store, lists, nowNs);
            plan.options.size.reset(); // every match, not one request's worth
            plan.options.excluded = &plan.excluded;
            results.push_back(engine.run(queries[i], plan.options));
        }
    } catch (const eql::QueryError& e) {
        err << "eqlwb diff: query error: " << e.what() << "\n";
        return UsageError;
    }
    const compare::AlertDiff diff = compare::diffAlerts(results[0], results[1]);
    if (format == "json") {
        nlohmann::ordered_json doc;
        doc["a"] = {{"rule", sides[0].label}, {"alerts", results[0].total()}};
        doc["b"] = {{"rule", sides[1].label}, {"alerts", results[1].total()}};
        doc["only_a"] = alertsJson(store, diff.onlyA);
        doc["only_b"] = alertsJson(store, diff.onlyB);
        doc["both"] = alertsJson(store, diff.both);
        out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return Success;
    }
    out << "A: " << sides[0].label << " (" << results[0].total() << " alerts)\nB: " << sides[1].label << " ("
        << results[1].total() << " alerts)\n\n";
    writeAlerts(out, store, "only in A", diff.onlyA);
    writeAlerts(out, store, "only in B", diff.onlyB);
    writeAlerts(out, store, "in both", diff.both);
    return Success;
}

} // namespace wb::cli
