// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"
#include "cli.h"
#include "inspect/capturesummary.h"
#include "load/captureloader.h"
#include "util/timestamp.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

namespace wb::cli {

namespace {
const char* const InspectHelp = R"(Usage: eqlwb inspect FILE... [--format text|json] [--timestamp-field F] [--memory]

Loads one or more captures into one event store and summarises them.

Options:
  --format text|json     text (default) for people; json for pipelines, one object with the
                         keys events, skipped, duplicates, errors ([{file, line, reason}], the
                         first 1000), time_range ({start, end}, ISO-8601 UTC), categories
                         (value -> count), hosts and users ([{id, name, events}], most active
                         first), files ([{path, events, skipped, compressed}]).
  --timestamp-field F    the event time field (default @timestamp): ISO-8601 with any offset
                         and 0-9 fractional digits, or epoch milliseconds.
  --max-record-size MIB  records larger than this are skipped (default 16, at most 1024).
  --memory               also say where the store's memory goes: bytes per event of each part
                         (string text, references and hash table; value cells and blocks; the
                         per-event arrays), of each value kind, and of the fields that take the
                         most (JSON: "memory": {events, total_bytes, parts, kinds, fields}).

Bad records (broken JSON, not an object, no or unparsable timestamp, invalid UTF-8, too large,
nested deeper than 512 levels) are skipped, counted and listed with file:line.

Exit codes: 0 success, 2 usage error, 3 input error (a file cannot be read or holds no valid
event).
)";

nlohmann::ordered_json entitiesJson(const std::vector<CaptureSummary::Entity>& entities) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& entity : entities) {
        nlohmann::ordered_json item;
        item["id"] = entity.id ? nlohmann::ordered_json(*entity.id) : nlohmann::ordered_json();
        item["name"] = entity.name ? nlohmann::ordered_json(*entity.name) : nlohmann::ordered_json();
        item["events"] = entity.events;
        list.push_back(std::move(item));
    }
    return list;
}

double perEvent(std::size_t bytes, std::size_t events) {
    return events ? double(bytes) / double(events) : 0.0;
}

constexpr std::size_t MemoryFieldsShown = 20;

nlohmann::ordered_json memoryJson(const EventStore& store) {
    const EventStore::MemoryReport report = store.memoryReport();
    nlohmann::ordered_json doc;
    doc["events"] = store.size();
    doc["total_bytes"] = report.total;
    doc["bytes_per_event"] = perEvent(report.total, store.size());
    auto parts = [](const std::vector<EventStore::MemoryPart>& list) {
        auto out = nlohmann::ordered_json::array();
        for (const auto& part : list)
            out.push_back({{"name", part.name}, {"bytes", part.bytes}});
        return out;
    };
    doc["parts"] = parts(report.parts);
    doc["kinds"] = parts(report.byKind);
    auto fields = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < report.byField.size() && i < MemoryFieldsShown; ++i) {
        const auto& f = report.byField[i];
        fields.push_back({{"field", f.field}, {"value_bytes", f.cellBytes}, {"string_bytes", f.stringBytes},
            {"distinct_strings", f.strings}});
    }
    doc["fields"] = std::move(fields);
    return doc;
}

void printMemory(std::ostream& out, const EventStore& store) {
    const EventStore::MemoryReport report = store.memoryReport();
    const std::size_t events = store.size();
    auto line = [&](const std::string& name, std::size_t bytes) {
        out << "  " << std::left << std::setw(56) << name << std::right << std::setw(8) << std::fixed
            << std::setprecision(1) << perEvent(bytes, events) << " B/event " << std::setw(10) << (bytes >> 10)
            << " KiB\n";
    };
    out << "Memory:     " << std::fixed << std::setprecision(1) << perEvent(report.total, events)
        << " bytes per event, " << (report.total >> 20) << " MiB in all\n";
    out << " by part:\n";
    for (const auto& part : report.parts)
        line(part.name, part.bytes);
    out << " by value kind:\n";
    for (const auto& kind : report.byKind)
        line(kind.name, kind.bytes);
    out << " by field (values, and the strings it holds first), largest first:\n";
    for (std::size_t i = 0; i < report.byField.size() && i < MemoryFieldsShown; ++i) {
        const auto& f = report.byField[i];
        line(f.field + " (" + std::to_string(f.strings) + (f.strings == 1 ? " string)" : " strings)"),
            f.cellBytes + f.stringBytes);
    }
    if (report.byField.size() > MemoryFieldsShown)
        out << "  ... and " << report.byField.size() - MemoryFieldsShown << " more fields\n";
}

void printEntities(std::ostream& out, const char* title, const std::vector<CaptureSummary::Entity>& entities) {
    out << title << " (" << entities.size() << "):\n";
    const std::size_t shown = std::min<std::size_t>(entities.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& e = entities[i];
        std::string label = e.name.value_or("-");
        if (e.id && e.id != e.name) label += " (" + *e.id + ")";
        out << "  " << std::left << std::setw(60) << label << " " << std::right << std::setw(10) << e.events << "\n";
    }
    if (entities.size() > shown) out << "  ... and " << entities.size() - shown << " more\n";
}
} // namespace

int inspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ArgumentParser parser;
    parser.addFlag("--help");
    parser.addOption("--format");
    parser.addOption("--timestamp-field");
    parser.addOption("--max-record-size");
    parser.addFlag("--memory");
    if (auto done = parseCommandLine(parser, args, "inspect", InspectHelp, out, err)) return *done;
    const std::string format = parser.value("--format").value_or("text");
    if (format != "text" && format != "json") {
        err << "eqlwb inspect: --format must be text or json, not '" << format << "'\n";
        return UsageError;
    }
    if (parser.positional().empty()) {
        return usageError(err, "inspect", "no capture file given");
    }
    LoadOptions options = captureLoadOptions();
    if (auto field = parser.value("--timestamp-field")) options.timestampField = *field;
    if (auto size = parser.value("--max-record-size")) {
        char* end = nullptr;
        const long mib = std::strtol(size->c_str(), &end, 10);
        if (!end || *end || mib <= 0 || mib > long(LoadOptions::MaxRecordLimitMiB)) {
            err << "eqlwb inspect: --max-record-size takes a number of MiB from 1 to " << LoadOptions::MaxRecordLimitMiB
                << "\n";
            return UsageError;
        }
        options.maxRecordBytes = static_cast<std::size_t>(mib) << 20;
    }

    EventStore store;
    CaptureLoader loader(store, options);
    const LoadReport report = loader.load(parser.positional());
    reportCacheUse(report, "inspect", err);
    const CaptureSummary summary = CaptureSummary::compute(store);

    bool inputError = summary.events == 0;
    for (const auto& file : report.files) {
        if (!file.error.empty()) {
            err << "eqlwb inspect: " << file.error << "\n";
            inputError = true;
        }
    }

    if (format == "json") {
        nlohmann::ordered_json doc;
        doc["events"] = summary.events;
        doc["skipped"] = report.skipped;
        doc["duplicates"] = report.duplicates;
        auto errors = nlohmann::ordered_json::array();
        for (const auto& issue : report.issues)
            errors.push_back({{"file", issue.file}, {"line", issue.line}, {"reason", issue.reason}});
        doc["errors"] = std::move(errors);
        nlohmann::ordered_json range;
        range["start"]
            = summary.firstNs ? nlohmann::ordered_json(formatTimestamp(*summary.firstNs)) : nlohmann::ordered_json();
        range["end"]
            = summary.lastNs ? nlohmann::ordered_json(formatTimestamp(*summary.lastNs)) : nlohmann::ordered_json();
        doc["time_range"] = std::move(range);
        nlohmann::ordered_json categories = nlohmann::ordered_json::object();
        for (const auto& [name, count] : summary.categories)
            categories[name] = count;
        doc["categories"] = std::move(categories);
        doc["hosts"] = entitiesJson(summary.hosts);
        doc["users"] = entitiesJson(summary.users);
        auto files = nlohmann::ordered_json::array();
        for (const auto& file : report.files) {
            nlohmann::ordered_json item{{"path", file.path}, {"events", file.events}, {"skipped", file.skipped},
                {"compressed", file.compressed}};
            if (!file.error.empty()) item["error"] = file.error;
            files.push_back(std::move(item));
        }
        doc["files"] = std::move(files);
        if (parser.flag("--memory")) doc["memory"] = memoryJson(store);
        out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        out << "Events:     " << summary.events << " from " << report.files.size() << " file"
            << (report.files.size() == 1 ? "" : "s") << "\n";
        out << "Skipped:    " << report.skipped << " record" << (report.skipped == 1 ? "" : "s") << "\n";
        const std::size_t shownIssues = std::min<std::size_t>(report.issues.size(), 10);
        for (std::size_t i = 0; i < shownIssues; ++i) {
            const auto& issue = report.issues[i];
            out << "  " << issue.file << ":" << issue.line << ": " << issue.reason << "\n";
        }
        if (report.skipped > shownIssues)
            out << "  ... and " << report.skipped - shownIssues << " more (use --format json for the list)\n";
        if (report.duplicates)
            out << "Duplicates: " << report.duplicates << " hits repeating an _index/_id already loaded (kept once)\n";
        if (summary.firstNs)
            out << "Time range: " << formatTimestamp(*summary.firstNs) << " .. " << formatTimestamp(*summary.lastNs)
                << " (UTC)\n";
        out << "Categories:\n";
        for (const auto& [name, count] : summary.categories)
            out << "  " << std::left << std::setw(60) << name << " " << std::right << std::setw(10) << count << "\n";
        printEntities(out, "Hosts", summary.hosts);
        printEntities(out, "Users", summary.users);
        if (parser.flag("--memory")) printMemory(out, store);
    }
    return inputError ? InputError : Success;
}

} // namespace wb::cli
