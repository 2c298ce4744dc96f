// SPDX-License-Identifier: Apache-2.0
#include "columncache.h"

namespace wb::eql {

const StringColumn& ColumnCache::column(FieldId field) {
    auto& slot = m_columns[field];
    if (slot) return *slot;
    auto c = std::make_unique<StringColumn>();
    const std::size_t n = m_store.size();
    c->single.assign(n, StringColumn::None);
    for (EventIndex e = 0; e < n && c->isSingle; ++e) {
        int count = 0;
        m_store.forEachValue(e, field, [&](const Value& v) {
            if (v.kind == ValueKind::Null) return;
            if (++count > 1) return;
            c->single[e] = v.kind == ValueKind::String ? v.string : StringColumn::Other;
        });
        if (count > 1) c->isSingle = false;
    }
    if (!c->isSingle) {
        c->single.clear();
        c->single.shrink_to_fit();
        c->begin.reserve(n + 1);
        for (EventIndex e = 0; e < n; ++e) {
            c->begin.push_back(std::uint32_t(c->values.size()));
            m_store.forEachValue(e, field, [&](const Value& v) {
                if (v.kind != ValueKind::Null)
                    c->values.push_back(v.kind == ValueKind::String ? v.string : StringColumn::Other);
            });
        }
        c->begin.push_back(std::uint32_t(c->values.size()));
    }
    slot = std::move(c);
    return *slot;
}

} // namespace wb::eql
