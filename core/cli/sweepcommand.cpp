// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "rules/rulereader.h"
#include "rules/rulesweep.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <thread>

namespace wb::cli {

namespace {
const char* const SweepHelp = R"(Usage: eqlwb sweep --rules PATH... --events FILE... [--exceptions FILE...] [--jobs N]
                   [--format table|json|ndjson] [--now TIME]

Runs every rule in the given files and folders (recursively: .toml, .ndjson, .json, .eql) over
the captures, loaded once: "which of my rules fire on this?". Each rule runs with the settings
Kibana runs it with (event_category_override, tiebreaker_field, max_signals, index patterns,
the exception lists it references from its own file or from --exceptions).

  --jobs N     rules run on N threads (default: every core)
  --format     table (default), json ({"rules": [...], "summary": {...}}), or ndjson (one rule
               per line, then the summary); rules ordered by alerts (most first), then name

Every rule gets a status: ok, unsupported (not an EQL rule; the reason says what it is) or
error (its query does not parse or run; the reason says where: file:line:column).

Exit codes: 0 when no rule has status error, 1 when one has, 2 usage, 3 input error.
)";

struct Outcome {
    std::string file;
    std::string ruleId, name;
    std::string status; // ok, unsupported, error
    std::string reason;
    std::size_t alerts = 0;
    double tookMs = 0;
};

std::optional<unsigned> parseJobs(const std::string& text) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || v == 0 || v > 256) return std::nullopt;
    return v;
}

} // namespace

int sweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    for (const char* o : {"--jobs", "--format", "--now", "--timestamp-field"})
        parser.addOption(o);
    for (const char* o : {"--rules", "--events", "--exceptions"})
        parser.addMultiOption(o);
    if (auto done = parseCommandLine(parser, args, "sweep", SweepHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "sweep", message); };
    const auto rulePaths = parser.values("--rules");
    const auto files = parser.values("--events");
    if (rulePaths.empty()) return usage("no rules: give files or folders with --rules PATH...");
    if (files.empty()) return usage("no captures: give them with --events FILE...");
    const std::string format = parser.value("--format").value_or("table");
    if (format != "table" && format != "json" && format != "ndjson")
        return usage("--format must be table, json or ndjson, not '" + format + "'");
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    if (auto j = parser.value("--jobs")) {
        auto n = parseJobs(*j);
        if (!n) return usage("--jobs takes 1 to 256");
        jobs = *n;
    }
    std::int64_t nowNs = 0;
    std::string nowError;
    if (!evaluationTime(parser.value("--now"), nowNs, nowError)) return usage(nowError);
    exceptions::ExceptionSet extraLists;
    if (const auto exceptionFiles = parser.values("--exceptions"); !exceptionFiles.empty()) {
        auto set = loadExceptionFiles(exceptionFiles, err);
        if (!set) return InputError;
        extraLists = std::move(*set);
    }

    for (const std::string& path : rulePaths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            err << "eqlwb sweep: " << path << ": no such file or folder\n";
            return InputError;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    const std::vector<rules::RuleFile> library = rules::readRuleLibrary(rulePaths);
    std::vector<rules::SweepTask> tasks;
    std::vector<Outcome> outcomes;
    for (const rules::RuleFile& f : library) {
        for (const rules::DetectionRule& r : f.rules)
            tasks.push_back({&r, &f.exceptions});
        if (f.rules.empty()) // a file that yielded no rule is reported once, as an error
            for (const auto& issue : f.issues)
                outcomes.push_back({f.path, "", "", "error", issue.text(), 0, 0});
    }
    if (tasks.empty() && outcomes.empty()) {
        err << "eqlwb sweep: no rule files in " << rulePaths.front() << (rulePaths.size() > 1 ? " ..." : "") << "\n";
        return InputError;
    }

    LoadOptions loadOptions = captureLoadOptions();
    loadOptions.timestampField = parser.value("--timestamp-field").value_or("@timestamp");
    EventStore store;
    const LoadReport report = CaptureLoader(store, loadOptions).load(files);
    reportCacheUse(report, "sweep", err);
    for (const FileLoadSummary& f : report.files)
        if (!f.error.empty()) {
            err << "eqlwb sweep: " << f.error << "\n";
            return InputError;
        }
    if (report.skipped > 0)
        err << "eqlwb sweep: skipped " << report.skipped << " bad records (eqlwb inspect lists them)\n";
    eql::Schema schema(store);
    schema.setTimestampField(loadOptions.timestampField);

    // Rules run on every core, each thread with its own engine over the one store and schema.
    std::mutex progressMutex;
    auto lastProgress = std::chrono::steady_clock::now();
    auto progress = [&](std::size_t finished, std::size_t total) {
        if (format == "json") return;
        const std::lock_guard lock(progressMutex);
        const auto now = std::chrono::steady_clock::now();
        if (now - lastProgress < std::chrono::seconds(2)) return;
        lastProgress = now;
        err << "eqlwb sweep: " << finished << "/" << total << " rules\n" << std::flush;
    };
    std::vector<Outcome> ran;
    for (const rules::SweepResult& r : rules::sweep(tasks, schema, extraLists, nowNs, jobs, nullptr, progress))
        ran.push_back({r.rule->file, r.rule->ruleId, r.rule->name, r.status, r.reason, r.alerts, r.tookMs});
    outcomes.insert(outcomes.end(), ran.begin(), ran.end());
    std::stable_sort(outcomes.begin(), outcomes.end(), [](const Outcome& a, const Outcome& b) {
        if (a.alerts != b.alerts) return a.alerts > b.alerts;
        return a.name < b.name;
    });
    const double tookMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    std::size_t ok = 0, unsupported = 0, errors = 0, fired = 0;
    for (const Outcome& o : outcomes) {
        ok += o.status == "ok";
        unsupported += o.status == "unsupported";
        errors += o.status == "error";
        fired += o.alerts > 0;
    }
    nlohmann::ordered_json summary = {{"rules", outcomes.size()}, {"ok", ok}, {"unsupported", unsupported},
        {"error", errors}, {"fired", fired}, {"events", store.size()}, {"took_ms", std::llround(tookMs)}};
    auto toJson = [](const Outcome& o) {
        return nlohmann::ordered_json{{"file", o.file}, {"rule_id", o.ruleId}, {"name", o.name}, {"status", o.status},
            {"reason", o.reason.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(o.reason)},
            {"alerts", o.alerts}, {"took_ms", std::round(o.tookMs * 10) / 10}};
    };
    if (format == "json") {
        nlohmann::ordered_json doc;
        doc["rules"] = nlohmann::ordered_json::array();
        for (const Outcome& o : outcomes)
            doc["rules"].push_back(toJson(o));
        doc["summary"] = summary;
        out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else if (format == "ndjson") {
        for (const Outcome& o : outcomes)
            out << toJson(o).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        out << nlohmann::ordered_json{{"summary", summary}}.dump() << "\n";
    } else {
        out << std::setw(7) << "alerts"
            << "  " << std::left << std::setw(12) << "status"
            << "rule\n"
            << std::right;
        for (const Outcome& o : outcomes) {
            out << std::setw(7) << (o.status == "ok" ? std::to_string(o.alerts) : std::string("-")) << "  " << std::left
                << std::setw(12) << o.status << (o.name.empty() ? o.file : o.name) << std::right;
            if (!o.reason.empty()) out << "  (" << o.reason << ")";
            out << "\n";
        }
        out << "\n"
            << outcomes.size() << " rules: " << ok << " ran (" << fired << " fired), " << unsupported
            << " unsupported, " << errors << " errors; " << store.size() << " events; " << std::llround(tookMs)
            << " ms\n";
    }
    return errors > 0 ? 1 : Success;
}

} // namespace wb::cli
