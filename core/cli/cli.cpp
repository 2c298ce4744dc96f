// SPDX-License-Identifier: Apache-2.0
#include "cli.h"

#include "argumentparser.h"

#include <ostream>

namespace wb::cli {

namespace {
const char* const MainHelp = R"(eqlwb - run Elastic EQL detection rules over endpoint event captures

Usage:
  eqlwb run (--query EQL | --query-file FILE) --events FILE... [--maxspan DUR] [--size N]
            [--result-position head|tail] [--timestamp-field F] [--event-category-field F]
            [--tiebreaker-field F] [--mapping FILE] [--index-mapping INDEX=FILE]...
            [--max-samples-per-key N] [--format es|ndjson|table]
            [--exceptions FILE...] [--now TIME]
  eqlwb exceptions validate FILE...
  eqlwb exceptions export FILE... --format kibana|toml [--out FILE] [--force]
  eqlwb run --rule FILE [--rule-id ID] --events FILE... [--from TIME --to TIME] [options]
  eqlwb sweep --rules PATH... --events FILE... [--jobs N] [--format table|json|ndjson]
  eqlwb diff (--rule FILE | --version vN | --query EQL) (--rule … | --version … | --query …)
             --events FILE... [--format text|json]
  eqlwb simulate (--rule FILE | --version vN | --query EQL) --events FILE... [--interval 5m]
                 [--from now-9m] [--max-signals N] [--start TIME] [--skip-run TIME...]
                 [--late TIME=DELAY...] [--rule-uuid U] [--space S] [--format text|json]
  eqlwb explain (--query EQL | --query-file F | --rule FILE | --version vN) --events FILE...
                [--alert N | --event INDEX:ID | --key V[,V...] | --from TIME --to TIME]
                [--exceptions FILE...] [--format text|json]
  eqlwb test FILE... [--junit FILE]
  eqlwb rule show FILE [--rule-id ID] [--format text|json]
  eqlwb rule versions
  eqlwb rule export [--version vN] [--query EQL] [--exceptions FILE...]
                    --format kibana|toml|eql|es-request|curl [--out FILE] [--force]
  eqlwb inspect FILE... [--format text|json] [--timestamp-field F]
  eqlwb cache info | clear
  eqlwb --help | --version
  eqlwb COMMAND --help

Commands:
  run       Run an EQL query or rule over captures with Elasticsearch's semantics and print
            what Elasticsearch would return (its EQL search response by default).
  exceptions  Validate Kibana exception lists (NDJSON) or detection-rules TOML, or convert them.
  sweep     Run every rule of files and folders (a detection-rules checkout, Kibana exports)
            over the captures: which rules fire, which cannot run here and why.
  simulate  What Kibana's schedule would really write: runs, windows, alert ids, duplicates,
            and the matches no run writes, with why.
  explain   Why an alert fired (each stage's conditions with the event's values), and why
            nothing fired for a key, a time range or an event: the near misses, each with its
            reason, evidence and a change that makes it fire, checked by re-running.
  report    An alert report to hand to someone: one self-contained HTML file with the rule,
            the capture and per alert its stages, attack graph and why each condition held.
  test      Rule tests for CI: expected alerts (counts or exact events) per rule, capture and
            exceptions, as a plain run or as the schedule writes them; JUnit XML.
  diff      Compare the alerts of two rules or versions on the same captures: only in A, only
            in B, in both (matched by their events).
  rule      Show a rule file as Kibana runs it; list the built-in rule lineage; export a tuned rule for Kibana or detection-rules,
            as EQL, or as the _eql/search request Kibana would send.
  cache     Where the capture cache is and how big, or clear it. Every command that loads
            captures keeps them there and takes --no-cache.
  inspect   Load captures and summarise them: events, skipped records (with file:line
            and reason), time range, categories, hosts and users.

Captures may be NDJSON (bare documents or whole hits), a JSON array of documents, an
Elasticsearch _search or EQL search response, es_archiver files, or any of these
gzip-compressed. The shape is detected; no flag is needed.

Exit codes: 0 success (whether or not a query matched), 2 usage or query error, 3 input error
(unreadable file, or no usable event).
)";
} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << MainHelp;
        return UsageError;
    }
    const std::string& command = args[0];
    std::vector<std::string> rest;
    for (auto it = args.begin() + 1; it != args.end(); ++it) // --no-cache belongs to every command
        if (*it == "--no-cache")
            setCaptureCacheEnabled(false);
        else
            rest.push_back(*it);
    if (command == "--help" || command == "-h" || command == "help") {
        out << MainHelp;
        return Success;
    }
    if (command == "--version") {
        out << "eqlwb " << EQLWB_VERSION << "\n";
        return Success;
    }
    if (command == "inspect") return inspect(rest, out, err);
    if (command == "run") return runQuery(rest, out, err);
    if (command == "exceptions") return exceptionsCommand(rest, out, err);
    if (command == "rule") return ruleCommand(rest, out, err);
    if (command == "sweep") return sweepCommand(rest, out, err);
    if (command == "diff") return diffCommand(rest, out, err);
    if (command == "simulate") return simulateCommand(rest, out, err);
    if (command == "test") return testCommand(rest, out, err);
    if (command == "explain") return explainCommand(rest, out, err);
    if (command == "report") return reportCommand(rest, out, err);
    if (command == "cache") return cacheCommand(rest, out, err);
    err << "eqlwb: unknown command '" << command << "' (see eqlwb --help)\n";
    return UsageError;
}

int usageError(std::ostream& err, const std::string& command, const std::string& message) {
    err << "eqlwb " << command << ": " << message << " (see eqlwb " << command << " --help)\n";
    return UsageError;
}

std::optional<int> parseCommandLine(ArgumentParser& parser, const std::vector<std::string>& args,
    const std::string& command, std::string_view help, std::ostream& out, std::ostream& err) {
    if (!parser.parse(args)) return usageError(err, command, parser.error());
    if (parser.flag("--help")) {
        out << help;
        return Success;
    }
    return std::nullopt;
}

} // namespace wb::cli
