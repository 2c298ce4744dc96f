// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptionmodel.h"
#include "store/eventstore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb::exceptions {

// Exceptions as Kibana applies them to an EQL rule: the items become a must_not filter on the
// whole EQL request, so every event an item matches is gone before sequences are matched, and
// an exception on either stage kills the sequence. Entries of an item AND, items OR; os_types
// adds (host.os.type or host.os.name, case-insensitively) to its item; items whose expire_time
// is before `nowNs` are dropped; switched-off items are ignored. Values compare as Kibana's
// queries do on keyword fields: match is exact and case-sensitive, wildcard takes * and ?.
class ExceptionFilter {
public:
    ExceptionFilter(const EventStore& store, const ExceptionSet& set, std::int64_t nowNs);

    // One byte per event: 1 when an active item matches it.
    std::vector<std::uint8_t> excludedEvents() const;
    bool itemMatches(const ExceptionItem& item, EventIndex e) const;
    bool isActive(const ExceptionItem& item) const;
    // Items the filter cannot apply (value-list entries need Kibana) and expired ones.
    const std::vector<std::string>& warnings() const { return m_warnings; }
    const std::vector<const ExceptionItem*>& activeItems() const { return m_active; }

private:
    bool entryHolds(const ExceptionEntry& entry, EventIndex e) const;
    // A nested entry as Elasticsearch's nested query: all sub-entries met by one object of the
    // array (read from the event's original document, where the objects are still apart).
    bool nestedHolds(const ExceptionEntry& entry, EventIndex e) const;
    std::vector<std::string> texts(EventIndex e, const std::string& field) const;

    const EventStore& m_store;
    std::int64_t m_now;
    std::vector<const ExceptionItem*> m_active;
    std::vector<std::string> m_warnings;
};

} // namespace wb::exceptions
