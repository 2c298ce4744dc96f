// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "output/resultwriter.h"
#include "rulechoice.h"
#include "rules/ruleplan.h"
#include "schedule/simulation.h"
#include "util/timestamp.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

namespace wb::cli {

namespace {
const char* const SimulateHelp = R"(Usage: eqlwb simulate (--rule FILE | --version vN | --query EQL) --events FILE...
                      [--interval 5m] [--from now-9m] [--max-signals N] [--start TIME]
                      [--skip-run TIME...] [--late TIME=DELAY...] [--rule-uuid U] [--space S]
                      [--exceptions FILE...] [--format text|json]

What Kibana's detection engine would write for the rule over the captures: a run every interval
over [start - lookback, start] (from the rule, or --interval/--from), size = max_signals, the
catch-up windows after a missed run (--skip-run: the scheduled run within that interval did not
happen) and the gap message past four intervals, alert ids as Kibana computes them (with the
rule's saved-object id --rule-uuid and --space), dedupe of alerts already written, the rule's
alert suppression (group_by, duration or per execution, missing fields), and every match of a
whole-capture run that is never written, with why: span_exceeds_window, never_in_one_window,
size_cap, gap, suppressed, ingested_late. Events without _id/_index get stable ones (file + offset), shown in
the output since every id depends on them.

--start: the first run (default: the first run whose window holds the first event).
--late TIME=DELAY: the scheduled run within the interval from TIME started DELAY (e.g. 4m, 90s)
late; later runs are scheduled from its actual start, so the phase shifts.
An event with event.ingested is searched only by runs that start after that time (a late-indexed
event can miss every window that holds it); one without is searchable as soon as it happens. The
index's refresh delay is not modelled; suppression is assumed licensed (Platinum).

Exit codes: 0, 2 usage or query error, 3 input error.
)";

nlohmann::ordered_json eventsJson(const EventStore& store, const std::vector<EventIndex>& events) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (EventIndex e : events)
        out.push_back({{"_index", std::string(store.strings().view(store.indexName(e)))}, {"_id", eventId(store, e)},
            {"@timestamp", formatTimestampMillis(store.timestampNs(e))}});
    return out;
}
} // namespace

int simulateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    for (const char* o : {"--rule", "--rule-id", "--version", "--query", "--interval", "--from", "--max-signals",
             "--start", "--rule-uuid", "--space", "--format", "--now"})
        parser.addOption(o);
    for (const char* o : {"--events", "--skip-run", "--late", "--exceptions"})
        parser.addMultiOption(o);
    if (auto done = parseCommandLine(parser, args, "simulate", SimulateHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "simulate", message); };
    const int chosen = int(parser.value("--rule").has_value()) + int(parser.value("--version").has_value())
        + int(parser.value("--query").has_value());
    if (chosen != 1) return usage("give the rule with exactly one of --rule, --version or --query");
    std::string kind, value;
    for (const char* k : {"rule", "version", "query"})
        if (auto v = parser.value(std::string("--") + k)) {
            kind = k;
            value = *v;
        }
    std::string error;
    bool inputError = false;
    auto choice = resolveRuleChoice(kind, value, error, parser.value("--rule-id").value_or(""), &inputError);
    if (!choice) {
        err << "eqlwb simulate: " << error << "\n";
        return inputError ? InputError : UsageError;
    }
    rules::DetectionRule rule = std::move(choice->rule);
    const exceptions::ExceptionSet fileLists = std::move(choice->fileLists);
    if (kind == "query") rule.from = "now-9m"; // a bare query runs as the seed rule is scheduled

    schedule::SimulationOptions options;
    const auto interval = schedule::parseDateMathOffsetMs(parser.value("--interval").value_or(rule.interval));
    const auto lookback = schedule::parseDateMathOffsetMs(parser.value("--from").value_or(rule.from));
    if (!interval || *interval <= 0) return usage("--interval takes a duration such as 5m");
    if (!lookback || *lookback <= 0) return usage("--from takes a lookback such as now-9m");
    options.intervalMs = *interval;
    options.lookbackMs = *lookback;
    options.maxSignals = rule.maxSignals;
    if (auto n = parser.value("--max-signals")) {
        char* end = nullptr;
        const long long v = std::strtoll(n->c_str(), &end, 10);
        if (!end || *end || v <= 0 || v > 10000) return usage("--max-signals takes 1 to 10000");
        options.maxSignals = v;
    }
    if (auto start = parser.value("--start")) {
        options.firstRunNs = parseTimestamp(*start);
        if (!options.firstRunNs) return usage("--start takes an ISO-8601 time");
    }
    for (const std::string& t : parser.values("--skip-run")) {
        const auto skip = parseTimestamp(t);
        if (!skip) return usage("--skip-run takes ISO-8601 times, not '" + t + "'");
        options.skippedRunsNs.push_back(*skip);
    }
    for (const std::string& l : parser.values("--late")) {
        const auto eq = l.rfind('=');
        const auto at = eq == std::string::npos ? std::nullopt : parseTimestamp(l.substr(0, eq));
        const auto delay = eq == std::string::npos ? std::nullopt : schedule::parseDateMathOffsetMs(l.substr(eq + 1));
        if (!at || !delay || l.compare(eq + 1, 4, "now-") == 0)
            return usage("--late takes TIME=DELAY, e.g. 2024-05-14T10:05:00Z=4m, not '" + l + "'");
        options.lateRuns.push_back({*at, *delay});
    }
    if (auto space = parser.value("--space")) options.spaceId = *space;
    options.ruleSavedObjectId
        = parser.value("--rule-uuid").value_or(rule.id.empty() ? options.ruleSavedObjectId : rule.id);
    const std::string format = parser.value("--format").value_or("text");
    if (format != "text" && format != "json") return usage("--format must be text or json");
    std::vector<std::string> files = parser.values("--events");
    if (files.empty()) return usage("no captures: give them with --events FILE...");

    eql::Query query;
    try {
        query = eql::parseQuery(rule.query);
    } catch (const eql::QueryError& e) {
        err << "eqlwb simulate: query error: line " << e.pos().line << ":" << e.pos().column << ": " << e.message()
            << "\n";
        return UsageError;
    }
    const auto ruleLists = ruleExceptionLists(rule, fileLists, parser.values("--exceptions"), err);
    if (!ruleLists) return InputError;
    const exceptions::ExceptionSet& lists = *ruleLists;
    EventStore store;
    if (!loadCaptures(files, store, "simulate", err)) return InputError;
    std::int64_t nowNs = 0;
    if (!evaluationTime(parser.value("--now"), nowNs, error)) return usage(error);
    const rules::RulePlan plan = rules::planRule(rule, store, lists, nowNs);
    for (const std::string& note : plan.notes)
        err << "eqlwb simulate: note: " << note << "\n";
    schedule::SimulationResult result;
    try {
        eql::Schema schema(store);
        eql::Engine engine(schema);
        result = schedule::simulate(query, rule, store, engine, plan.excluded, options);
    } catch (const eql::QueryError& e) {
        err << "eqlwb simulate: query error: " << e.what() << "\n";
        return UsageError;
    }
    for (const std::string& note : result.notes)
        err << "eqlwb simulate: note: " << note << "\n";

    if (format == "json") {
        nlohmann::ordered_json doc;
        doc["runs"] = nlohmann::ordered_json::array();
        for (const auto& run : result.runs) {
            nlohmann::ordered_json windows = nlohmann::ordered_json::array();
            for (const auto& w : run.windows)
                windows.push_back({{"from", formatTimestampMillis(w.fromNs)}, {"to", formatTimestampMillis(w.toNs)},
                    {"results", w.results}, {"written", w.written}, {"duplicates", w.duplicates},
                    {"suppressed", w.suppressed}, {"max_signals_reached", w.maxSignalsReached}});
            doc["runs"].push_back({{"start", formatTimestampMillis(run.startNs)}, {"late_ms", run.lateMs},
                {"windows", windows}, {"gap_ms", run.gapMs}, {"messages", run.messages}});
        }
        doc["alerts"] = nlohmann::ordered_json::array();
        for (const auto& a : result.alerts) {
            nlohmann::ordered_json alert = {{"id", a.id}, {"kind", a.kind}, {"run", a.run},
                {"group_id", a.groupId.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(a.groupId)},
                {"events", eventsJson(store, a.events)}};
            if (!a.suppressionTerms.empty())
                alert["suppression"] = {{"terms", a.suppressionTerms}, {"docs_count", a.suppressedCount},
                    {"end", formatTimestampMillis(a.suppressionEndNs)}};
            doc["alerts"].push_back(std::move(alert));
        }
        doc["missed"] = nlohmann::ordered_json::array();
        for (const auto& m : result.missed) {
            nlohmann::ordered_json missed = {{"events", eventsJson(store, m.events)}, {"reason", m.reason}};
            if (!m.detail.empty()) missed["detail"] = m.detail;
            doc["missed"].push_back(std::move(missed));
        }
        doc["summary"] = {{"runs", result.runs.size()}, {"alerts", result.shellAndEventAlerts()},
            {"building_blocks", result.buildingBlocks()}, {"duplicates_dropped", result.duplicatesDropped},
            {"suppressed", result.suppressed}, {"missed", result.missed.size()},
            {"max_signals_warnings", result.maxSignalsWarnings}};
        out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return Success;
    }
    out << result.runs.size() << " runs every " << options.intervalMs / 1000 << " s over the last "
        << options.lookbackMs / 1000 << " s, at most " << options.maxSignals << " results per request\n";
    for (std::size_t r = 0; r < result.runs.size(); ++r) {
        const auto& run = result.runs[r];
        if (run.uneventful()) continue; // nothing to say
        const schedule::SimulatedWindow t = run.totals();
        out << "run " << r + 1 << " at " << formatTimestampMillis(run.startNs)
            << (run.lateMs ? " (" + std::to_string(run.lateMs / 1000) + " s late)" : "") << ": " << run.windows.size()
            << " window" << (run.windows.size() == 1 ? "" : "s") << ", " << t.written << " written, " << t.duplicates
            << " duplicates dropped" << (t.suppressed ? ", " + std::to_string(t.suppressed) + " suppressed" : "")
            << "\n";
        for (const auto& m : run.messages)
            out << "  ! " << m << "\n";
    }
    out << "\n"
        << result.shellAndEventAlerts() << (result.shellAndEventAlerts() == 1 ? " alert" : " alerts") << " written ("
        << result.buildingBlocks() << " building blocks), " << result.duplicatesDropped << " duplicates dropped, "
        << (result.suppressionActive ? std::to_string(result.suppressed) + " suppressed, " : "") << result.missed.size()
        << " matches never written\n";
    for (const auto& a : result.alerts)
        if (a.suppressedCount)
            out << "  alert " << a.id.substr(0, 12) << " (" << a.suppressionTerms << ") counts " << a.suppressedCount
                << " more, the last at " << formatTimestampMillis(a.suppressionEndNs) << "\n";
    const FieldId name = store.fields().find("process.name");
    for (const auto& m : result.missed) {
        out << "  missed (" << m.reason << "): ";
        for (std::size_t i = 0; i < m.events.size(); ++i)
            out << (i ? " → " : "") << formatTimestampMillis(store.timestampNs(m.events[i])) << " "
                << store.firstText(m.events[i], name);
        // A suppressed match names its alert by a 64-character id: its start is enough here.
        if (!m.detail.empty())
            out << " (" << (m.reason == "suppressed" ? m.detail.substr(0, 30) + "…" : m.detail) << ")";
        out << "\n";
    }
    return Success;
}

} // namespace wb::cli
