// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace wb::schedule {

// An event as an alert id sees it.
struct EventRef {
    std::string index; // _index
    std::string id; // _id
};

// The ids Kibana's detection engine gives the alerts of an EQL rule (kibana-executor.md §3):
// deterministic hashes of the source events and the rule, so the same events found again by a
// later run give the same ids, and the writes are dropped as duplicates.
struct SequenceAlertIds {
    std::vector<std::string> buildingBlocks; // one per event of the sequence, in stage order
    std::string shell; // the alert people see; its group id
};

// An event query's alert: sha256hex(_index + _id + String(_version) + "<spaceId>:<ruleSavedObjectId>").
// EQL hits carry no _version, so it is the literal "undefined".
std::string eventAlertId(const EventRef& event, const std::string& spaceId, const std::string& ruleSavedObjectId);

// A sequence's building blocks and shell:
//   base     = concat_i(_id_i + _index_i + ruleId)
//   bb_i     = sha256hex(base + String(i))
//   shell    = sha256hex(concat_i(_id_i + _index_i + bb_i) + ruleId)
// with ruleId the rule's saved-object id (no space id here).
SequenceAlertIds sequenceAlertIds(const std::vector<EventRef>& events, const std::string& ruleSavedObjectId);

} // namespace wb::schedule
