// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <cstdint>

namespace wb::timeline {

// What a timeline draws an event as: a process event, a network event, or anything else.
enum class EventKind : std::uint8_t { Process, Network, Other };
constexpr std::size_t EventKindCount = 3;

// An event's kind from its event.category (an array may say both: process wins), with the
// store's ids looked up once.
class EventKindClassifier {
public:
    explicit EventKindClassifier(const EventStore& store);
    EventKind operator()(EventIndex e) const;

private:
    const EventStore& m_store;
    FieldId m_category;
    StringId m_process, m_network;
};

} // namespace wb::timeline
