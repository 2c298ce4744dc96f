// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "exceptions/exceptionio.h"
#include "export/ruleexport.h"
#include "rules/rulelibrary.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"
#include "rules/rulewriter.h"
#include "util/timestamp.h"

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <sstream>

namespace wb::cli {

namespace {
const char* const RuleHelp = R"(Usage:
  eqlwb rule show FILE [--rule-id ID] [--format text|json]
  eqlwb rule versions
  eqlwb rule export [--version vN | --rule FILE [--rule-id ID]] [--query EQL | --query-file FILE]
                    [--exceptions FILE...]
                    --format kibana|toml|eql|es-request|curl [--rule-id ID] [--tag T]...
                    [--from ISO --to ISO] [--out FILE] [--force]

show      Reads a rule file (detection-rules TOML, Kibana rule export NDJSON, rules API JSON, .eql)
          and prints the rule as Kibana's detection engine runs it; json uses the names of
          Kibana's rule schema plus "supported" and "unsupported_reason". A file with several
          rules prints all of them unless --rule-id picks one.
versions  Lists the built-in lineage of "MacOS Installer Package Spawns Network Event".
export    Writes a tuned rule: a rule file's rule (--rule: every field as read, only the query,
          the version and the exception references changed; a TOML rule is its file with the
          query replaced) or a built-in version (default v100), with the given query (default:
          the rule's) and exception lists (--exceptions, and those the rule references in its
          own file):
            kibana      Kibana rule import NDJSON: rule (exceptions_list references), the lists
                        and items, then the export summary line
            toml        elastic/detection-rules rule TOML
            eql         the query as canonical EQL
            es-request  the _eql/search body Kibana sends for one run (size = max_signals, time
                        range and exceptions as must_not filters); --from/--to default to the
                        rule's lookback ending now
            curl        the same request as a curl command ($ES_URL, $ES_USER, $ES_PASSWORD)
          Written atomically; an existing --out file is replaced only with --force.
)";

std::string newRuleId() {
    std::random_device rd;
    std::mt19937_64 rng(rd());
    const std::uint64_t a = rng(), b = rng();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32), unsigned((a >> 16) & 0xFFFF),
        unsigned(a & 0xFFF), unsigned(0x8000 | ((b >> 48) & 0x3FFF)), (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
    return buf;
}

std::int64_t lookbackMinutes(const std::string& from) { // "now-9m"
    if (from.rfind("now-", 0) != 0 || from.size() < 6) return 9;
    const char unit = from.back();
    const std::int64_t n = std::atoll(from.c_str() + 4);
    return unit == 'h' ? n * 60 : unit == 'd' ? n * 1440 : unit == 's' ? std::max<std::int64_t>(1, n / 60) : n;
}
std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values)
        out += (out.empty() ? "" : ", ") + v;
    return out.empty() ? "-" : out;
}

int showRules(const ArgumentParser& parser, std::ostream& out, std::ostream& err) {
    if (parser.positional().size() != 2) {
        err << "eqlwb rule show: give one rule file (see eqlwb rule --help)\n";
        return UsageError;
    }
    const std::string format = parser.value("--format").value_or("text");
    if (format != "text" && format != "json") {
        err << "eqlwb rule show: --format must be text or json\n";
        return UsageError;
    }
    const rules::RuleFile file = rules::readRuleFile(parser.positional()[1]);
    for (const auto& issue : file.issues)
        err << "eqlwb rule show: " << issue.text() << "\n";
    std::vector<const rules::DetectionRule*> chosen;
    if (auto id = parser.value("--rule-id")) {
        std::string error;
        const rules::DetectionRule* r = rules::findRule(file, *id, error);
        if (!r) {
            err << "eqlwb rule show: " << error << "\n";
            return InputError;
        }
        chosen.push_back(r);
    } else {
        for (const auto& r : file.rules)
            chosen.push_back(&r);
    }
    if (chosen.empty()) return InputError;
    if (format == "json") {
        if (chosen.size() == 1) {
            out << chosen.front()->toJson().dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
        } else {
            nlohmann::ordered_json all = nlohmann::ordered_json::array();
            for (const auto* r : chosen)
                all.push_back(r->toJson());
            out << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        }
        return Success;
    }
    for (const auto* r : chosen) {
        out << r->name << "\n"
            << "  rule_id      " << r->ruleId << (r->version ? "  (version " + std::to_string(*r->version) + ")" : "")
            << "\n"
            << "  type         " << r->type << " / " << r->language
            << (r->supported ? "" : "  - not supported: " + r->unsupportedReason) << "\n"
            << "  from         " << r->file << ":" << r->line << " (" << rules::formatName(r->format) << ")\n"
            << "  index        " << joined(r->index) << "\n"
            << "  schedule     every " << r->interval << " over " << r->from << " .. " << r->to << ", at most "
            << r->maxSignals << " alerts\n"
            << "  severity     " << r->severity << ", risk score " << r->riskScore << "\n"
            << "  overrides    timestamp " << (r->timestampOverride.empty() ? "-" : r->timestampOverride)
            << (r->timestampOverrideFallbackDisabled ? " (no fallback)" : "") << ", event category "
            << (r->eventCategoryOverride.empty() ? "-" : r->eventCategoryOverride) << ", tiebreaker "
            << (r->tiebreakerField.empty() ? "-" : r->tiebreakerField) << "\n"
            << "  tactics      " << joined(r->tactics()) << "\n"
            << "  exceptions   " << joined(r->exceptionListIds()) << "\n";
        if (!r->buildingBlockType.empty()) out << "  building block (" << r->buildingBlockType << ")\n";
        if (!r->alertSuppression.is_null())
            out << "  suppression  "
                << r->alertSuppression.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        out << "  query\n";
        std::istringstream lines(r->query);
        for (std::string line; std::getline(lines, line);)
            if (line.find_first_not_of(" \t\r") != std::string::npos) out << "    " << line << "\n";
        out << "\n";
    }
    return Success;
}
std::optional<std::string> queryOption(const ArgumentParser& parser, std::ostream& err) {
    if (auto q = parser.value("--query")) return *q;
    if (auto f = parser.value("--query-file")) {
        std::ifstream in(*f, std::ios::binary);
        if (!in) {
            err << "eqlwb rule export: " << *f << ": cannot read the query file\n";
            return std::nullopt;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        return buffer.str();
    }
    return std::string();
}

int exportRuleFile(const ArgumentParser& parser, std::ostream& out, std::ostream& err) {
    if (parser.value("--version")) {
        err << "eqlwb rule export: --version and --rule exclude each other\n";
        return UsageError;
    }
    const rules::RuleFile file = rules::readRuleFile(*parser.value("--rule"));
    std::string error;
    const rules::DetectionRule* rule = rules::findRule(file, parser.value("--rule-id").value_or(""), error);
    if (!rule) {
        err << "eqlwb rule export: " << error << "\n";
        return InputError;
    }
    auto given = queryOption(parser, err);
    if (!given) return InputError;
    const std::string query = given->empty() ? rule->query : *given;
    if (rule->supported) try {
            eql::parseQuery(query);
        } catch (const eql::QueryError& e) {
            const int line = given->empty() ? rule->queryLine + e.pos().line - 1 : e.pos().line;
            err << "eqlwb rule export: " << (given->empty() ? rule->file : std::string("--query")) << ":" << line << ":"
                << e.pos().column << ": " << e.message() << "\n";
            return UsageError;
        }
    exceptions::ExceptionSet lists = rules::referencedLists(*rule, file.exceptions);
    if (const auto files = parser.values("--exceptions"); !files.empty()) {
        auto set = loadExceptionFiles(files, err);
        if (!set) return InputError;
        exceptions::merge(lists, std::move(*set));
    }
    const std::string format = parser.value("--format").value_or("");
    std::string content;
    if (format == "toml") {
        content = rules::toDetectionRulesToml(*rule, query, today());
    } else if (format == "kibana") {
        content = rules::toKibanaNdjson(*rule, query, lists);
    } else if (format == "eql") {
        content = query + (query.empty() || query.back() != '\n' ? "\n" : "");
    } else if (format == "es-request" || format == "curl") {
        ruleexport::TunedRule tuned;
        tuned.base.name = rule->name;
        tuned.base.severity = rule->severity;
        tuned.base.riskScore = rule->riskScore;
        tuned.base.interval = rule->interval;
        tuned.base.from = rule->from;
        tuned.base.maxSignals = int(rule->maxSignals);
        tuned.base.index = rule->index;
        tuned.ruleId = rule->ruleId;
        tuned.query = query;
        tuned.exceptions = lists;
        const std::int64_t nowNs = nowNanos();
        const std::string to = parser.value("--to").value_or(formatTimestampMillis(nowNs));
        const std::string from = parser.value("--from").value_or(
            formatTimestampMillis(nowNs - lookbackMinutes(rule->from) * 60'000'000'000LL));
        content = format == "curl" ? ruleexport::curlCommand(tuned, from, to)
                                   : ruleexport::eqlSearchRequest(tuned, from, to);
    } else {
        err << "eqlwb rule export: --format must be kibana, toml, eql, es-request or curl\n";
        return UsageError;
    }
    return writeOutput(parser.value("--out"), parser.flag("--force"), content, out, err) ? Success : InputError;
}
} // namespace

int ruleCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    for (const char* f : {"--help", "--force"})
        parser.addFlag(f);
    for (const char* o :
        {"--version", "--rule", "--query", "--query-file", "--format", "--rule-id", "--from", "--to", "--out"})
        parser.addOption(o);
    parser.addMultiOption("--exceptions");
    parser.addMultiOption("--tag");
    if (!parser.parse(args)) return usageError(err, "rule", parser.error());
    if (parser.flag("--help") || parser.positional().empty()) {
        (parser.flag("--help") ? out : err) << RuleHelp;
        return parser.flag("--help") ? Success : UsageError;
    }
    const std::string action = parser.positional()[0];
    const rules::Rule& seed = rules::seedRule();
    if (action == "versions") {
        for (const auto& v : seed.versions)
            out << v.label << "\t" << v.release << "\t" << v.name << "\n";
        return Success;
    }
    if (action == "show") return showRules(parser, out, err);
    if (action != "export") {
        err << "eqlwb rule: unknown action '" << action << "' (show, versions or export)\n";
        return UsageError;
    }
    if (parser.value("--rule")) return exportRuleFile(parser, out, err);
    const std::string label = parser.value("--version").value_or("v100");
    const rules::RuleVersion* version = seed.find(label);
    if (!version) {
        err << "eqlwb rule export: no version " << label << " (eqlwb rule versions lists them)\n";
        return UsageError;
    }
    ruleexport::TunedRule rule;
    rule.base = *version;
    rule.ruleId = parser.value("--rule-id").value_or(newRuleId());
    rule.tags = parser.values("--tag");
    if (rule.tags.empty()) rule.tags = {"OS: macOS", "Use Case: Threat Detection", "Tuned: EQL Workbench"};
    std::string query = version->query;
    if (auto q = parser.value("--query")) query = *q;
    if (auto f = parser.value("--query-file")) {
        std::ifstream in(*f, std::ios::binary);
        if (!in) {
            err << "eqlwb rule export: " << *f << ": cannot read the query file\n";
            return InputError;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        query = buffer.str();
    }
    try {
        rule.query = eql::toEql(eql::parseQuery(query));
    } catch (const eql::QueryError& e) {
        err << "eqlwb rule export: query error: " << e.what() << "\n";
        return UsageError;
    }
    const auto exceptionFiles = parser.values("--exceptions");
    if (!exceptionFiles.empty()) {
        auto set = loadExceptionFiles(exceptionFiles, err);
        if (!set) return InputError;
        rule.exceptions = std::move(*set);
    }
    const std::string format = parser.value("--format").value_or("");
    const std::int64_t nowNs = nowNanos();
    const std::string to = parser.value("--to").value_or(formatTimestampMillis(nowNs));
    const std::string from = parser.value("--from").value_or(
        formatTimestampMillis(nowNs - lookbackMinutes(version->from) * 60'000'000'000LL));
    std::string content;
    if (format == "kibana")
        content = ruleexport::kibanaRuleNdjson(rule);
    else if (format == "toml")
        content = ruleexport::detectionRulesToml(rule, today());
    else if (format == "eql")
        content = rule.query + "\n";
    else if (format == "es-request")
        content = ruleexport::eqlSearchRequest(rule, from, to);
    else if (format == "curl")
        content = ruleexport::curlCommand(rule, from, to);
    else {
        err << "eqlwb rule export: --format must be kibana, toml, eql, es-request or curl\n";
        return UsageError;
    }
    return writeOutput(parser.value("--out"), parser.flag("--force"), content, out, err) ? Success : InputError;
}

} // namespace wb::cli
