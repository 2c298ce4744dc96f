// SPDX-License-Identifier: Apache-2.0
#include "schedule/alertsuppression.h"

#include <algorithm>

namespace wb::schedule {

namespace {
nlohmann::ordered_json valuesOf(const EventStore& store, EventIndex e, const std::string& field, bool sorted) {
    const FieldId id = store.fields().find(field);
    if (id == FieldTable::npos) return nullptr;
    std::vector<std::string> values = store.textValues(e, id);
    if (values.empty()) return nullptr;
    if (values.size() == 1) return values.front();
    if (sorted) std::sort(values.begin(), values.end());
    return values;
}
} // namespace

std::optional<AlertSuppression> AlertSuppression::fromRule(const nlohmann::ordered_json& json, std::string& error) {
    if (!json.is_object()) return std::nullopt;
    AlertSuppression s;
    if (const auto it = json.find("group_by"); it != json.end() && it->is_array())
        for (const auto& f : *it)
            if (f.is_string() && !f.get<std::string>().empty()) s.groupBy.push_back(f.get<std::string>());
    if (s.groupBy.empty()) {
        error = "alert_suppression has no group_by fields";
        return std::nullopt;
    }
    if (const auto it = json.find("duration"); it != json.end() && it->is_object()) {
        const auto value = it->find("value");
        const auto unit = it->find("unit");
        if (value == it->end() || !value->is_number_integer() || value->get<std::int64_t>() <= 0 || unit == it->end()
            || !unit->is_string()) {
            error = "alert_suppression.duration needs a positive integer value and a unit (s, m or h)";
            return std::nullopt;
        }
        const std::string u = unit->get<std::string>();
        const std::int64_t scale = u == "s" ? 1000 : u == "m" ? 60'000 : u == "h" ? 3'600'000 : 0;
        if (!scale) {
            error = "alert_suppression.duration.unit must be s, m or h, not '" + u + "'";
            return std::nullopt;
        }
        s.durationMs = value->get<std::int64_t>() * scale;
    }
    if (const auto it = json.find("missing_fields_strategy"); it != json.end() && it->is_string())
        s.suppressMissing = it->get<std::string>() != "doNotSuppress";
    return s;
}

std::string AlertSuppression::Terms::text() const {
    std::string out;
    for (const auto& t : values) {
        if (!out.empty()) out += ", ";
        out += t["field"].get<std::string>() + "=";
        const auto& v = t["value"];
        out += v.is_null() ? "(missing)" : v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
}

AlertSuppression::Terms AlertSuppression::termsOfEvent(const EventStore& store, EventIndex e) const {
    Terms terms;
    for (const std::string& field : groupBy) {
        nlohmann::ordered_json value = valuesOf(store, e, field, true);
        terms.anyMissing = terms.anyMissing || value.is_null();
        terms.values.push_back({{"field", field}, {"value", std::move(value)}});
    }
    return terms;
}

AlertSuppression::Terms AlertSuppression::termsOfSequence(
    const EventStore& store, const std::vector<EventIndex>& events) const {
    Terms terms;
    for (const std::string& field : groupBy) {
        nlohmann::ordered_json value = events.empty() ? nullptr : valuesOf(store, events.front(), field, false);
        for (std::size_t i = 1; i < events.size() && !value.is_null(); ++i)
            if (valuesOf(store, events[i], field, false) != value) value = nullptr;
        terms.anyMissing = terms.anyMissing || value.is_null();
        terms.values.push_back({{"field", field}, {"value", std::move(value)}});
    }
    return terms;
}

} // namespace wb::schedule
