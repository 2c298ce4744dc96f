// SPDX-License-Identifier: Apache-2.0
#include "capturesummary.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace wb {

namespace {
// Groups events by an id field, remembering the first name seen for each id. Events without the
// id but with a name are grouped by name, so hand-written captures are still summarised.
class EntityCounter {
public:
    EntityCounter(const EventStore& store, const std::string& idField, const std::vector<std::string>& nameFields)
        : m_store(store)
        , m_id(store.fields().find(idField)) {
        for (const auto& name : nameFields)
            m_names.push_back(store.fields().find(name));
    }

    void add(EventIndex e) {
        const std::string_view id = m_id == FieldTable::npos ? std::string_view() : scalarText(e, m_id);
        std::string_view name;
        for (const FieldId field : m_names) {
            if (field != FieldTable::npos && !(name = scalarText(e, field)).empty()) break;
        }
        if (id.empty() && name.empty()) return;
        std::string key = id.empty() ? "\1" + std::string(name) : std::string(id);
        auto [it, inserted] = m_index.try_emplace(std::move(key), m_entities.size());
        if (inserted) {
            CaptureSummary::Entity entity;
            if (!id.empty()) entity.id = std::string(id);
            if (!name.empty()) entity.name = std::string(name);
            m_entities.push_back(std::move(entity));
        }
        CaptureSummary::Entity& entity = m_entities[it->second];
        ++entity.events;
        if (!entity.name && !name.empty()) entity.name = std::string(name);
    }

    std::vector<CaptureSummary::Entity> take() {
        std::stable_sort(
            m_entities.begin(), m_entities.end(), [](const auto& a, const auto& b) { return a.events > b.events; });
        return std::move(m_entities);
    }

private:
    std::string_view scalarText(EventIndex e, FieldId field) {
        std::string_view text;
        bool done = false;
        m_store.forEachValue(e, field, [&](const Value& v) {
            if (done) return;
            if (v.kind == ValueKind::String) {
                text = m_store.strings().view(v.string);
                done = true;
            } else if (v.kind == ValueKind::Int) {
                m_number = std::to_string(v.integer);
                text = m_number;
                done = true;
            }
        });
        return text;
    }

    const EventStore& m_store;
    FieldId m_id;
    std::vector<FieldId> m_names;
    std::unordered_map<std::string, std::size_t> m_index;
    std::vector<CaptureSummary::Entity> m_entities;
    std::string m_number;
};
} // namespace

CaptureSummary CaptureSummary::compute(const EventStore& store, const std::string& categoryField) {
    CaptureSummary summary;
    summary.events = store.size();
    const FieldId category = store.fields().find(categoryField);
    std::unordered_map<StringId, std::uint64_t> categoryCounts;
    EntityCounter hosts(store, "host.id", {"host.name", "host.hostname"});
    EntityCounter users(store, "user.id", {"user.name"});
    for (EventIndex e = 0; e < store.size(); ++e) {
        const std::int64_t ts = store.timestampNs(e);
        if (ts != NoTimestamp) {
            if (!summary.firstNs || ts < *summary.firstNs) summary.firstNs = ts;
            if (!summary.lastNs || ts > *summary.lastNs) summary.lastNs = ts;
        }
        if (category != FieldTable::npos) {
            store.forEachValue(e, category, [&](const Value& v) {
                if (v.kind == ValueKind::String) ++categoryCounts[v.string];
            });
        }
        hosts.add(e);
        users.add(e);
    }
    for (const auto& [id, count] : categoryCounts)
        summary.categories.emplace_back(std::string(store.strings().view(id)), count);
    std::sort(summary.categories.begin(), summary.categories.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    summary.hosts = hosts.take();
    summary.users = users.take();
    return summary;
}

} // namespace wb
