// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "exceptions/exceptionio.h"
#include "util/atomicfile.h"
#include "util/timestamp.h"

#include <chrono>
#include <ctime>
#include <ostream>

namespace wb::cli {

namespace {
const char* const ExceptionsHelp = R"(Usage:
  eqlwb exceptions validate FILE...
  eqlwb exceptions export FILE... --format kibana|toml [--out FILE] [--force]

validate  Checks exception files against Kibana's import rules (required keys, no unknown keys,
          valid entries, items whose list is in the file) and lists every problem as file:line.
export    Reads Kibana NDJSON or detection-rules TOML files and writes them as Kibana's export
          NDJSON (containers, items, summary line) or detection-rules TOML (one list per file).
          Written atomically; an existing --out file is replaced only with --force.

Exit codes: 0 valid / written, 2 usage error, 3 a file has problems or cannot be written.
)";
} // namespace

std::optional<exceptions::ExceptionSet> loadExceptionFiles(const std::vector<std::string>& files, std::ostream& err) {
    exceptions::ExceptionSet set;
    bool ok = true;
    for (const std::string& f : files) {
        exceptions::ReadResult r = exceptions::readExceptions(f);
        for (const auto& issue : r.issues)
            err << "eqlwb: " << issue.text() << "\n";
        ok = ok && r.ok();
        exceptions::merge(set, std::move(r.set));
    }
    if (!ok) return std::nullopt;
    return set;
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y/%m/%d", &tm);
    return buf;
}

std::int64_t nowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool evaluationTime(const std::optional<std::string>& nowOption, std::int64_t& nowNs, std::string& error) {
    nowNs = nowNanos();
    if (!nowOption) return true;
    const auto parsed = parseTimestamp(*nowOption);
    if (!parsed) {
        error = "--now takes an ISO-8601 time, not '" + *nowOption + "'";
        return false;
    }
    nowNs = *parsed;
    return true;
}

bool writeOutput(const std::optional<std::string>& out, bool force, const std::string& content,
    std::ostream& stdoutStream, std::ostream& err) {
    if (!out) {
        stdoutStream << content;
        return true;
    }
    std::string error;
    if (!writeFileAtomically(*out, content, force, &error)) {
        err << "eqlwb: " << error << "\n";
        return false;
    }
    return true;
}

int exceptionsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    parser.addFlag("--force");
    parser.addOption("--format");
    parser.addOption("--out");
    if (!parser.parse(args)) return usageError(err, "exceptions", parser.error());
    if (parser.flag("--help") || parser.positional().empty()) {
        (parser.flag("--help") ? out : err) << ExceptionsHelp;
        return parser.flag("--help") ? Success : UsageError;
    }
    const std::string action = parser.positional()[0];
    const std::vector<std::string> files(parser.positional().begin() + 1, parser.positional().end());
    if (files.empty()) {
        err << "eqlwb exceptions " << action << ": no files given\n";
        return UsageError;
    }
    if (action == "validate") {
        bool ok = true;
        for (const std::string& f : files) {
            const exceptions::ReadResult r = exceptions::readExceptions(f);
            for (const auto& issue : r.issues)
                out << issue.text() << "\n";
            if (r.ok())
                out << f << ": valid (" << r.set.lists.size() << " list" << (r.set.lists.size() == 1 ? "" : "s") << ", "
                    << r.set.itemCount() << " item" << (r.set.itemCount() == 1 ? "" : "s") << ")\n";
            ok = ok && r.ok();
        }
        return ok ? Success : InputError;
    }
    if (action == "export") {
        const std::string format = parser.value("--format").value_or("");
        if (format != "kibana" && format != "toml") {
            err << "eqlwb exceptions export: --format must be kibana or toml\n";
            return UsageError;
        }
        auto set = loadExceptionFiles(files, err);
        if (!set) return InputError; // nothing is written from a file with problems
        std::string content;
        if (format == "kibana") {
            content = exceptions::toKibanaNdjson(*set);
        } else {
            if (set->lists.size() != 1) {
                err << "eqlwb exceptions export: detection-rules TOML holds one list per file; the input has "
                    << set->lists.size() << "\n";
                return UsageError;
            }
            content = exceptions::toDetectionRulesToml(set->lists[0], {}, {}, today());
            if (exceptions::osTypesDropped(set->lists[0]))
                err << "eqlwb exceptions export: warning: detection-rules TOML has no os_types on items; they are left "
                       "out\n";
        }
        return writeOutput(parser.value("--out"), parser.flag("--force"), content, out, err) ? Success : InputError;
    }
    err << "eqlwb exceptions: unknown action '" << action << "' (validate or export)\n";
    return UsageError;
}

} // namespace wb::cli
