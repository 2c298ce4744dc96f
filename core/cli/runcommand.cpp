// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionfilter.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "output/resultwriter.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"
#include "util/timestamp.h"

#include <charconv>
#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>

namespace wb::cli {

namespace {
const char* const RunHelp = R"(Usage: eqlwb run (--query EQL | --query-file FILE | --rule FILE [--rule-id ID])
                 --events FILE... [options]

Runs an Elasticsearch EQL query (event query, sequence or sample) over captures, with
Elasticsearch's semantics, and prints what Elasticsearch would return.

Options:
  --query EQL                  the query text
  --query-file FILE            read the query from a file
  --rule FILE                  a rule (detection-rules TOML, Kibana rule export NDJSON, rules API
                               JSON, or .eql), run with the settings Kibana runs it with: its
                               event_category_override, tiebreaker_field, max_signals as the size,
                               its index patterns (against each event's _index; events with no
                               _index are always searched), and the exception lists it references
                               that are in the same file or given with --exceptions
  --rule-id ID                 which rule of a file that holds several
  --from TIME --to TIME        only what one run over this window sees: Kibana's range filter on
                               the rule's timestamp_override (with its @timestamp fallback)
  --events FILE...             captures; repeat the option or list several files. Every file is an
                               index: its events' _index, else the file name without extensions.
  --maxspan DUR                override the sequence maxspan (e.g. 30s, 500ms, 2m; units ms s m h d)
  --size N                     at most N results (default: all; Elasticsearch's default is 10)
  --result-position head|tail  which results --size keeps (default head: the earliest)
  --timestamp-field F          event time field (default @timestamp)
  --event-category-field F     category field for `process where` (default event.category)
  --tiebreaker-field F         orders events with the same millisecond (e.g. event.sequence)
  --mapping FILE               Elasticsearch mapping for every index (GET index/_mapping or a
                               mapping body; # comment lines allowed)
  --index-mapping INDEX=FILE   mapping for one index; repeatable
  --max-samples-per-key N      samples per join key for `sample` queries (default 1)
  --exceptions FILE...         Kibana exception lists (NDJSON) or detection-rules TOML: every event
                               an active item matches is removed before matching, as Kibana does
  --now TIME                   the evaluation time for expire_time (default: now)
  --format es|ndjson|table     es (default): one JSON document like Elasticsearch's EQL search
                               response; ndjson: one event or sequence per line; table: for people

Without a mapping, field types come from the values, as Elasticsearch's dynamic mapping would
pick them. Events without a timestamp take part only in `sample` queries.

Exit codes: 0 whether or not anything matched, 2 usage or query error (line:column on stderr),
3 input error (unreadable capture or mapping, or no usable event).
)";

std::optional<std::int64_t> parseCount(const std::string& text) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || v < 0) return std::nullopt;
    return v;
}

// "30s" -> 30000, with the units and rules of a query's maxspan.
std::optional<std::int64_t> parseDurationMillis(const std::string& text, std::string& error) {
    try {
        const eql::Query q = eql::parseQuery("sequence with maxspan=" + text + " [any where true] [any where true]");
        return q.maxspan->millis();
    } catch (const eql::QueryError& e) {
        error = e.message();
        return std::nullopt;
    }
}

// The query line the error points into, with a caret under the column.
void printQueryError(std::ostream& err, const std::string& query, const eql::QueryError& e) {
    err << "eqlwb run: query error: line " << e.pos().line << ":" << e.pos().column << ": " << e.message() << "\n";
    std::istringstream lines(query);
    std::string line;
    for (int i = 1; std::getline(lines, line); ++i)
        if (i == e.pos().line) {
            err << "  " << line << "\n  " << std::string(std::size_t(std::max(0, e.pos().column - 1)), ' ') << "^\n";
            break;
        }
}
} // namespace

int runQuery(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    for (const char* option : {"--query", "--query-file", "--maxspan", "--size", "--result-position",
             "--timestamp-field", "--event-category-field", "--tiebreaker-field", "--mapping", "--max-samples-per-key",
             "--format", "--max-record-size"})
        parser.addOption(option);
    parser.addMultiOption("--events");
    parser.addMultiOption("--index-mapping");
    parser.addMultiOption("--exceptions");
    parser.addOption("--now");
    for (const char* option : {"--rule", "--rule-id", "--from", "--to"})
        parser.addOption(option);
    if (auto done = parseCommandLine(parser, args, "run", RunHelp, out, err)) return *done;
    auto usage = [&](const std::string& message) { return usageError(err, "run", message); };
    const auto queryText = parser.value("--query");
    const auto queryFile = parser.value("--query-file");
    const auto ruleFile = parser.value("--rule");
    if (int(queryText.has_value()) + int(queryFile.has_value()) + int(ruleFile.has_value()) != 1)
        return usage("give the query with exactly one of --query, --query-file or --rule");
    if (parser.value("--rule-id") && !ruleFile) return usage("--rule-id goes with --rule");
    std::optional<rules::TimeWindow> window;
    if (parser.value("--from") || parser.value("--to")) {
        const auto from = parseTimestamp(parser.value("--from").value_or(""));
        const auto to = parseTimestamp(parser.value("--to").value_or(""));
        if (!from || !to || *to < *from) return usage("--from and --to take two ISO-8601 times, --from first");
        window = rules::TimeWindow{*from, *to};
    }
    std::vector<std::string> files = parser.values("--events");
    for (const std::string& p : parser.positional())
        files.push_back(p);
    if (files.empty()) return usage("no captures: give them with --events FILE...");
    const std::string format = parser.value("--format").value_or("es");
    if (format != "es" && format != "ndjson" && format != "table")
        return usage("--format must be es, ndjson or table, not '" + format + "'");

    eql::RunOptions options;
    options.categoryField = parser.value("--event-category-field").value_or("event.category");
    options.tiebreakerField = parser.value("--tiebreaker-field").value_or("");
    if (auto size = parser.value("--size")) {
        options.size = parseCount(*size);
        if (!options.size) return usage("--size takes a non-negative integer, not '" + *size + "'");
    }
    if (auto position = parser.value("--result-position")) {
        if (*position != "head" && *position != "tail") return usage("--result-position must be head or tail");
        options.resultPosition
            = *position == "head" ? eql::RunOptions::Position::Head : eql::RunOptions::Position::Tail;
    }
    if (auto span = parser.value("--maxspan")) {
        std::string error;
        options.maxspanMillis = parseDurationMillis(*span, error);
        if (!options.maxspanMillis) return usage("--maxspan '" + *span + "': " + error);
    }
    if (auto samples = parser.value("--max-samples-per-key")) {
        auto n = parseCount(*samples);
        if (!n || *n == 0) return usage("--max-samples-per-key takes a positive integer");
        options.maxSamplesPerKey = *n;
    }

    std::string query;
    std::optional<rules::DetectionRule> rule;
    rules::RuleFile ruleSource;
    int queryLineOffset = 0; // where the query starts in the rule file, for error positions
    if (ruleFile) {
        ruleSource = rules::readRuleFile(*ruleFile);
        std::string error;
        const rules::DetectionRule* found = rules::findRule(ruleSource, parser.value("--rule-id").value_or(""), error);
        if (!found) {
            err << "eqlwb run: " << error << "\n";
            return InputError;
        }
        if (!found->supported) {
            err << "eqlwb run: " << found->file << ":" << found->line << ": \"" << found->name
                << "\" cannot run here: " << found->unsupportedReason << "\n";
            return UsageError;
        }
        rule = *found;
        query = rule->query;
        queryLineOffset = rule->queryLine - 1;
    } else if (queryFile) {
        std::ifstream in(*queryFile, std::ios::binary);
        if (!in) {
            err << "eqlwb run: " << *queryFile << ": cannot read the query file\n";
            return InputError;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        query = buffer.str();
    } else {
        query = *queryText;
    }
    eql::Query parsed;
    try {
        parsed = eql::parseQuery(query);
    } catch (const eql::QueryError& e) {
        if (rule)
            err << "eqlwb run: " << rule->file << ":" << e.pos().line + queryLineOffset << ":" << e.pos().column
                << ": in the rule's query\n";
        printQueryError(err, query, e);
        return UsageError;
    }

    // Mappings first: a bad one is an input error before any long load.
    std::optional<eql::IndexMapping> forAll;
    std::map<std::string, eql::IndexMapping> perIndex;
    try {
        if (auto m = parser.value("--mapping")) forAll = eql::IndexMapping::load(*m);
        for (const std::string& spec : parser.values("--index-mapping")) {
            const std::size_t eq = spec.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
                return usage("--index-mapping takes INDEX=FILE, not '" + spec + "'");
            perIndex.emplace(spec.substr(0, eq), eql::IndexMapping::load(spec.substr(eq + 1)));
        }
    } catch (const std::exception& e) {
        err << "eqlwb run: " << e.what() << "\n";
        return InputError;
    }

    LoadOptions loadOptions = captureLoadOptions();
    loadOptions.timestampField
        = parser.value("--timestamp-field")
              .value_or(rule && !rule->timestampField.empty() ? rule->timestampField : "@timestamp");
    loadOptions.requireTimestamp = parsed.kind != eql::Query::Kind::Sample;
    if (auto mib = parser.value("--max-record-size")) {
        auto n = parseCount(*mib);
        if (!n || *n == 0 || *n > std::int64_t(LoadOptions::MaxRecordLimitMiB))
            return usage("--max-record-size takes 1 to " + std::to_string(LoadOptions::MaxRecordLimitMiB) + " (MiB)");
        loadOptions.maxRecordBytes = std::size_t(*n) << 20;
    }
    EventStore store;
    const LoadReport report = CaptureLoader(store, loadOptions).load(files);
    reportCacheUse(report, "run", err);
    for (const FileLoadSummary& f : report.files)
        if (!f.error.empty()) {
            err << "eqlwb run: " << f.error << "\n";
            return InputError;
        }
    if (report.skipped > 0) {
        err << "eqlwb run: skipped " << report.skipped << " bad record" << (report.skipped == 1 ? "" : "s")
            << " (they take no part in the results):\n";
        for (std::size_t i = 0; i < std::min<std::size_t>(report.issues.size(), 10); ++i)
            err << "  " << report.issues[i].file << ":" << report.issues[i].line << ": " << report.issues[i].reason
                << "\n";
        if (report.skipped > 10) err << "  ... and " << report.skipped - 10 << " more (eqlwb inspect lists them)\n";
    }

    std::vector<std::uint8_t> excluded;
    std::int64_t nowNs = 0;
    std::string nowError;
    if (!evaluationTime(parser.value("--now"), nowNs, nowError)) return usage(nowError);
    exceptions::ExceptionSet lists;
    if (const auto files = parser.values("--exceptions"); !files.empty()) {
        auto set = loadExceptionFiles(files, err);
        if (!set) return InputError;
        lists = std::move(*set);
    }
    if (rule) {
        // The lists the rule references from its own file, and every list given explicitly.
        exceptions::ExceptionSet applied = rules::referencedLists(*rule, ruleSource.exceptions);
        exceptions::merge(applied, std::move(lists));
        rules::RulePlan plan = rules::planRule(*rule, store, applied, nowNs, window);
        if (!rule->eventCategoryOverride.empty()) options.categoryField = plan.options.categoryField;
        if (!parser.value("--tiebreaker-field")) options.tiebreakerField = plan.options.tiebreakerField;
        if (!parser.value("--size")) options.size = plan.options.size;
        for (const std::string& note : plan.notes)
            err << "eqlwb run: note: " << note << "\n";
        excluded = std::move(plan.excluded);
        options.excluded = &excluded;
    } else if (!lists.lists.empty() || window) {
        rules::DetectionRule adHoc; // no rule: no index patterns, every event searched
        rules::RulePlan plan = rules::planRule(adHoc, store, lists, nowNs, window);
        for (const std::string& note : plan.notes)
            err << "eqlwb run: warning: " << note << "\n";
        excluded = std::move(plan.excluded);
        options.excluded = &excluded;
    }

    const auto started = std::chrono::steady_clock::now();
    eql::QueryResult result;
    try {
        eql::Schema schema(store, std::move(perIndex), std::move(forAll));
        schema.setTimestampField(loadOptions.timestampField);
        eql::Engine engine(schema);
        result = engine.run(parsed, options);
    } catch (const eql::QueryError& e) {
        printQueryError(err, query, e);
        return UsageError;
    }
    const double took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    for (const std::string& w : result.warnings)
        err << "eqlwb run: warning: " << w << ": no index has this field, so it reads as missing\n";

    ResultWriterOptions writerOptions;
    writerOptions.tookMillis = took;
    writerOptions.categoryField = options.categoryField;
    if (format == "es")
        writeEsResponse(out, store, result, writerOptions);
    else if (format == "ndjson")
        writeNdjson(out, store, result, writerOptions);
    else
        writeTable(out, store, result, writerOptions);
    return Success;
}

} // namespace wb::cli
