// SPDX-License-Identifier: Apache-2.0
#include "schema.h"

#include <unordered_map>

namespace wb::eql {

Schema::Schema(
    const EventStore& store, std::map<std::string, IndexMapping> perIndex, std::optional<IndexMapping> forAll)
    : m_store(store)
    , m_perIndex(std::move(perIndex))
    , m_forAll(std::move(forAll)) {
    std::unordered_map<StringId, std::uint16_t> slots;
    m_eventIndex.resize(store.size());
    for (EventIndex e = 0; e < store.size(); ++e) {
        const StringId name = store.indexName(e);
        auto [it, inserted] = slots.try_emplace(name, std::uint16_t(m_indexNames.size()));
        if (inserted) m_indexNames.emplace_back(store.strings().view(name));
        m_eventIndex[e] = it->second;
    }
    if (m_indexNames.empty()) m_indexNames.emplace_back();
}

const IndexMapping* Schema::mapping(std::size_t slot) const {
    auto it = m_perIndex.find(m_indexNames[slot]);
    if (it != m_perIndex.end()) return &it->second;
    return m_forAll ? &*m_forAll : nullptr;
}

ResolvedField Schema::resolve(std::string_view path, std::size_t slot) const {
    ResolvedField r;
    std::string target(path);
    if (const IndexMapping* m = mapping(slot)) {
        for (int hops = 0; hops < 8; ++hops) { // alias chains are short; a cycle must not hang us
            const FieldMapping* fm = m->find(target);
            if (!fm) break;
            r.mapped = true;
            if (fm->type == FieldType::Alias || (!fm->aliasPath.empty() && fm->type == FieldType::Keyword)) {
                if (fm->type == FieldType::Keyword) r.type = FieldType::Keyword;
                target = fm->aliasPath;
                r.mapping = nullptr;
                continue;
            }
            r.mapping = fm;
            if (r.type == FieldType::Unknown) r.type = fm->type == FieldType::Text ? FieldType::Keyword : fm->type;
            break;
        }
    }
    r.id = m_store.fields().find(target);
    if (!r.mapped && target == m_timestampField) r.type = FieldType::Date;
    return r;
}

} // namespace wb::eql
