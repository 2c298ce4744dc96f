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
#include "schedule/simulation.h"
#include "util/atomicfile.h"
#include "util/tomlguard.h"
#include "util/xmlescape.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace wb::cli {

namespace {
const char* const TestHelp = R"(Usage: eqlwb test FILE... [--junit FILE]

Rule tests for CI. Each test file (TOML) holds [[test]] tables:

  [[test]]
  name = "the malicious package raises one alert"
  version = "v100"                    # or rule = "rules/x.toml", or query = "..."
  events = ["capture.ndjson"]         # paths relative to the test file
  exceptions = ["fp.ndjson"]          # optional
  alerts = 1                          # optional: how many alerts
  expect = [["e1", "e2"]]             # optional: exactly these alerts, by their events' _id
  schedule = true                     # optional: as Kibana's schedule writes them (eqlwb simulate)

Prints one line per test, with what differs when it fails; --junit writes JUnit XML for CI
systems. Exit codes: 0 all passed, 1 a test failed, 2 usage, 3 input (a test file or a file it
names cannot be read).
)";

struct Outcome {
    std::string file, name;
    bool passed = false;
    std::string failure; // what differs
    double millis = 0;
};

std::string idsText(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out + "]";
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& node) {
    std::vector<std::string> out;
    if (const auto* a = node.as_array())
        for (const auto& v : *a)
            if (auto s = v.value<std::string>()) out.push_back(*s);
    return out;
}

// Runs one [[test]]; an input problem (a file that cannot be read) is returned as `inputError`.
Outcome runTest(const toml::table& t, const std::filesystem::path& dir, const std::string& file, int index,
    std::string& inputError) {
    const auto started = std::chrono::steady_clock::now();
    Outcome o;
    o.file = file;
    o.name = t["name"].value<std::string>().value_or("test " + std::to_string(index));
    auto fail = [&](const std::string& why) {
        o.failure = why;
        return o;
    };
    std::string kind, value;
    for (const char* k : {"rule", "version", "query"})
        if (auto v = t[k].value<std::string>()) {
            if (!kind.empty()) return fail("give one of rule, version, query");
            kind = k;
            value = *v;
        }
    if (kind.empty()) return fail("no rule: give rule, version or query");
    if (kind == "rule") value = (dir / value).string();
    std::string error;
    bool unreadable = false;
    const auto choice = resolveRuleChoice(kind, value, error, {}, &unreadable);
    if (!choice) {
        if (unreadable) inputError = error;
        return fail(error);
    }
    std::vector<std::string> captures;
    for (const std::string& c : strings(t["events"]))
        captures.push_back((dir / c).string());
    if (captures.empty()) return fail("no events: give events = [\"capture.ndjson\"]");
    exceptions::ExceptionSet lists = rules::referencedLists(choice->rule, choice->fileLists);
    for (const std::string& f : strings(t["exceptions"])) {
        auto read = exceptions::readExceptions((dir / f).string());
        if (!read.ok()) {
            inputError = read.issues.front().text();
            return fail(inputError);
        }
        exceptions::merge(lists, std::move(read.set));
    }
    eql::Query query;
    try {
        query = eql::parseQuery(choice->rule.query);
    } catch (const eql::QueryError& e) {
        return fail("query error: line " + std::to_string(e.pos().line) + ":" + std::to_string(e.pos().column) + ": "
            + e.message());
    }
    EventStore store;
    const LoadReport report = CaptureLoader(store, captureLoadOptions()).load(captures);
    for (const FileLoadSummary& f : report.files)
        if (!f.error.empty()) {
            inputError = f.error;
            return fail(f.error);
        }
    const std::int64_t nowNs = nowNanos();
    rules::RulePlan plan = rules::planRule(choice->rule, store, lists, nowNs);
    eql::Schema schema(store);
    eql::Engine engine(schema);
    std::vector<std::vector<EventIndex>> alerts;
    try {
        if (t["schedule"].value<bool>().value_or(false)) {
            schedule::SimulationOptions options;
            options.intervalMs = schedule::parseDateMathOffsetMs(choice->rule.interval).value_or(300'000);
            options.lookbackMs = schedule::parseDateMathOffsetMs(choice->rule.from).value_or(540'000);
            options.maxSignals = choice->rule.maxSignals;
            for (const auto& a : schedule::simulate(query, choice->rule, store, engine, plan.excluded, options).alerts)
                if (a.kind != "building_block") alerts.push_back(a.events);
        } else {
            plan.options.size.reset();
            plan.options.excluded = &plan.excluded;
            alerts = compare::alertsOf(engine.run(query, plan.options));
        }
    } catch (const eql::QueryError& e) {
        return fail(std::string("query error: ") + e.what());
    }
    std::vector<std::string> failures;
    if (auto count = t["alerts"].value<std::int64_t>(); count && std::int64_t(alerts.size()) != *count)
        failures.push_back("expected " + std::to_string(*count) + " alerts, got " + std::to_string(alerts.size()));
    if (const auto* expect = t["expect"].as_array()) {
        std::multiset<std::vector<std::string>> wanted, got;
        for (const auto& alert : *expect)
            if (const auto* ids = alert.as_array()) {
                std::vector<std::string> v;
                for (const auto& id : *ids)
                    v.push_back(id.value<std::string>().value_or(""));
                wanted.insert(v);
            }
        for (const auto& alert : alerts) {
            std::vector<std::string> v;
            for (EventIndex e : alert)
                v.push_back(eventId(store, e));
            got.insert(v);
        }
        for (const auto& w : wanted)
            if (!got.count(w)) failures.push_back("missing alert " + idsText(w));
        for (const auto& g : got)
            if (!wanted.count(g)) failures.push_back("unexpected alert " + idsText(g));
    }
    o.passed = failures.empty();
    for (const auto& f : failures)
        o.failure += (o.failure.empty() ? "" : "; ") + f;
    o.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return o;
}
} // namespace

int testCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    parser.addOption("--junit");
    if (auto done = parseCommandLine(parser, args, "test", TestHelp, out, err)) return *done;
    if (parser.positional().empty()) return usageError(err, "test", "give test files");
    std::vector<Outcome> outcomes;
    bool inputProblem = false;
    for (const std::string& file : parser.positional()) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            err << "eqlwb test: " << file << ": cannot read the test file\n";
            inputProblem = true;
            continue;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        toml::table root;
        if (const auto problem = checkTomlInput(text)) {
            err << "eqlwb test: " << file << ":" << problem->line << ": " << problem->message << "\n";
            inputProblem = true;
            continue;
        }
        try {
            root = toml::parse(text, file);
        } catch (const toml::parse_error& e) {
            err << "eqlwb test: " << file << ":" << e.source().begin.line << ": " << e.description() << "\n";
            inputProblem = true;
            continue;
        }
        const auto* tests = root["test"].as_array();
        if (!tests || tests->empty()) {
            err << "eqlwb test: " << file << ": no [[test]] tables\n";
            inputProblem = true;
            continue;
        }
        const std::filesystem::path dir = std::filesystem::path(file).parent_path();
        int index = 0;
        for (const auto& node : *tests) {
            ++index;
            const auto* t = node.as_table();
            if (!t) continue;
            std::string inputError;
            Outcome o = runTest(*t, dir, file, index, inputError);
            inputProblem = inputProblem || !inputError.empty();
            out << (o.passed ? "PASS  " : "FAIL  ") << o.name << "  (" << file << ")";
            if (!o.passed) out << "\n      " << o.failure;
            out << "\n";
            outcomes.push_back(std::move(o));
        }
    }
    const auto failed = std::count_if(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return !o.passed; });
    out << outcomes.size() - std::size_t(failed) << " passed, " << failed << " failed\n";
    if (auto junit = parser.value("--junit")) {
        std::ostringstream xml;
        xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"eqlwb test\" tests=\""
            << outcomes.size() << "\" failures=\"" << failed << "\">\n";
        for (const Outcome& o : outcomes) {
            xml << "    <testcase classname=\"" << escapeXml(o.file) << "\" name=\"" << escapeXml(o.name)
                << "\" time=\"" << o.millis / 1000 << "\"";
            if (o.passed)
                xml << "/>\n";
            else
                xml << ">\n      <failure message=\"" << escapeXml(o.failure) << "\"/>\n    </testcase>\n";
        }
        xml << "  </testsuite>\n</testsuites>\n";
        std::string message;
        if (!writeFileAtomically(*junit, xml.str(), true, &message)) {
            err << "eqlwb test: " << message << "\n";
            return InputError;
        }
    }
    if (inputProblem) return InputError;
    return failed > 0 ? 1 : Success;
}

} // namespace wb::cli
