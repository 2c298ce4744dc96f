// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "explain/explanation.h"

#include <nlohmann/json.hpp>
#include <string>

namespace wb::explain {

// The JSON of `eqlwb explain --format json`: events as {_index, _id, @timestamp}, condition
// trees with every node's text, truth, fields, values and what was expected.
nlohmann::ordered_json eventJson(const EventStore& store, EventIndex e);
nlohmann::ordered_json conditionJson(const ConditionNode& node);
nlohmann::ordered_json alertJson(const EventStore& store, const AlertExplanation& alert);
nlohmann::ordered_json nearMissJson(const EventStore& store, const NearMiss& miss);

// For people: one paragraph per alert or near miss.
std::string alertText(const EventStore& store, const AlertExplanation& alert);
std::string nearMissText(const EventStore& store, const NearMiss& miss);
// "process.name == "curl": ✗ (curl-x)" lines of a tree, indented.
std::string conditionText(const ConditionNode& node, int indent = 2);

} // namespace wb::explain
