// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "condition.h"
#include "engine.h"
#include "fieldreader.h"
#include "queryresult.h"

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

namespace wb::eql {

// A join-key value as Elasticsearch compares it (IP addresses normalised, strings by pool id).
KeyValue keyFromScalar(const Scalar& s, const StringPool& pool);

// The join keys of a stage: the query's shared `by` fields, then the stage's own.
std::vector<FieldRef> stageKeys(const Query& q, const Stage& s);

// One query of a sequence or sample (after `runs` expansion), compiled for every index: whether an event matches one
// stage (its category and condition, with Elasticsearch's semantics) and its join-key tuples. The engine and the
// explanations use the same one, so an explanation can never disagree with a run. `categories` and `columns` may be
// null (slower).
class StageMatcher {
public:
    StageMatcher(const Schema& schema, const EventFilter& filter, std::vector<FieldRef> keys,
        const std::string& categoryField, const Engine::Categories* categories, ColumnCache* columns,
        std::vector<std::string>& warnings)
        : m_schema(schema)
        , m_keys(std::move(keys))
        , m_categories(categories) {
        const EventStore& store = schema.store();
        m_any = filter.category.empty() && !filter.categoryQuoted;
        m_categorySid = m_any ? StringPool::npos : store.strings().find(filter.category);
        for (std::size_t slot = 0; slot < schema.indexCount(); ++slot) {
            m_category.push_back(schema.resolve(categoryField, slot));
            m_conditions.emplace_back(*filter.condition, schema, slot, columns);
            for (const std::string& f : m_conditions.back().unknownFields())
                if (std::find(warnings.begin(), warnings.end(), "Unknown field [" + f + "]") == warnings.end())
                    warnings.push_back("Unknown field [" + f + "]");
            std::vector<ResolvedField> keyFields;
            std::vector<const StringColumn*> keyColumns;
            for (const FieldRef& k : m_keys) {
                keyFields.push_back(schema.resolve(k.name, slot));
                const ResolvedField& f = keyFields.back();
                const bool exactString = (f.type == FieldType::Unknown || f.type == FieldType::Keyword)
                    && !(f.mapping && f.mapping->nullValue) && f.id != FieldTable::npos;
                keyColumns.push_back(exactString && columns ? &columns->column(f.id) : nullptr);
            }
            m_keyFields.push_back(std::move(keyFields));
            m_keyColumns.push_back(std::move(keyColumns));
        }
    }

    bool matches(EventIndex e) {
        const std::size_t slot = m_schema.indexOf(e);
        if (!m_any) {
            if (m_categorySid == StringPool::npos) return false;
            bool hit = false;
            if (m_categories) {
                for (std::uint32_t i = m_categories->begin[e]; i < m_categories->begin[e + 1]; ++i)
                    hit = hit || m_categories->ids[i] == m_categorySid;
                if (!hit) return false;
                return m_conditions[slot].matches(e);
            }
            const ResolvedField& f = m_category[slot];
            if (f.id == FieldTable::npos) return false;
            if (f.mapping && f.mapping->nullValue) { // a category indexed from null_value
                readFieldValues(m_schema.store(), f, e, m_scratch, [&](const Scalar& v) {
                    hit = hit
                        || (v.kind == Scalar::Kind::String
                            && v.string == m_schema.store().strings().view(m_categorySid));
                });
                m_scratch.clear();
            } else {
                m_schema.store().forEachValue(e, f.id,
                    [&](const Value& v) { hit = hit || (v.kind == ValueKind::String && v.string == m_categorySid); });
            }
            if (!hit) return false;
        }
        return m_conditions[slot].matches(e);
    }

    // The event's join-key tuples for this stage: the cartesian product of each key's distinct
    // non-null values (R10). None when a required key is missing (R9); a missing optional key is
    // null (and joins other nulls).
    void keys(EventIndex e, std::vector<KeyTuple>& out) {
        out.clear();
        const std::size_t slot = m_schema.indexOf(e);
        const StringPool& pool = m_schema.store().strings();
        m_perKey.resize(m_keys.size());
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            std::vector<KeyValue>& values = m_perKey[i];
            values.clear();
            auto add = [&](KeyValue k) {
                if (k.kind == KeyValue::Kind::Null) return;
                if (std::find(values.begin(), values.end(), k) == values.end()) values.push_back(std::move(k));
            };
            const ResolvedField& f = m_keyFields[slot][i];
            const StringColumn* column = m_keyColumns[slot][i];
            if (column && column->isSingle && column->single[e] != StringColumn::Other) {
                if (column->single[e] != StringColumn::None) {
                    KeyValue k;
                    k.kind = KeyValue::Kind::String;
                    k.type = f.type;
                    k.sid = column->single[e];
                    add(std::move(k));
                }
            } else {
                readFieldValues(
                    m_schema.store(), f, e, m_scratch, [&](const Scalar& v) { add(keyFromScalar(v, pool)); });
                m_scratch.clear();
            }
            if (values.empty()) {
                if (!m_keys[i].optional) return;
                values.push_back(KeyValue{});
            }
        }
        out.push_back({});
        for (const auto& values : m_perKey) {
            if (values.size() == 1) {
                for (KeyTuple& t : out)
                    t.push_back(values[0]);
                continue;
            }
            std::vector<KeyTuple> next;
            for (const KeyTuple& prefix : out)
                for (const KeyValue& v : values) {
                    KeyTuple t = prefix;
                    t.push_back(v);
                    next.push_back(std::move(t));
                }
            out = std::move(next);
        }
        if (m_materialize || out.size() > 1) {
            for (KeyTuple& t : out)
                for (KeyValue& k : t)
                    k.materialize(pool);
            std::sort(out.begin(), out.end(), keyLess);
        }
    }

    // Samples order and show every key; sequences only those of their results.
    void materializeKeys() { m_materialize = true; }

private:
    const Schema& m_schema;
    std::vector<FieldRef> m_keys;
    const Engine::Categories* m_categories;
    bool m_any = false;
    StringId m_categorySid = StringPool::npos;
    std::vector<ResolvedField> m_category;
    std::vector<Condition> m_conditions;
    std::vector<std::vector<ResolvedField>> m_keyFields;
    std::vector<std::vector<const StringColumn*>> m_keyColumns; // exact-string keys read from columns
    std::vector<std::vector<KeyValue>> m_perKey;
    bool m_materialize = false;
    std::deque<std::string> m_scratch;
};

} // namespace wb::eql
