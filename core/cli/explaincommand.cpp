// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionio.h"
#include "explain/explainer.h"
#include "explain/explanationjson.h"
#include "load/captureloader.h"
#include "output/resultwriter.h"
#include "rulechoice.h"
#include "rules/ruleplan.h"
#include "util/timestamp.h"

#include <charconv>
#include <fstream>
#include <ostream>
#include <sstream>

namespace wb::cli {

namespace {
const char* const ExplainHelp = R"(Usage: eqlwb explain (--query EQL | --query-file F | --rule FILE | --version vN)
                     --events FILE... [--alert N | --event INDEX:ID | --key V[,V...] |
                     --from TIME --to TIME] [--exceptions FILE...] [--format text|json]

Why did it fire, and why didn't it? Exactly, in the terms of the query, over the same engine
and with the exception lists applied as in runs.

  --alert N          explain alert N (from 1): per stage its event and the condition tree
                     (conjuncts, disjuncts, predicates) with whether each held and the event's
                     values, the join keys, and the span against maxspan
  --key V[,V...]     near misses for this join-key value (one value per key field, in order)
  --event INDEX:ID   near misses around this event (its keys, within maxspan of it)
  --from/--to TIME   near misses in this time range
Without a scope: every alert, and the nearest near misses over the whole capture.

Each near miss has one reason: no_candidate, join_key_mismatch, maxspan_exceeded,
out_of_order, until_closed, missing_event_present, superseded, excluded, size_cap or
runs_incomplete, with the field, the event's value and what the query wanted, and where there
is one a hint that makes it fire (maxspan, a predicate ignoring case or with one more value,
an exception item switched off, a larger size), marked verified when re-running the engine
with it returns that near miss's events.

Exit codes as eqlwb run: 0, 2 usage or query error, 3 input error.
)";
} // namespace

int explainCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    for (const char* o : {"--query", "--query-file", "--rule", "--rule-id", "--version", "--alert", "--event", "--key",
             "--from", "--to", "--format", "--now"})
        parser.addOption(o);
    for (const char* o : {"--events", "--exceptions"})
        parser.addMultiOption(o);
    if (auto done = parseCommandLine(parser, args, "explain", ExplainHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "explain", message); };

    int exitCode = Success;
    auto choice = ruleFromOptions(parser, "explain", err, exitCode);
    if (!choice) return exitCode;
    std::string error;
    const rules::DetectionRule& rule = choice->rule;
    const std::string format = parser.value("--format").value_or("text");
    if (format != "text" && format != "json") return usage("--format must be text or json");
    const int scopes = int(parser.value("--alert").has_value()) + int(parser.value("--event").has_value())
        + int(parser.value("--key").has_value()) + int(parser.value("--from") || parser.value("--to"));
    if (scopes > 1) return usage("give at most one of --alert, --event, --key or --from/--to");
    std::optional<std::size_t> alert;
    if (auto a = parser.value("--alert")) {
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), n);
        if (ec != std::errc() || p != a->data() + a->size() || n == 0) return usage("--alert takes a number from 1");
        alert = n - 1;
    }
    explain::Scope scope;
    if (parser.value("--from") || parser.value("--to")) {
        const auto from = parseTimestamp(parser.value("--from").value_or(""));
        const auto to = parseTimestamp(parser.value("--to").value_or(""));
        if (!from || !to || *to < *from) return usage("--from and --to take two ISO-8601 times, --from first");
        scope.rangeNs = std::pair(*from, *to);
    }
    if (auto k = parser.value("--key")) {
        std::vector<std::string> values;
        std::stringstream in(*k);
        for (std::string v; std::getline(in, v, ',');)
            values.push_back(v);
        if (values.empty()) return usage("--key takes the join-key values, separated by commas");
        scope.key = values;
    }
    const std::vector<std::string> files = parser.values("--events");
    if (files.empty()) return usage("no captures: give them with --events FILE...");

    const auto parsed = parseRuleQuery(rule, "explain", err);
    if (!parsed) return UsageError;
    const eql::Query& query = *parsed;
    const auto ruleLists = ruleExceptionLists(rule, choice->fileLists, parser.values("--exceptions"), err);
    if (!ruleLists) return InputError;
    const exceptions::ExceptionSet& lists = *ruleLists;
    EventStore store;
    if (!loadCaptures(files, store, "explain", err)) return InputError;
    if (auto e = parser.value("--event")) {
        const auto colon = e->rfind(':');
        if (colon == std::string::npos)
            return usage("--event takes INDEX:ID, e.g. logs-endpoint.events.process-default:abc");
        const std::string index = e->substr(0, colon), id = e->substr(colon + 1);
        for (EventIndex i = 0; i < store.size() && !scope.event; ++i)
            if (store.strings().view(store.indexName(i)) == index && eventId(store, i) == id) scope.event = i;
        if (!scope.event) {
            err << "eqlwb explain: no event " << index << ":" << id << " in the captures\n";
            return InputError;
        }
    }
    std::int64_t nowNs = 0;
    if (!evaluationTime(parser.value("--now"), nowNs, error)) return usage(error);
    // The events the rule's request never sees (its index patterns); exceptions are the explainer's.
    const rules::RulePlan plan = rules::planRule(rule, store, {}, nowNs);
    for (const std::string& note : plan.notes)
        err << "eqlwb explain: note: " << note << "\n";

    const explain::ExplainOptions options = ruleExplainOptions(parser, rule, plan, lists, nowNs);

    nlohmann::ordered_json doc
        = {{"alerts", nlohmann::ordered_json::array()}, {"near_misses", nlohmann::ordered_json::array()}};
    std::string text;
    try {
        eql::Schema schema(store);
        eql::Engine engine(schema);
        explain::Explainer explainer(schema, engine, query, options);
        const std::size_t total = explainer.result().total();
        if (alert && *alert >= total) {
            err << "eqlwb explain: there " << (total == 1 ? "is 1 alert" : "are " + std::to_string(total) + " alerts")
                << ", no alert " << *alert + 1 << "\n";
            return UsageError;
        }
        std::vector<std::size_t> explained;
        if (alert)
            explained.push_back(*alert);
        else if (scopes == 0)
            for (std::size_t i = 0; i < total && i < 50; ++i)
                explained.push_back(i);
        for (std::size_t i : explained) {
            const explain::AlertExplanation a = explainer.explainAlert(i);
            doc["alerts"].push_back(explain::alertJson(store, a));
            text += explain::alertText(store, a) + "\n";
        }
        if (!alert) {
            for (const explain::NearMiss& m : explainer.nearMisses(scope)) {
                doc["near_misses"].push_back(explain::nearMissJson(store, m));
                text += explain::nearMissText(store, m) + "\n";
            }
            if (doc["near_misses"].empty() && explainer.notes().empty())
                text += scopes ? "Nothing near in this scope: no stage-1 event and no alert.\n" : "";
        }
        doc["notes"] = explainer.notes();
        for (const std::string& note : explainer.notes())
            text += "Note: " + note + "\n";
    } catch (const eql::QueryError& e) {
        err << "eqlwb explain: query error: " << e.what() << "\n";
        return UsageError;
    }
    if (format == "json")
        out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    else
        out << text;
    return Success;
}

} // namespace wb::cli
