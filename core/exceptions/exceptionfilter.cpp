// SPDX-License-Identifier: Apache-2.0
#include "exceptionfilter.h"

#include "eql/textmatch.h"
#include "util/timestamp.h"

#include <algorithm>

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

bool ExceptionFilter::entryHolds(const ExceptionEntry& entry, const std::string& prefix, EventIndex e) const {
    const std::string field = prefix.empty() ? entry.field : prefix + "." + entry.field;
    bool holds = false;
    switch (entry.type) {
    case ExceptionEntry::Type::Nested:
        // Approximation: the sub-entries may be met by different objects of the nested array.
        holds = std::all_of(entry.entries.begin(), entry.entries.end(),
            [&](const ExceptionEntry& sub) { return entryHolds(sub, field, e); });
        return holds;
    case ExceptionEntry::Type::Match: {
        const auto values = texts(e, field);
        holds = std::find(values.begin(), values.end(), entry.value) != values.end();
        break;
    }
    case ExceptionEntry::Type::MatchAny:
        for (const std::string& v : texts(e, field))
            if (std::find(entry.values.begin(), entry.values.end(), v) != entry.values.end()) holds = true;
        break;
    case ExceptionEntry::Type::Wildcard: {
        const eql::WildcardPattern pattern(entry.value, false);
        for (const std::string& v : texts(e, field))
            if (pattern.matches(v)) holds = true;
        break;
    }
    case ExceptionEntry::Type::Exists:
        holds = !texts(e, field).empty();
        break;
    case ExceptionEntry::Type::List:
        return false;
    }
    return holds != entry.excluded;
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
    for (const ExceptionEntry& entry : item.entries)
        if (!entryHolds(entry, "", e)) return false;
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
