// SPDX-License-Identifier: Apache-2.0
#include "exceptionfilter.h"

#include "eql/textmatch.h"
#include "util/timestamp.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace wb::exceptions {

namespace {
bool hasListEntry(const std::vector<ExceptionEntry>& entries) {
    for (const auto& e : entries)
        if (e.type == ExceptionEntry::Type::List || hasListEntry(e.entries)) return true;
    return false;
}
} // namespace

ExceptionFilter::ExceptionFilter(const EventStore& store, const ExceptionSet& set, std::int64_t nowNs)
    : m_store(store)
    , m_now(nowNs) {
    for (const ExceptionList& list : set.lists)
        for (const ExceptionItem& item : list.items) {
            if (!isActive(item)) {
                if (item.enabled)
                    m_warnings.push_back("item \"" + item.itemId + "\" of list \"" + list.listId + "\" expired at "
                        + item.expireTime.value_or("") + " and is not applied");
                continue;
            }
            if (hasListEntry(item.entries)) {
                m_warnings.push_back("item \"" + item.itemId + "\" of list \"" + list.listId
                    + "\" uses a value list (type \"list\"), which lives in Kibana; it is not applied offline");
                continue;
            }
            m_active.push_back(&item);
        }
}

bool ExceptionFilter::isActive(const ExceptionItem& item) const {
    if (!item.enabled) return false;
    if (item.expireTime) {
        const auto expires = parseTimestamp(*item.expireTime);
        if (expires && *expires < m_now) return false;
    }
    return true;
}

std::vector<std::string> ExceptionFilter::texts(EventIndex e, const std::string& field) const {
    return m_store.textValues(e, m_store.fields().find(field));
}

namespace {
using json = nlohmann::json;

// Whether a non-nested entry holds for a field's values (as text).
bool valuesHold(const ExceptionEntry& entry, const std::vector<std::string>& values) {
    bool holds = false;
    switch (entry.type) {
    case ExceptionEntry::Type::Match:
        holds = std::find(values.begin(), values.end(), entry.value) != values.end();
        break;
    case ExceptionEntry::Type::MatchAny:
        for (const std::string& v : values)
            if (std::find(entry.values.begin(), entry.values.end(), v) != entry.values.end()) holds = true;
        break;
    case ExceptionEntry::Type::Wildcard: {
        const eql::WildcardPattern pattern(entry.value, false);
        for (const std::string& v : values)
            if (pattern.matches(v)) holds = true;
        break;
    }
    case ExceptionEntry::Type::Exists:
        holds = !values.empty();
        break;
    case ExceptionEntry::Type::List:
    case ExceptionEntry::Type::Nested:
        return false;
    }
    return holds != entry.excluded;
}

// The JSON values at a dotted path, whether the document nests objects or uses dotted keys
// ({"a":{"b":1}} and {"a.b":1} alike), through arrays.
void collect(const json& node, const std::vector<std::string>& path, std::size_t from, std::vector<const json*>& out) {
    if (node.is_array()) {
        for (const auto& element : node)
            collect(element, path, from, out);
        return;
    }
    if (from == path.size()) {
        out.push_back(&node);
        return;
    }
    if (!node.is_object()) return;
    std::string key;
    for (std::size_t to = from; to < path.size(); ++to) {
        key += (to == from ? "" : ".") + path[to];
        const auto it = node.find(key);
        if (it != node.end()) collect(*it, path, to + 1, out);
    }
}

std::vector<std::string> split(const std::string& field) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = field.find('.', start)) != std::string::npos; start = dot + 1)
        parts.push_back(field.substr(start, dot - start));
    parts.push_back(field.substr(start));
    return parts;
}

void appendTexts(const json& value, std::vector<std::string>& out) {
    if (value.is_array()) {
        for (const auto& v : value)
            appendTexts(v, out);
    } else if (value.is_string()) {
        out.push_back(value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
        out.push_back(value.dump());
    }
}
} // namespace

bool ExceptionFilter::entryHolds(const ExceptionEntry& entry, EventIndex e) const {
    if (entry.type == ExceptionEntry::Type::Nested) return nestedHolds(entry, e);
    return valuesHold(entry, texts(e, entry.field));
}

bool ExceptionFilter::nestedHolds(const ExceptionEntry& entry, EventIndex e) const {
    std::string document;
    json root;
    if (m_store.sourceDocument(e, document)) root = json::parse(document, nullptr, false);
    if (root.is_discarded() || root.is_null()) return false;
    if (root.is_object() && root.contains("_source") && root["_source"].is_object()) root = root["_source"];
    std::vector<const json*> objects;
    collect(root, split(entry.field), 0, objects);
    for (const json* object : objects) {
        if (!object->is_object()) continue;
        const bool all = std::all_of(entry.entries.begin(), entry.entries.end(), [&](const ExceptionEntry& sub) {
            std::vector<const json*> found;
            collect(*object, split(sub.field), 0, found);
            std::vector<std::string> values;
            for (const json* v : found)
                appendTexts(*v, values);
            return valuesHold(sub, values);
        });
        if (all && !entry.entries.empty()) return true;
    }
    return false;
}

bool ExceptionFilter::itemMatches(const ExceptionItem& item, EventIndex e) const {
    if (!item.osTypes.empty()) {
        bool os = false;
        for (const std::string& v : texts(e, "host.os.type"))
            os = os || std::find(item.osTypes.begin(), item.osTypes.end(), v) != item.osTypes.end();
        for (const std::string& v : texts(e, "host.os.name"))
            for (const std::string& t : item.osTypes)
                os = os || eql::equalsIgnoreCase(v, t);
        if (!os) return false;
    }
    // Nested entries read the original document: checked last, after the cheap ones.
    for (const ExceptionEntry& entry : item.entries)
        if (entry.type != ExceptionEntry::Type::Nested && !entryHolds(entry, e)) return false;
    for (const ExceptionEntry& entry : item.entries)
        if (entry.type == ExceptionEntry::Type::Nested && !entryHolds(entry, e)) return false;
    return !item.entries.empty();
}

std::vector<std::uint8_t> ExceptionFilter::excludedEvents() const {
    std::vector<std::uint8_t> out(m_store.size(), 0);
    if (m_active.empty()) return out;
    for (EventIndex e = 0; e < m_store.size(); ++e)
        for (const ExceptionItem* item : m_active)
            if (itemMatches(*item, e)) {
                out[e] = 1;
                break;
            }
    return out;
}

} // namespace wb::exceptions
