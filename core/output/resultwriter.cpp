// SPDX-License-Identifier: Apache-2.0
#include "resultwriter.h"

#include "util/timestamp.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

namespace wb {

namespace {
void writeJsonString(std::ostream& out, std::string_view s) {
    out << nlohmann::json(std::string(s)).dump();
}

void writeKey(std::ostream& out, const eql::KeyValue& k, bool sample) {
    switch (k.kind) {
    case eql::KeyValue::Kind::Null:
        out << "null";
        return;
    case eql::KeyValue::Kind::Bool:
        out << (k.boolean ? "true" : "false");
        return;
    case eql::KeyValue::Kind::Long:
        if (k.type == eql::FieldType::Date)
            writeJsonString(out, k.text(sample));
        else
            out << k.integer;
        return;
    case eql::KeyValue::Kind::Double:
        out << nlohmann::json(k.real).dump();
        return;
    case eql::KeyValue::Kind::String:
        writeJsonString(out, k.string);
        return;
    }
}

void writeEvent(std::ostream& out, const EventStore& store, const std::optional<EventIndex>& e, bool withTimestamp) {
    if (!e) {
        out << R"({"missing":true})";
        return;
    }
    out << R"({"_index":)";
    writeJsonString(out, store.strings().view(store.indexName(*e)));
    out << R"(,"_id":)";
    writeJsonString(out, eventId(store, *e));
    if (withTimestamp && store.timestampNs(*e) != NoTimestamp)
        out << R"(,"@timestamp":")" << formatTimestamp(store.timestampNs(*e)) << '"';
    std::string source;
    out << R"(,"_source":)";
    if (store.sourceDocument(*e, source))
        out << source;
    else
        out << "null";
    out << '}';
}

void writeMatch(std::ostream& out, const EventStore& store, const eql::Match& m, bool sample) {
    out << R"({"join_keys":[)";
    for (std::size_t i = 0; i < m.joinKeys.size(); ++i) {
        if (i) out << ',';
        writeKey(out, m.joinKeys[i], sample);
    }
    out << R"(],"events":[)";
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (i) out << ',';
        writeEvent(out, store, m.events[i], false);
    }
    out << "]}";
}

void writeTableRow(std::ostream& out, const EventStore& store, const std::optional<EventIndex>& e,
    const ResultWriterOptions& options, const char* indent) {
    if (!e) {
        out << indent << "(missing: no such event in the window)\n";
        return;
    }
    const std::int64_t ts = store.timestampNs(*e);
    std::string process = store.firstText(*e, "process.name");
    const std::string parent = store.firstText(*e, "process.parent.name");
    if (!parent.empty()) process += " <- " + parent;
    std::string detail = store.firstText(*e, "destination.ip");
    if (detail.empty()) detail = store.firstText(*e, "dns.question.name");
    if (detail.empty()) detail = store.firstText(*e, "file.path");
    out << indent << std::left << std::setw(26) << (ts == NoTimestamp ? std::string("-") : formatTimestampMillis(ts))
        << std::setw(10) << store.firstText(*e, options.categoryField) << std::setw(8)
        << store.firstText(*e, "event.type") << std::setw(34) << (process.empty() ? "-" : process) << std::setw(18)
        << (detail.empty() ? "-" : detail) << std::string(store.strings().view(store.indexName(*e))) << "/"
        << eventId(store, *e) << "\n";
}
} // namespace

std::string eventId(const EventStore& store, EventIndex e) {
    const StringId id = store.docId(e);
    if (id != 0) return std::string(store.strings().view(id));
    const EventOrigin& origin = store.origin(e);
    return std::string(store.strings().view(store.indexName(e))) + "-" + std::to_string(origin.offset);
}

void writeEsResponse(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions& options) {
    out << R"({"took":)" << std::int64_t(options.tookMillis + 0.5) << R"(,"timed_out":false,"hits":{"total":{"value":)"
        << result.total() << R"(,"relation":"eq"},)";
    const bool sample = result.kind == eql::Query::Kind::Sample;
    if (result.kind == eql::Query::Kind::Event) {
        out << R"("events":[)";
        for (std::size_t i = 0; i < result.events.size(); ++i) {
            out << (i ? ",\n" : "\n");
            writeEvent(out, store, result.events[i], false);
        }
    } else {
        out << R"("sequences":[)";
        for (std::size_t i = 0; i < result.matches.size(); ++i) {
            out << (i ? ",\n" : "\n");
            writeMatch(out, store, result.matches[i], sample);
        }
    }
    out << "]}}\n";
}

void writeNdjson(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions&) {
    if (result.kind == eql::Query::Kind::Event) {
        for (EventIndex e : result.events) {
            writeEvent(out, store, e, true);
            out << '\n';
        }
        return;
    }
    for (const eql::Match& m : result.matches) {
        writeMatch(out, store, m, result.kind == eql::Query::Kind::Sample);
        out << '\n';
    }
}

void writeTable(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions& options) {
    const bool sample = result.kind == eql::Query::Kind::Sample;
    if (result.kind == eql::Query::Kind::Event) {
        out << result.events.size() << (result.events.size() == 1 ? " event" : " events") << "\n";
        for (EventIndex e : result.events)
            writeTableRow(out, store, e, options, "  ");
        return;
    }
    out << result.matches.size() << (sample ? " sample" : " sequence") << (result.matches.size() == 1 ? "" : "s")
        << "\n";
    for (std::size_t i = 0; i < result.matches.size(); ++i) {
        const eql::Match& m = result.matches[i];
        out << "#" << i + 1 << "  join keys [";
        for (std::size_t k = 0; k < m.joinKeys.size(); ++k)
            out << (k ? ", " : "") << m.joinKeys[k].text(sample);
        out << "]";
        std::int64_t first = NoTimestamp, last = NoTimestamp;
        for (const auto& e : m.events)
            if (e && store.timestampNs(*e) != NoTimestamp) {
                if (first == NoTimestamp) first = store.timestampNs(*e);
                last = store.timestampNs(*e);
            }
        if (!sample && first != NoTimestamp) out << "  span " << (last - first) / 1'000'000 << " ms";
        out << "\n";
        for (const auto& e : m.events)
            writeTableRow(out, store, e, options, "    ");
    }
}

} // namespace wb
