// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventstore.h"

#include <vector>

namespace wb {

// Every event of the store by @timestamp, events of the same time in load order, events without
// a time first. Views list events this way; on a million events it takes long enough to be worth
// computing once, off the GUI thread.
std::vector<EventIndex> eventsInTimeOrder(const EventStore& store);

} // namespace wb
