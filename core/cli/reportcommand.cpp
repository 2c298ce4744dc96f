// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/parser.h"
#include "process/processtree.h"
#include "report/reportbuilder.h"
#include "rulechoice.h"
#include "rules/ruleplan.h"

#include <charconv>
#include <filesystem>
#include <ostream>
#include <regex>

namespace wb::cli {

namespace {
const char* const ReportHelp
    = R"(Usage: eqlwb report (--query EQL | --query-file F | --rule FILE [--rule-id ID] | --version vN)
                    --events FILE... [--alert N | --all] [--exceptions FILE...]
                    [--original FILE|vN] [--format html|pdf] [--out FILE [--force]] [--now TIME]

Writes an alert report to hand to someone: the rule (name, version, query, settings, MITRE
ATT&CK), the exception lists applied and what each suppressed, the capture (files, events, time
range, hosts, users) and for each alert its stage table (time, event _index:_id, host, user,
process, parent, command line, destination), the lanes of its window, its attack graph and why
every condition held, with the event's values.

  --alert N      report alert N (from 1); --all (the default) reports every alert, at most 50
  --original R   the rule this one was tuned from (a rule file, or vN of the built-in rule): the
                 report shows what changed, the query line by line and the settings
  --format html  one self-contained HTML file: inline CSS and SVG, no external file, no script
  --format pdf   a PDF (A4 landscape, each alert from a new page), drawn without a display
  --out FILE     write there (atomically; --force to replace a file); default: standard output

Exit codes as eqlwb run: 0, 2 usage or query error, 3 input error.
)";

ReportPdfRenderer pdfRenderer = nullptr;

// --original: "vN" names a version of the built-in rule (unless a file has that name), anything
// else a rule file; a file of several rules gives the one with the tuned rule's rule_id.
std::optional<RuleChoice> originalRule(
    const std::string& value, const std::string& ruleId, std::string& error, bool& inputError) {
    static const std::regex version("v[0-9]+");
    if (std::regex_match(value, version) && !std::filesystem::exists(value))
        return resolveRuleChoice("version", value, error, {}, &inputError);
    auto choice = resolveRuleChoice("rule", value, error, {}, &inputError);
    if (!choice && !ruleId.empty()) {
        std::string again;
        choice = resolveRuleChoice("rule", value, again, ruleId, &inputError);
        if (choice) error.clear();
    }
    return choice;
}
} // namespace

void setReportPdfRenderer(ReportPdfRenderer renderer) {
    pdfRenderer = renderer;
}

int reportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    for (const char* f : {"--help", "--all", "--force"})
        parser.addFlag(f);
    for (const char* o : {"--query", "--query-file", "--rule", "--rule-id", "--version", "--alert", "--format", "--out",
             "--now", "--original"})
        parser.addOption(o);
    for (const char* o : {"--events", "--exceptions"})
        parser.addMultiOption(o);
    if (auto done = parseCommandLine(parser, args, "report", ReportHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "report", message); };

    const std::string format = parser.value("--format").value_or("html");
    if (format != "html" && format != "pdf") return usage("--format must be html or pdf");
    if (format == "pdf" && !pdfRenderer) {
        err << "eqlwb report: this eqlwb was built without Qt and cannot write PDF; use --format html\n";
        return UsageError;
    }
    if (format == "pdf" && !parser.value("--out"))
        return usage("a PDF is not written to the terminal: give --out FILE");
    if (parser.value("--alert") && parser.flag("--all")) return usage("give --alert N or --all, not both");
    report::ReportRequest request;
    if (auto a = parser.value("--alert")) {
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), n);
        if (ec != std::errc() || p != a->data() + a->size() || n == 0) return usage("--alert takes a number from 1");
        request.alert = n - 1;
    }
    int exitCode = Success;
    auto choice = ruleFromOptions(parser, "report", err, exitCode);
    if (!choice) return exitCode;
    const rules::DetectionRule& rule = choice->rule;
    if (auto original = parser.value("--original")) {
        std::string error;
        bool inputError = false;
        auto from = originalRule(*original, rule.ruleId, error, inputError);
        if (!from) {
            err << "eqlwb report: --original: " << error << "\n";
            return inputError ? InputError : UsageError;
        }
        request.original = from->rule;
        request.originalLabel = from->label;
    }
    request.files = parser.values("--events");
    if (request.files.empty()) return usage("no captures: give them with --events FILE...");
    if (!parseRuleQuery(rule, "report", err)) return UsageError;
    const auto lists = ruleExceptionLists(rule, choice->fileLists, parser.values("--exceptions"), err);
    if (!lists) return InputError;
    std::int64_t nowNs = 0;
    std::string error;
    if (!evaluationTime(parser.value("--now"), nowNs, error)) return usage(error);

    EventStore store;
    if (!loadCaptures(request.files, store, "report", err)) return InputError;
    const rules::RulePlan plan = rules::planRule(rule, store, {}, nowNs);
    request.rule = rule;
    request.notes = plan.notes;
    request.options = ruleExplainOptions(parser, rule, plan, *lists, nowNs);
    const process::ProcessTree tree = process::ProcessTree::build(store);

    std::optional<report::ReportInput> input;
    try {
        input = report::buildReportInput(store, tree, request, error);
    } catch (const eql::QueryError& e) {
        err << "eqlwb report: query error: " << e.what() << "\n";
        return UsageError;
    }
    if (!input) {
        err << "eqlwb report: " << error << "\n";
        return UsageError;
    }
    std::string content;
    if (format == "pdf") {
        auto pdf = pdfRenderer(report::alertReport(*input, report::PictureMode::Referenced), error);
        if (!pdf) {
            err << "eqlwb report: cannot draw the PDF: " << error << "\n";
            return InputError;
        }
        content = std::move(*pdf);
    } else {
        content = report::alertReportHtml(*input);
    }
    return writeOutput(parser.value("--out"), parser.flag("--force"), content, out, err) ? Success : InputError;
}

} // namespace wb::cli
