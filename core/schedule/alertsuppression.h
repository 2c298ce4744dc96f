// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wb::schedule {

// A rule's alert_suppression (kibana-executor.md §5): alerts with the same values of the
// group_by fields within a period (or within one rule execution when no duration is set) become
// one alert that counts the others instead of many alerts.
struct AlertSuppression {
    std::vector<std::string> groupBy; // 1 to 3 fields
    std::optional<std::int64_t> durationMs; // nullopt: per rule execution
    bool suppressMissing = true; // missing_fields_strategy "suppress"; false: "doNotSuppress"

    // nullopt when the rule has no suppression (no object or no group_by); `error` says what is
    // wrong with one the rule has but that cannot be used.
    static std::optional<AlertSuppression> fromRule(const nlohmann::ordered_json& alertSuppression, std::string& error);

    // What a group is told apart by: per group_by field, its value, null when absent.
    struct Terms {
        nlohmann::ordered_json values = nlohmann::ordered_json::array(); // [{field, value}]
        bool anyMissing = false;
        std::string key() const { return values.dump(); } // the instance an alert belongs to
        std::string text() const; // "host.name=mac-01, user.name=(missing)"
    };
    // An event's terms: its values of each field (an array as one sorted value).
    Terms termsOfEvent(const EventStore& store, EventIndex e) const;
    // A sequence's terms, read from its shell: a field's value only when every event of the
    // sequence has the same value(s), in the same order; otherwise it is missing.
    Terms termsOfSequence(const EventStore& store, const std::vector<EventIndex>& events) const;
};

} // namespace wb::schedule
