// SPDX-License-Identifier: Apache-2.0
#include "engine.h"

#include "condition.h"
#include "stagematcher.h"
#include "util/timestamp.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

namespace wb::eql {

namespace {
std::int64_t millisOf(std::int64_t ns) {
    return floorMillis(ns);
}

struct KeyHash {
    std::size_t operator()(const KeyTuple& t) const {
        std::size_t h = 1469598103934665603ull;
        for (const KeyValue& k : t) {
            h = (h ^ std::size_t(k.kind)) * 1099511628211ull;
            h = (h ^ std::hash<std::int64_t>()(k.integer)) * 1099511628211ull;
            h = (h ^ (k.sid != StringPool::npos ? std::size_t(k.sid) : std::hash<std::string>()(k.string)))
                * 1099511628211ull;
            h = (h ^ std::size_t(k.boolean)) * 1099511628211ull;
        }
        return h;
    }
};

bool cancelled(const RunOptions& o) {
    return o.cancel && o.cancel->load(std::memory_order_relaxed);
}

bool isExcluded(const RunOptions& o, EventIndex e) {
    return o.excluded && e < o.excluded->size() && (*o.excluded)[e];
}

// Samples search events in input order, so they test the range event by event.
bool inTimeRange(const RunOptions& o, const EventStore& store, EventIndex e) {
    if (!o.timeRangeMillis) return true;
    if (store.timestampNs(e) == NoTimestamp) return false;
    const std::int64_t ms = millisOf(store.timestampNs(e));
    return ms >= o.timeRangeMillis->first && ms <= o.timeRangeMillis->second;
}

template <typename T> void applyPipesAndSize(std::vector<T>& items, const Query& q, const RunOptions& o) {
    for (const Pipe& p : q.pipes) {
        const std::size_t n = std::size_t(std::max<std::int64_t>(0, p.count));
        if (items.size() <= n) continue;
        if (p.kind == Pipe::Kind::Head)
            items.resize(n);
        else
            items.erase(items.begin(), items.end() - std::ptrdiff_t(n));
    }
    if (o.size) {
        const std::size_t n = std::size_t(std::max<std::int64_t>(0, *o.size));
        if (items.size() > n) {
            if (o.resultPosition == RunOptions::Position::Head)
                items.resize(n);
            else
                items.erase(items.begin(), items.end() - std::ptrdiff_t(n));
        }
    }
}
} // namespace

Engine::Engine(const Schema& schema)
    : m_schema(schema)
    , m_columns(schema.store()) { }

const std::vector<EventIndex>& Engine::order(const std::string& tiebreakerField) {
    return ordering(tiebreakerField).events;
}

const Engine::Ordering& Engine::ordering(const std::string& tiebreakerField) {
    if (m_ordering && m_ordering->tiebreaker == tiebreakerField) return *m_ordering;
    const EventStore& store = m_schema.store();
    Ordering o;
    o.tiebreaker = tiebreakerField;
    struct SortKey {
        std::int64_t ms;
        std::uint8_t tieKind; // 0 number, 1 string, 2 none (sorts last)
        double tieNumber;
        std::string_view tieString;
        EventIndex event;
    };
    std::vector<SortKey> keys;
    keys.reserve(store.size());
    std::vector<ResolvedField> tie;
    if (!tiebreakerField.empty())
        for (std::size_t slot = 0; slot < m_schema.indexCount(); ++slot)
            tie.push_back(m_schema.resolve(tiebreakerField, slot));
    std::deque<std::string> scratch;
    for (EventIndex e = 0; e < store.size(); ++e) {
        const std::int64_t ts = store.timestampNs(e);
        if (ts == NoTimestamp) continue;
        SortKey k{millisOf(ts), 2, 0, {}, e};
        if (!tie.empty()) {
            bool first = true;
            readFieldValues(store, tie[m_schema.indexOf(e)], e, scratch, [&](const Scalar& v) {
                if (!first) return;
                first = false;
                if (v.isNumber()) {
                    k.tieKind = 0;
                    k.tieNumber = v.asDouble();
                } else if (v.kind == Scalar::Kind::String) {
                    k.tieKind = 1;
                    k.tieString = v.string;
                }
            });
        }
        keys.push_back(k);
    }
    std::stable_sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
        if (a.ms != b.ms) return a.ms < b.ms;
        if (a.tieKind != b.tieKind) return a.tieKind < b.tieKind;
        if (a.tieKind == 0 && a.tieNumber != b.tieNumber) return a.tieNumber < b.tieNumber;
        if (a.tieKind == 1 && a.tieString != b.tieString) return a.tieString < b.tieString;
        return a.event < b.event;
    });
    o.events.reserve(keys.size());
    o.rank.assign(store.size(), UINT32_MAX);
    for (const SortKey& k : keys) {
        o.rank[k.event] = std::uint32_t(o.events.size());
        o.events.push_back(k.event);
    }
    m_ordering = std::move(o);
    return *m_ordering;
}

const Engine::Categories* Engine::categories(const std::string& field) {
    if (m_categories && m_categories->field == field) return &*m_categories;
    const EventStore& store = m_schema.store();
    std::vector<ResolvedField> resolved;
    for (std::size_t slot = 0; slot < m_schema.indexCount(); ++slot) {
        resolved.push_back(m_schema.resolve(field, slot));
        if (resolved.back().mapping && resolved.back().mapping->nullValue)
            return nullptr; // the general path handles it
    }
    Categories c;
    c.field = field;
    c.begin.reserve(store.size() + 1);
    for (EventIndex e = 0; e < store.size(); ++e) {
        c.begin.push_back(std::uint32_t(c.ids.size()));
        const ResolvedField& f = resolved[m_schema.indexOf(e)];
        if (f.id == FieldTable::npos) continue;
        store.forEachValue(e, f.id, [&](const Value& v) {
            if (v.kind == ValueKind::String) c.ids.push_back(v.string);
        });
    }
    c.begin.push_back(std::uint32_t(c.ids.size()));
    m_categories = std::move(c);
    return &*m_categories;
}

std::pair<std::uint32_t, std::uint32_t> Engine::searchedRanks(const Ordering& ord, const RunOptions& options) const {
    if (!options.timeRangeMillis) return {0, std::uint32_t(ord.events.size())};
    const EventStore& store = m_schema.store();
    const std::int64_t fromMs = options.timeRangeMillis->first, toMs = options.timeRangeMillis->second;
    const auto lo = std::partition_point(
        ord.events.begin(), ord.events.end(), [&](EventIndex e) { return millisOf(store.timestampNs(e)) < fromMs; });
    const auto hi = std::partition_point(
        lo, ord.events.end(), [&](EventIndex e) { return millisOf(store.timestampNs(e)) <= toMs; });
    return {std::uint32_t(lo - ord.events.begin()), std::uint32_t(hi - ord.events.begin())};
}

QueryResult Engine::run(const Query& query, const RunOptions& options) {
    QueryResult result;
    result.kind = query.kind;
    const EventStore& store = m_schema.store();

    if (query.kind == Query::Kind::Event) {
        StageMatcher matcher(m_schema, query.event, {}, options.categoryField, categories(options.categoryField),
            &m_columns, result.warnings);
        const Ordering& ord = ordering(options.tiebreakerField);
        const auto [lo, hi] = searchedRanks(ord, options);
        for (std::uint32_t rank = lo; rank < hi; ++rank) {
            const EventIndex e = ord.events[rank];
            if ((rank & 0xFFFF) == 0 && cancelled(options)) {
                result.cancelled = true;
                return result;
            }
            if (isExcluded(options, e)) continue;
            if (matcher.matches(e)) result.events.push_back(e);
        }
        applyPipesAndSize(result.events, query, options);
        return result;
    }

    if (query.kind == Query::Kind::Sample) {
        // Samples are unordered: any event with the keys takes part, timestamp or not, and
        // candidates come in index (input) order as Elasticsearch's per-key searches return them.
        std::deque<StageMatcher> stages;
        for (const Stage& s : query.stages)
            stages.emplace_back(m_schema, s.filter, stageKeys(query, s), options.categoryField,
                categories(options.categoryField), &m_columns, result.warnings);
        for (StageMatcher& s : stages)
            s.materializeKeys();
        std::vector<EventIndex> events(store.size());
        for (EventIndex e = 0; e < store.size(); ++e)
            events[e] = e;
        std::map<KeyTuple, std::vector<std::vector<EventIndex>>, bool (*)(const KeyTuple&, const KeyTuple&)> byKey(
            keyLess);
        const std::size_t samplesPerKey = std::size_t(std::max<std::int64_t>(1, options.maxSamplesPerKey));
        const std::size_t perStageLimit = samplesPerKey + stages.size();
        std::vector<KeyTuple> tuples;
        for (EventIndex e : events) {
            if ((e & 0xFFFF) == 0 && cancelled(options)) {
                result.cancelled = true;
                return result;
            }
            if (isExcluded(options, e) || !inTimeRange(options, store, e)) continue;
            for (std::size_t i = 0; i < stages.size(); ++i) {
                if (!stages[i].matches(e)) continue;
                stages[i].keys(e, tuples);
                for (const KeyTuple& t : tuples) {
                    auto& candidates = byKey[t];
                    candidates.resize(stages.size());
                    // A few spare candidates: one event cannot fill two places of a sample.
                    if (candidates[i].size() < perStageLimit) candidates[i].push_back(e);
                }
            }
        }
        for (auto& [key, candidates] : byKey) {
            std::size_t most = 0;
            for (const auto& c : candidates)
                most = std::max(most, c.size());
            // Sample j takes each query's j-th candidate (or its last one), skipping events the
            // sample already holds.
            for (std::size_t j = 0; j < std::min(most, samplesPerKey); ++j) {
                Match m;
                m.joinKeys = key;
                for (const auto& c : candidates) {
                    std::optional<EventIndex> pick;
                    for (std::size_t k = std::min(j, c.empty() ? 0 : c.size() - 1); k < c.size() && !pick; ++k)
                        if (std::find(m.events.begin(), m.events.end(), std::optional<EventIndex>(c[k]))
                            == m.events.end())
                            pick = c[k];
                    if (!pick) break;
                    m.events.push_back(pick);
                }
                if (m.events.size() == candidates.size()) result.matches.push_back(std::move(m));
            }
        }
        if (options.size && std::int64_t(result.matches.size()) > *options.size)
            result.matches.resize(std::size_t(std::max<std::int64_t>(0, *options.size)));
        return result;
    }

    // Sequences. Expand `runs`, then split positive stages from missing ones.
    std::vector<const Stage*> expanded;
    for (const Stage& s : query.stages)
        for (int r = 0; r < s.runs; ++r)
            expanded.push_back(&s);
    std::deque<StageMatcher> positive, missing;
    std::vector<std::size_t> positiveAt; // position of each positive stage in `expanded`
    std::vector<std::size_t> missingAt;
    for (std::size_t i = 0; i < expanded.size(); ++i) {
        const Stage& s = *expanded[i];
        (s.missing ? missing : positive)
            .emplace_back(m_schema, s.filter, stageKeys(query, s), options.categoryField,
                categories(options.categoryField), &m_columns, result.warnings);
        (s.missing ? missingAt : positiveAt).push_back(i);
    }
    std::optional<StageMatcher> until;
    if (query.until)
        until.emplace(m_schema, query.until->filter, stageKeys(query, *query.until), options.categoryField,
            categories(options.categoryField), &m_columns, result.warnings);
    std::optional<std::int64_t> maxspan = options.maxspanMillis;
    if (!maxspan && query.maxspan) maxspan = query.maxspan->millis();

    const Ordering& ord = ordering(options.tiebreakerField);
    const std::size_t n = positive.size();

    struct Pending {
        std::vector<EventIndex> events;
        std::int64_t firstMs = 0;
        std::uint32_t lastRank = 0;
    };
    struct KeyState {
        std::vector<std::optional<Pending>> slots;
        std::int64_t lastUntil = -1; // rank of the latest until-event with this key
    };
    std::unordered_map<KeyTuple, KeyState, KeyHash> states;
    struct Completed {
        std::uint32_t lastRank;
        KeyTuple key;
        std::vector<EventIndex> events;
    };
    std::vector<Completed> completed;
    // Missing stages: for each, the (rank, ms) of its matching events per key.
    std::vector<std::unordered_map<KeyTuple, std::vector<std::pair<std::uint32_t, std::int64_t>>, KeyHash>>
        missingEvents(missing.size());

    std::vector<KeyTuple> tuples;
    const auto [firstSearched, endSearched] = searchedRanks(ord, options);
    for (std::uint32_t rank = firstSearched; rank < endSearched; ++rank) {
        const EventIndex e = ord.events[rank];
        if ((rank & 0xFFFF) == 0 && cancelled(options)) {
            result.cancelled = true;
            return result;
        }
        if (isExcluded(options, e)) continue;
        const std::int64_t ms = millisOf(store.timestampNs(e));
        for (std::size_t m = 0; m < missing.size(); ++m)
            if (missing[m].matches(e)) {
                missing[m].keys(e, tuples);
                for (const KeyTuple& t : tuples)
                    missingEvents[m][t].emplace_back(rank, ms);
            }
        // Stages last to first (R11), so one event can finish one sequence and start another.
        for (std::size_t i = n; i-- > 0;) {
            if (!positive[i].matches(e)) continue;
            positive[i].keys(e, tuples);
            for (const KeyTuple& t : tuples) {
                if (i == 0) {
                    KeyState& st = states[t];
                    st.slots.resize(n);
                    if (n == 1) {
                        completed.push_back({rank, t, {e}});
                        for (KeyValue& k : completed.back().key)
                            k.materialize(store.strings());
                        continue;
                    }
                    st.slots[0] = Pending{{e}, ms, rank};
                    continue;
                }
                auto it = states.find(t);
                if (it == states.end() || !it->second.slots[i - 1]) continue;
                KeyState& st = it->second;
                Pending p = std::move(*st.slots[i - 1]);
                st.slots[i - 1].reset();
                if (maxspan && ms - p.firstMs > *maxspan) continue; // R12: inclusive
                if (st.lastUntil >= std::int64_t(p.lastRank)) continue; // R14: an until-event in between
                p.events.push_back(e);
                p.lastRank = rank;
                if (i == n - 1) {
                    completed.push_back({rank, t, std::move(p.events)});
                    for (KeyValue& k : completed.back().key)
                        k.materialize(store.strings());
                } else
                    st.slots[i] = std::move(p);
            }
        }
        // An until-event closes what is pending before it; it does not stop the event itself
        // from completing a sequence (test_extra: sequenceWithOptionalFieldsAndUntil_1).
        if (until && until->matches(e)) {
            until->keys(e, tuples);
            for (const KeyTuple& t : tuples) {
                auto it = states.find(t);
                if (it != states.end()) it->second.lastUntil = rank;
            }
        }
    }

    // R16: a sequence with missing stages stands only if no matching event fills them.
    auto rejectedByMissing = [&](const Completed& c) {
        if (missing.empty()) return false;
        const std::int64_t firstMs = millisOf(store.timestampNs(c.events.front()));
        const std::uint32_t firstRank = ord.rank[c.events.front()];
        const std::uint32_t lastRank = ord.rank[c.events.back()];
        bool edgesAllFound = true, anyEdge = false;
        std::int64_t spanLo = firstMs, spanHi = millisOf(store.timestampNs(c.events.back()));
        for (std::size_t m = 0; m < missing.size(); ++m) {
            auto it = missingEvents[m].find(c.key);
            const auto* list = it == missingEvents[m].end() ? nullptr : &it->second;
            const std::size_t at = missingAt[m];
            // The positive neighbours of this missing stage.
            std::optional<std::size_t> before, after;
            for (std::size_t p = 0; p < positiveAt.size(); ++p) {
                if (positiveAt[p] < at) before = p;
                if (positiveAt[p] > at && !after) after = p;
            }
            if (before && after) { // middle: any event strictly between, by ms
                const std::int64_t lo = millisOf(store.timestampNs(c.events[*before]));
                const std::int64_t hi = millisOf(store.timestampNs(c.events[*after]));
                if (list)
                    for (const auto& [r, t] : *list)
                        if (t > lo && t < hi) return true;
                continue;
            }
            anyEdge = true;
            std::optional<std::int64_t> nearest;
            if (list) {
                if (!before) { // leading: the nearest one before the first positive event
                    for (const auto& [r, t] : *list)
                        if (r < firstRank) nearest = t;
                } else { // trailing: the nearest one after the last positive event
                    for (const auto& [r, t] : *list)
                        if (r > lastRank) {
                            nearest = t;
                            break;
                        }
                }
            }
            if (!nearest) {
                edgesAllFound = false;
                continue;
            }
            spanLo = std::min(spanLo, *nearest);
            spanHi = std::max(spanHi, *nearest);
        }
        // Leading and trailing stages reject together: only if every one of them is filled and
        // the whole sequence, filled in, still fits in maxspan.
        return anyEdge && edgesAllFound && maxspan && spanHi - spanLo <= *maxspan;
    };

    std::stable_sort(completed.begin(), completed.end(), [](const Completed& a, const Completed& b) {
        if (a.lastRank != b.lastRank) return a.lastRank < b.lastRank;
        return keyLess(a.key, b.key);
    });
    for (const Completed& c : completed) {
        if (rejectedByMissing(c)) continue;
        Match m;
        m.joinKeys = c.key;
        std::size_t p = 0;
        for (std::size_t i = 0; i < expanded.size(); ++i) {
            if (expanded[i]->missing)
                m.events.push_back(std::nullopt);
            else
                m.events.push_back(c.events[p++]);
        }
        result.matches.push_back(std::move(m));
    }
    applyPipesAndSize(result.matches, query, options);
    return result;
}

} // namespace wb::eql
