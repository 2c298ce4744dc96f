// SPDX-License-Identifier: Apache-2.0
#include "eventkind.h"

namespace wb::timeline {

EventKindClassifier::EventKindClassifier(const EventStore& store)
    : m_store(store)
    , m_category(store.fields().find("event.category"))
    , m_process(store.strings().find("process"))
    , m_network(store.strings().find("network")) { }

EventKind EventKindClassifier::operator()(EventIndex e) const {
    EventKind kind = EventKind::Other;
    if (m_category == FieldTable::npos) return kind;
    m_store.forEachValue(e, m_category, [&](const Value& v) {
        if (v.kind != ValueKind::String) return;
        if (v.string == m_process) kind = EventKind::Process;
        if (v.string == m_network && kind == EventKind::Other) kind = EventKind::Network;
    });
    return kind;
}

} // namespace wb::timeline
