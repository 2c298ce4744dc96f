// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "explain/explainer.h"
#include "inspect/capturesummary.h"
#include "process/processtree.h"
#include "report/alertreport.h"
#include "rulechoice.h"
#include "rules/ruleplan.h"

#include <charconv>
#include <ostream>

namespace wb::cli {

namespace {
const char* const ReportHelp
    = R"(Usage: eqlwb report (--query EQL | --query-file F | --rule FILE [--rule-id ID] | --version vN)
                    --events FILE... [--alert N | --all] [--exceptions FILE...]
                    [--format html] [--out FILE [--force]] [--now TIME]

Writes an alert report to hand to someone: one self-contained HTML file (inline CSS and SVG, no
external file, no script) with the rule (name, version, query, settings, MITRE ATT&CK, the
exception lists applied), the capture (files, events, time range, hosts, users) and for each
alert the stage table (time, event _index:_id, host, user, process, parent, command line,
destination), the attack graph and why every condition held, with the event's values.

  --alert N     report alert N (from 1); --all (the default) reports every alert, at most 50
  --format html the only format so far (PDF is not made yet)
  --out FILE    write there (atomically; --force to replace a file); default: standard output

Exit codes as eqlwb run: 0, 2 usage or query error, 3 input error.
)";

constexpr std::size_t MaxReportedAlerts = 50;
} // namespace

int reportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    for (const char* f : {"--help", "--all", "--force"})
        parser.addFlag(f);
    for (const char* o :
        {"--query", "--query-file", "--rule", "--rule-id", "--version", "--alert", "--format", "--out", "--now"})
        parser.addOption(o);
    for (const char* o : {"--events", "--exceptions"})
        parser.addMultiOption(o);
    if (auto done = parseCommandLine(parser, args, "report", ReportHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "report", message); };

    const std::string format = parser.value("--format").value_or("html");
    if (format == "pdf") return usage("PDF is not made yet: use --format html");
    if (format != "html") return usage("--format must be html");
    if (parser.value("--alert") && parser.flag("--all")) return usage("give --alert N or --all, not both");
    std::optional<std::size_t> alert;
    if (auto a = parser.value("--alert")) {
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), n);
        if (ec != std::errc() || p != a->data() + a->size() || n == 0) return usage("--alert takes a number from 1");
        alert = n - 1;
    }
    int exitCode = Success;
    auto choice = ruleFromOptions(parser, "report", err, exitCode);
    if (!choice) return exitCode;
    const rules::DetectionRule& rule = choice->rule;
    const std::vector<std::string> files = parser.values("--events");
    if (files.empty()) return usage("no captures: give them with --events FILE...");
    const auto parsed = parseRuleQuery(rule, "report", err);
    if (!parsed) return UsageError;
    const eql::Query& query = *parsed;
    const auto lists = ruleExceptionLists(rule, choice->fileLists, parser.values("--exceptions"), err);
    if (!lists) return InputError;
    std::int64_t nowNs = 0;
    std::string error;
    if (!evaluationTime(parser.value("--now"), nowNs, error)) return usage(error);

    EventStore store;
    if (!loadCaptures(files, store, "report", err)) return InputError;
    const rules::RulePlan plan = rules::planRule(rule, store, {}, nowNs);

    report::ReportInput input;
    input.store = &store;
    input.rule = rule;
    input.files = files;
    input.summary = CaptureSummary::compute(store);
    input.notes = plan.notes;
    for (const auto& list : lists->lists)
        input.exceptionLists.push_back((list.name.empty() ? list.listId : list.name + " (" + list.listId + ")") + ": "
            + std::to_string(list.items.size()) + (list.items.size() == 1 ? " item" : " items"));
    const process::ProcessTree tree = process::ProcessTree::build(store);
    input.tree = &tree;

    const explain::ExplainOptions options = ruleExplainOptions(parser, rule, plan, *lists, nowNs);
    try {
        eql::Schema schema(store);
        eql::Engine engine(schema);
        explain::Explainer explainer(schema, engine, query, options);
        input.totalAlerts = explainer.result().total();
        if (alert && *alert >= input.totalAlerts) {
            err << "eqlwb report: there "
                << (input.totalAlerts == 1 ? "is 1 alert" : "are " + std::to_string(input.totalAlerts) + " alerts")
                << ", no alert " << *alert + 1 << "\n";
            return UsageError;
        }
        if (alert)
            input.alerts.push_back(explainer.explainAlert(*alert));
        else
            for (std::size_t i = 0; i < input.totalAlerts && i < MaxReportedAlerts; ++i)
                input.alerts.push_back(explainer.explainAlert(i));
        if (!alert && input.totalAlerts > MaxReportedAlerts)
            input.notes.push_back("the first " + std::to_string(MaxReportedAlerts) + " of "
                + std::to_string(input.totalAlerts) + " alerts are reported; --alert N reports another");
        for (const std::string& note : explainer.notes())
            input.notes.push_back(note);
    } catch (const eql::QueryError& e) {
        err << "eqlwb report: query error: " << e.what() << "\n";
        return UsageError;
    }
    return writeOutput(parser.value("--out"), parser.flag("--force"), report::alertReportHtml(input), out, err)
        ? Success
        : InputError;
}

} // namespace wb::cli
