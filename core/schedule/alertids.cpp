// SPDX-License-Identifier: Apache-2.0
#include "schedule/alertids.h"

#include "util/sha256.h"

namespace wb::schedule {

std::string eventAlertId(const EventRef& event, const std::string& spaceId, const std::string& ruleSavedObjectId) {
    return sha256Hex(event.index + event.id + "undefined" + spaceId + ":" + ruleSavedObjectId);
}

SequenceAlertIds sequenceAlertIds(const std::vector<EventRef>& events, const std::string& ruleSavedObjectId) {
    SequenceAlertIds ids;
    std::string base;
    for (const EventRef& e : events)
        base += e.id + e.index + ruleSavedObjectId;
    std::string shellInput;
    for (std::size_t i = 0; i < events.size(); ++i) {
        ids.buildingBlocks.push_back(sha256Hex(base + std::to_string(i)));
        shellInput += events[i].id + events[i].index + ids.buildingBlocks.back(); // a BB's own _index is ""
    }
    ids.shell = sha256Hex(shellInput + ruleSavedObjectId);
    return ids;
}

} // namespace wb::schedule
