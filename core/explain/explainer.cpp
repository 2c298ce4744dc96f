// SPDX-License-Identifier: Apache-2.0
#include "explain/explainer.h"

#include "eql/parser.h"
#include "eql/printer.h"
#include "eql/stagematcher.h"
#include "exceptions/exceptionfilter.h"
#include "util/timestamp.h"

#include <algorithm>
#include <map>
#include <set>

namespace wb::explain {

namespace {
constexpr std::size_t CandidatesPerKey = 64; // stage-1 events tried per key
constexpr std::size_t ClosestScan = 4000; // events whose conditions are weighed per failing stage

// Key values compare as the engine joins them (strings by pool id, not by text order).
bool sameKey(const eql::KeyTuple& a, const eql::KeyTuple& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

Explainer::KeyWanted sameAs(const eql::KeyTuple& key) {
    return [key](const eql::KeyTuple& t) { return sameKey(t, key); };
}

bool closer(const NearMiss& a, const NearMiss& b) {
    if (a.reachedStage != b.reachedStage) return a.reachedStage > b.reachedStage;
    if (a.failingConditions != b.failingConditions) return a.failingConditions < b.failingConditions;
    return a.timeNs < b.timeNs;
}

std::string msText(std::int64_t ms) {
    return ms < 1000 || ms % 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s";
}

// The predicate that keeps an event from a stage when exactly one does.
const ConditionNode* onlyFailure(const ConditionNode& node) {
    if (node.held || node.failing != 1) return nullptr;
    if (node.kind == ConditionNode::Kind::Predicate || node.kind == ConditionNode::Kind::Category
        || node.kind == ConditionNode::Kind::Not)
        return &node;
    for (const ConditionNode& c : node.children)
        if (!c.held && c.failing == 1)
            if (const ConditionNode* f = onlyFailure(c)) return f;
    return nullptr;
}
} // namespace

struct Explainer::PositiveStage {
    std::size_t queryStage = 0;
    int runs = 1;
    std::unique_ptr<eql::StageMatcher> matcher;
    std::unique_ptr<ConditionExplainer> conditions;
};

struct Explainer::Candidate {
    std::size_t pos = 0;
    EventIndex event = 0;
    std::vector<eql::KeyTuple> keys;
    bool excluded = false;
    bool hasKey(const eql::KeyTuple& k) const {
        return std::any_of(keys.begin(), keys.end(), [&](const eql::KeyTuple& t) { return sameKey(t, k); });
    }
};

Explainer::Explainer(const eql::Schema& schema, eql::Engine& engine, const eql::Query& query, ExplainOptions options)
    : m_schema(schema)
    , m_engine(engine)
    , m_query(query)
    , m_options(std::move(options)) {
    const EventStore& store = schema.store();
    m_excluded = m_options.run.excluded ? *m_options.run.excluded : std::vector<std::uint8_t>(store.size(), 0);
    m_excluded.resize(store.size(), 0);
    if (!m_options.exceptions.lists.empty()) {
        m_filter = std::make_unique<exceptions::ExceptionFilter>(store, m_options.exceptions, m_options.nowNs);
        const auto byExceptions = m_filter->excludedEvents();
        for (std::size_t e = 0; e < m_excluded.size(); ++e)
            m_excluded[e] |= byExceptions[e];
    }
    eql::RunOptions run = m_options.run;
    run.excluded = &m_excluded;
    run.cancel = m_options.cancel;
    m_result = engine.run(query, run);
    m_maxspanMs = m_options.run.maxspanMillis;
    if (!m_maxspanMs && query.maxspan) m_maxspanMs = query.maxspan->millis();

    const std::string& categoryField = m_options.run.categoryField;
    auto addPositive
        = [&](const eql::EventFilter& filter, std::vector<eql::FieldRef> keys, std::size_t queryStage, int runs) {
              PositiveStage p;
              p.queryStage = queryStage;
              p.runs = runs;
              p.matcher = std::make_unique<eql::StageMatcher>(
                  schema, filter, std::move(keys), categoryField, nullptr, nullptr, m_warnings);
              p.conditions = std::make_unique<ConditionExplainer>(schema, filter, categoryField);
              m_stages.push_back(std::move(p));
          };
    if (query.kind == eql::Query::Kind::Event) {
        addPositive(query.event, {}, 0, 1);
        return;
    }
    std::size_t position = 0;
    for (std::size_t s = 0; s < query.stages.size(); ++s)
        for (int r = 0; r < query.stages[s].runs; ++r, ++position) {
            const eql::Stage& stage = query.stages[s];
            if (stage.missing) {
                m_missing.emplace_back(
                    schema, stage.filter, eql::stageKeys(query, stage), categoryField, nullptr, nullptr, m_warnings);
                m_missingAt.push_back(position);
            } else {
                addPositive(stage.filter, eql::stageKeys(query, stage), s, stage.runs);
                m_positiveAt.push_back(position);
            }
        }
    if (query.until)
        m_until.emplace_back(schema, query.until->filter, eql::stageKeys(query, *query.until), categoryField, nullptr,
            nullptr, m_warnings);
    if (query.kind == eql::Query::Kind::Sample)
        m_notes.push_back("near misses are explained for sequences and event queries, not samples");
}

Explainer::~Explainer() = default;

std::int64_t Explainer::ms(EventIndex e) const {
    return floorMillis(m_schema.store().timestampNs(e));
}

std::string Explainer::keyText(const eql::KeyTuple& key) const {
    std::string out;
    for (eql::KeyValue k : key) {
        k.materialize(m_schema.store().strings());
        out += (out.empty() ? "" : ", ") + k.text();
    }
    return out;
}

AlertExplanation Explainer::explainAlert(std::size_t alert) {
    AlertExplanation out;
    out.alert = alert;
    out.maxspanMs = m_query.kind == eql::Query::Kind::Sequence ? m_maxspanMs : std::nullopt;
    for (const auto& k : m_query.sharedKeys)
        out.keyFields.push_back(k.name);
    if (!m_query.stages.empty())
        for (const auto& k : m_query.stages[0].keys)
            out.keyFields.push_back(k.name);
    if (alert >= m_result.total()) return out;
    std::vector<eql::KeyTuple> tuples;
    bool replays = true;
    auto explainStage = [&](PositiveStage& stage, EventIndex e, const eql::KeyTuple* joinKeys) {
        StageExplanation s;
        s.event = e;
        s.conditions = stage.conditions->explain(e);
        replays = replays && s.conditions.held && stage.matcher->matches(e);
        stage.matcher->keys(e, tuples);
        if (!tuples.empty()) {
            for (eql::KeyValue k : tuples.front()) {
                k.materialize(m_schema.store().strings());
                s.keys.push_back(k.text());
            }
        }
        if (joinKeys)
            replays = replays
                && std::any_of(tuples.begin(), tuples.end(), [&](const auto& t) { return sameKey(t, *joinKeys); });
        return s;
    };
    if (m_query.kind == eql::Query::Kind::Event) {
        out.stages.push_back(explainStage(m_stages.front(), m_result.events[alert], nullptr));
        out.replays = replays;
        return out;
    }
    const eql::Match& match = m_result.matches[alert];
    for (eql::KeyValue k : match.joinKeys) {
        k.materialize(m_schema.store().strings());
        out.joinKeys.push_back(k.text());
    }
    std::size_t positive = 0, missing = 0;
    std::optional<std::int64_t> first, last;
    for (std::size_t p = 0; p < match.events.size(); ++p) {
        const bool isMissing = missing < m_missingAt.size() && m_missingAt[missing] == p;
        if (isMissing || !match.events[p]) {
            StageExplanation s;
            s.missingStage = true;
            if (isMissing) ++missing;
            out.stages.push_back(std::move(s));
            continue;
        }
        const EventIndex e = *match.events[p];
        PositiveStage& stage = m_stages[std::min(positive++, m_stages.size() - 1)];
        out.stages.push_back(explainStage(stage, e, &match.joinKeys));
        if (m_schema.store().timestampNs(e) != NoTimestamp) {
            first = first ? std::min(*first, ms(e)) : ms(e);
            last = last ? std::max(*last, ms(e)) : ms(e);
        }
    }
    out.spanMs = first ? *last - *first : 0;
    if (out.maxspanMs) replays = replays && out.spanMs <= *out.maxspanMs;
    out.replays = replays;
    return out;
}

std::optional<std::string> Explainer::excludingItem(EventIndex e, std::string* listId, std::string* itemId) const {
    if (!m_filter) return std::nullopt;
    for (const auto* item : m_filter->activeItems())
        if (m_filter->itemMatches(*item, e)) {
            for (const auto& list : m_options.exceptions.lists)
                for (const auto& i : list.items)
                    if (&i == item) {
                        if (listId) *listId = list.listId;
                        if (itemId) *itemId = i.itemId;
                        std::string entries;
                        for (const auto& entry : i.entries)
                            entries += (entries.empty() ? "" : " and ") + entry.field;
                        return "exception list " + list.listId + ", item " + i.itemId + " (" + i.name + ") on "
                            + entries;
                    }
        }
    return std::nullopt;
}

eql::Query Explainer::applyHint(const Hint& hint, eql::RunOptions& options, exceptions::ExceptionSet& ex) const {
    eql::Query q = eql::parseQuery(eql::toEql(m_query)); // a deep copy
    switch (hint.kind) {
    case Hint::Kind::None:
        break;
    case Hint::Kind::Maxspan:
        options.maxspanMillis = hint.maxspanMs;
        break;
    case Hint::Kind::Size:
        options.size.reset();
        q.pipes.clear();
        break;
    case Hint::Kind::DisableExceptionItem:
        for (auto& list : ex.lists)
            if (list.listId == hint.listId)
                for (auto& item : list.items)
                    if (item.itemId == hint.itemId) item.enabled = false;
        break;
    case Hint::Kind::QueryEdit: {
        eql::EventFilter& filter = q.kind == eql::Query::Kind::Event ? q.event : q.stages[hint.queryStage].filter;
        filter.condition = replaceAt(*filter.condition, hint.path, *hint.replacement);
        break;
    }
    }
    return q;
}

void Explainer::verify(NearMiss& miss) {
    Hint& hint = miss.reason.hint;
    if (hint.kind == Hint::Kind::None) return;
    std::vector<EventIndex> known;
    for (const auto& e : miss.stages)
        if (e) known.push_back(*e);
    if (miss.candidate) known.push_back(*miss.candidate);
    if (miss.reason.code == "no_candidate" || miss.reason.code == "runs_incomplete")
        if (!miss.closest.empty()) known.push_back(miss.closest.front().event);
    eql::RunOptions options = m_options.run;
    exceptions::ExceptionSet ex = m_options.exceptions;
    const eql::Query q = applyHint(hint, options, ex);
    std::vector<std::uint8_t> excluded
        = m_options.run.excluded ? *m_options.run.excluded : std::vector<std::uint8_t>(m_excluded.size(), 0);
    excluded.resize(m_excluded.size(), 0);
    if (!ex.lists.empty()) {
        const auto byExceptions = exceptions::ExceptionFilter(m_schema.store(), ex, m_options.nowNs).excludedEvents();
        for (std::size_t e = 0; e < excluded.size(); ++e)
            excluded[e] |= byExceptions[e];
    }
    options.excluded = &excluded;
    options.cancel = m_options.cancel;
    const eql::QueryResult rerun = m_engine.run(q, options);
    for (std::size_t i = 0; i < rerun.total() && !hint.verified; ++i) {
        const auto events = rerun.eventsOf(i);
        hint.verified = std::all_of(known.begin(), known.end(),
            [&](EventIndex e) { return std::find(events.begin(), events.end(), e) != events.end(); });
    }
}

std::vector<NearMiss> Explainer::nearMisses(const Scope& scope) {
    std::vector<NearMiss> out = m_query.kind == eql::Query::Kind::Event ? eventNearMisses(scope)
        : m_query.kind == eql::Query::Kind::Sequence                    ? sequenceNearMisses(scope)
                                                                        : std::vector<NearMiss>{};
    std::stable_sort(out.begin(), out.end(), closer);
    if (out.size() > m_options.maxNearMisses) out.resize(m_options.maxNearMisses);
    for (NearMiss& miss : out)
        verify(miss);
    return out;
}

std::vector<std::uint32_t> Explainer::scopeRanks(const Scope& scope) const {
    const auto& order = m_engine.order(m_options.run.tiebreakerField);
    std::int64_t fromMs = INT64_MIN, toMs = INT64_MAX;
    if (scope.rangeNs) {
        fromMs = floorMillis(scope.rangeNs->first);
        toMs = floorMillis(scope.rangeNs->second);
    }
    if (scope.event && m_schema.store().timestampNs(*scope.event) != NoTimestamp) {
        const std::int64_t t = ms(*scope.event);
        const std::int64_t around = m_maxspanMs.value_or(INT64_MAX / 4);
        fromMs = std::max(fromMs, t - around);
        toMs = std::min(toMs, t + around);
    }
    const auto lo = std::partition_point(order.begin(), order.end(), [&](EventIndex e) { return ms(e) < fromMs; });
    const auto hi = std::partition_point(lo, order.end(), [&](EventIndex e) { return ms(e) <= toMs; });
    return {std::uint32_t(lo - order.begin()), std::uint32_t(hi - order.begin())};
}

std::vector<ClosestEvent> Explainer::closestFor(std::size_t stage, const std::vector<std::uint32_t>& range,
    std::size_t from, std::optional<std::int64_t> untilMs, const KeyWanted& key) {
    const auto& order = m_engine.order(m_options.run.tiebreakerField);
    PositiveStage& s = m_stages[stage];
    std::vector<eql::KeyTuple> tuples;
    std::vector<std::pair<int, std::size_t>> keyed, any; // (failing, pos)
    std::size_t weighed = 0;
    for (std::size_t pos = from; pos < range[1] && weighed < ClosestScan; ++pos) {
        const EventIndex e = order[pos];
        if (untilMs && ms(e) > *untilMs) break;
        if (m_options.run.excluded && (*m_options.run.excluded)[e]) continue;
        bool withKey = false;
        if (key) {
            s.matcher->keys(e, tuples);
            withKey = std::any_of(tuples.begin(), tuples.end(), key);
        }
        if (key && !withKey && !keyed.empty()) continue; // events of the key come first
        ++weighed;
        const int failing = s.conditions->failing(e);
        (withKey ? keyed : any).push_back({failing, pos});
    }
    auto& pool = keyed.empty() ? any : keyed;
    std::stable_sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ClosestEvent> out;
    for (std::size_t i = 0; i < pool.size() && out.size() < m_options.closestEvents; ++i) {
        if (pool[i].first == 0) continue; // it matches: not why nothing came
        out.push_back({order[pool[i].second], s.conditions->explain(order[pool[i].second])});
    }
    return out;
}

void Explainer::setNoCandidate(NearMiss& miss, std::size_t stage, std::vector<ClosestEvent> closest) {
    NearMissReason& r = miss.reason;
    r.code = "no_candidate";
    r.stage = int(stage) + 1;
    miss.closest = std::move(closest);
    if (miss.closest.empty()) {
        r.detail = "no event in scope comes close to stage " + std::to_string(stage + 1);
        miss.failingConditions = INT32_MAX / 2;
        return;
    }
    const ConditionNode& conditions = miss.closest.front().conditions;
    miss.failingConditions = conditions.failing;
    // The first failing predicate is the evidence; a single one may have a fix.
    std::vector<const ConditionNode*> stack = {&conditions};
    const ConditionNode* failed = nullptr;
    while (!stack.empty() && !failed) {
        const ConditionNode* n = stack.back();
        stack.pop_back();
        if (n->held) continue;
        if (n->kind == ConditionNode::Kind::Predicate || n->kind == ConditionNode::Kind::Category
            || n->kind == ConditionNode::Kind::Not) {
            failed = n;
            break;
        }
        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it)
            stack.push_back(&*it);
    }
    if (failed) {
        r.field = failed->fields.empty() ? "" : failed->fields.front();
        std::string actual;
        for (const auto& values : failed->actual)
            for (const auto& v : values)
                actual += (actual.empty() ? "" : ", ") + v;
        r.actual = failed->actual.empty() || failed->actual.front().empty() ? "(missing)" : actual;
        r.expected = failed->expected.empty() ? failed->text : failed->expected;
        r.detail = std::to_string(conditions.failing) + " condition" + (conditions.failing == 1 ? "" : "s")
            + " of stage " + std::to_string(stage + 1) + " failed for the closest event; first: " + failed->text
            + (failed->note.empty() ? "" : " (" + failed->note + ")");
    }
    if (const ConditionNode* only = onlyFailure(conditions); only && only->fix) {
        Hint& h = r.hint;
        h.kind = Hint::Kind::QueryEdit;
        h.queryStage = m_stages[stage].queryStage;
        h.path = only->path;
        h.replacement = only->fix;
        h.text = only->fixText + ": " + eql::toEql(*only->fix);
    }
}

std::vector<NearMiss> Explainer::eventNearMisses(const Scope& scope) {
    const auto range = scopeRanks(scope);
    const auto& order = m_engine.order(m_options.run.tiebreakerField);
    const std::set<EventIndex> alerted(m_result.events.begin(), m_result.events.end());
    PositiveStage& s = m_stages.front();
    std::vector<NearMiss> out;
    std::size_t weighed = 0;
    for (std::size_t pos = range[0]; pos < range[1]; ++pos) {
        const EventIndex e = order[pos];
        if (scope.event && e != *scope.event) continue;
        if (alerted.count(e) || (m_options.run.excluded && (*m_options.run.excluded)[e])) continue;
        NearMiss miss;
        miss.stages = {std::nullopt};
        miss.timeNs = m_schema.store().timestampNs(e);
        miss.candidate = e;
        if (s.matcher->matches(e)) {
            miss.reachedStage = 1;
            miss.stages = {e};
            miss.reason.stage = 1;
            std::string listId, itemId;
            if (auto item = m_excluded[e] ? excludingItem(e, &listId, &itemId) : std::nullopt) {
                miss.reason.code = "excluded";
                miss.reason.detail = "removed by " + *item;
                miss.reason.hint = {Hint::Kind::DisableExceptionItem,
                    "switch off exception item " + itemId + " of " + listId, 0, 0, {}, nullptr, listId, itemId, false};
            } else {
                miss.reason.code = "size_cap";
                miss.reason.detail = "it matches, but the request's size (max_signals) or a head/tail pipe cut it";
                miss.reason.hint.kind = Hint::Kind::Size;
                miss.reason.hint.text = "raise max_signals (the request's size) or drop the head/tail pipe";
            }
            out.push_back(std::move(miss));
            continue;
        }
        if (weighed++ >= ClosestScan) continue;
        miss.candidate.reset();
        setNoCandidate(miss, 0, {{e, s.conditions->explain(e)}});
        out.push_back(std::move(miss));
    }
    return out;
}

std::vector<NearMiss> Explainer::sequenceNearMisses(const Scope& scope) {
    const auto range = scopeRanks(scope);
    const auto& order = m_engine.order(m_options.run.tiebreakerField);
    const std::size_t n = m_stages.size();
    const EventStore& store = m_schema.store();
    auto cancelled = [&] { return m_options.cancel && m_options.cancel->load(std::memory_order_relaxed); };

    // Each stage's events in scope (exceptions ignored: they are a reason of their own).
    std::vector<std::vector<Candidate>> hits(n);
    std::vector<std::vector<Candidate>> missingHits(m_missing.size()), untilHits(m_until.size());
    for (std::size_t pos = range[0]; pos < range[1]; ++pos) {
        if ((pos & 0xFFFF) == 0 && cancelled()) return {};
        const EventIndex e = order[pos];
        if (m_options.run.excluded && (*m_options.run.excluded)[e]) continue;
        auto add = [&](eql::StageMatcher& m, std::vector<Candidate>& into) {
            if (!m.matches(e)) return;
            Candidate c{pos, e, {}, m_excluded[e] != 0};
            m.keys(e, c.keys);
            into.push_back(std::move(c));
        };
        for (std::size_t i = 0; i < n; ++i)
            add(*m_stages[i].matcher, hits[i]);
        for (std::size_t m = 0; m < m_missing.size(); ++m)
            add(m_missing[m], missingHits[m]);
        for (std::size_t u = 0; u < m_until.size(); ++u)
            add(m_until[u], untilHits[u]);
    }

    auto keyOfScope = [&](const eql::KeyTuple& t) {
        if (!scope.key) return true;
        if (scope.key->size() != t.size()) return false;
        eql::KeyTuple copy = t;
        for (std::size_t i = 0; i < copy.size(); ++i) {
            copy[i].materialize(store.strings());
            if (copy[i].text() != (*scope.key)[i]) return false;
        }
        return true;
    };
    // Keys with an alert whose events lie in scope have nothing to explain.
    std::vector<eql::KeyTuple> alerted;
    std::optional<std::size_t> alertOfEvent;
    for (std::size_t i = 0; i < m_result.matches.size(); ++i) {
        const auto events = m_result.eventsOf(i);
        if (scope.event && std::find(events.begin(), events.end(), *scope.event) != events.end()) alertOfEvent = i;
        alerted.push_back(m_result.matches[i].joinKeys);
    }
    if (alertOfEvent) {
        m_notes.push_back("the event is part of alert " + std::to_string(*alertOfEvent + 1));
        return {};
    }
    auto isAlerted = [&](const eql::KeyTuple& t) {
        return !scope.event
            && std::any_of(alerted.begin(), alerted.end(), [&](const auto& a) { return sameKey(a, t); });
    };

    std::unique_ptr<eql::QueryResult> unlimited; // the run without size or pipes, when a chain completes
    auto inUnlimited = [&](const std::vector<EventIndex>& chain) {
        if (!unlimited) {
            eql::RunOptions o = m_options.run;
            exceptions::ExceptionSet ex = m_options.exceptions;
            Hint all;
            all.kind = Hint::Kind::Size;
            const eql::Query q = applyHint(all, o, ex);
            o.excluded = &m_excluded;
            unlimited = std::make_unique<eql::QueryResult>(m_engine.run(q, o));
        }
        for (std::size_t i = 0; i < unlimited->total(); ++i)
            if (unlimited->eventsOf(i) == chain) return true;
        return false;
    };

    auto describeKeyFields = [&](std::size_t stage) {
        std::vector<std::string> names;
        for (const auto& k : m_query.sharedKeys)
            names.push_back(k.name);
        for (const auto& k : m_query.stages[m_stages[stage].queryStage].keys)
            names.push_back(k.name);
        return names;
    };

    // Follows one stage-1 event as far as the key's events go; the reason it stops.
    auto follow = [&](const Candidate& start, const eql::KeyTuple& key) {
        NearMiss miss;
        miss.joinKeys.clear();
        for (eql::KeyValue k : key) {
            k.materialize(store.strings());
            miss.joinKeys.push_back(k.text());
        }
        miss.stages.assign(n, std::nullopt);
        miss.timeNs = store.timestampNs(start.event);
        NearMissReason& r = miss.reason;
        std::string listId, itemId;
        if (start.excluded) {
            r.code = "excluded";
            r.stage = 1;
            miss.candidate = start.event;
            r.detail = "its stage-1 event is removed by "
                + excludingItem(start.event, &listId, &itemId).value_or("an exception");
            r.hint = {Hint::Kind::DisableExceptionItem, "switch off exception item " + itemId + " of " + listId, 0, 0,
                {}, nullptr, listId, itemId, false};
            return miss;
        }
        miss.stages[0] = start.event;
        miss.reachedStage = 1;
        const std::int64_t firstMs = ms(start.event);
        std::size_t lastPos = start.pos;
        std::vector<EventIndex> chain = {start.event};
        for (std::size_t i = 1; i < n; ++i) {
            const std::vector<Candidate>& stageHits = hits[i];
            const Candidate* found = nullptr;
            const Candidate* tooLate = nullptr;
            const Candidate* excluded = nullptr;
            const Candidate* otherKey = nullptr;
            const Candidate* before = nullptr;
            for (const Candidate& c : stageHits) {
                if (c.pos <= lastPos) { // came before the previous stage's event, within maxspan of it
                    if (c.hasKey(key) && std::find(chain.begin(), chain.end(), c.event) == chain.end()
                        && (!m_maxspanMs || ms(chain.back()) - ms(c.event) <= *m_maxspanMs))
                        before = &c;
                    continue;
                }
                const bool late = m_maxspanMs && ms(c.event) - firstMs > *m_maxspanMs;
                if (!c.hasKey(key)) {
                    if (!otherKey && !late) otherKey = &c;
                    continue;
                }
                if (late) {
                    tooLate = &c;
                    break;
                }
                if (c.excluded) {
                    if (!excluded) excluded = &c;
                    continue;
                }
                found = &c;
                break;
            }
            if (found) {
                // until: an event of the key between closes the pending sequence.
                for (const auto& u : untilHits)
                    for (const Candidate& c : u)
                        if (c.pos > lastPos && c.pos < found->pos && c.hasKey(key) && r.code.empty()) {
                            r.code = "until_closed";
                            r.stage = int(i) + 1;
                            miss.candidate = c.event;
                            r.detail = "an until event at " + formatTimestampMillis(store.timestampNs(c.event))
                                + " closed the sequence before stage " + std::to_string(i + 1);
                        }
                // A missing stage between the two: an event of it in the gap rejects the sequence.
                for (std::size_t m = 0; m < m_missing.size() && r.code.empty(); ++m)
                    if (m_missingAt[m] > m_positiveAt[i - 1] && m_missingAt[m] < m_positiveAt[i])
                        for (const Candidate& c : missingHits[m])
                            if (c.hasKey(key) && ms(c.event) > ms(chain.back()) && ms(c.event) < ms(found->event)
                                && !c.excluded && r.code.empty()) {
                                r.code = "missing_event_present";
                                r.stage = int(m_missingAt[m]) + 1;
                                miss.candidate = c.event;
                                r.detail = "the ![...] stage's event at "
                                    + formatTimestampMillis(store.timestampNs(c.event)) + " is in the gap";
                            }
                if (!r.code.empty()) return miss;
                chain.push_back(found->event);
                miss.stages[i] = found->event;
                miss.reachedStage = int(i) + 1;
                lastPos = found->pos;
                continue;
            }
            r.stage = int(i) + 1;
            if (excluded) {
                r.code = "excluded";
                miss.candidate = excluded->event;
                r.detail = "its stage-" + std::to_string(i + 1) + " event is removed by "
                    + excludingItem(excluded->event, &listId, &itemId).value_or("an exception");
                r.hint = {Hint::Kind::DisableExceptionItem, "switch off exception item " + itemId + " of " + listId, 0,
                    0, {}, nullptr, listId, itemId, false};
            } else if (tooLate) {
                r.code = "maxspan_exceeded";
                miss.candidate = tooLate->event;
                const std::int64_t span = ms(tooLate->event) - firstMs;
                r.actual = msText(span);
                r.expected = "≤ " + msText(*m_maxspanMs);
                r.detail = "stage " + std::to_string(i + 1) + " came " + msText(span) + " after stage 1; maxspan is "
                    + msText(*m_maxspanMs) + " (over by " + msText(span - *m_maxspanMs) + ")";
                r.hint.kind = Hint::Kind::Maxspan;
                r.hint.maxspanMs = span;
                r.hint.text = "maxspan ≥ " + msText(span);
            } else if (before) {
                r.code = "out_of_order";
                miss.candidate = before->event;
                const bool sameMs = ms(before->event) == ms(chain.back());
                r.detail = "its stage-" + std::to_string(i + 1) + " event at "
                    + formatTimestampMillis(store.timestampNs(before->event)) + " comes before the stage-"
                    + std::to_string(i) + " event at " + formatTimestampMillis(store.timestampNs(chain.back()))
                    + (sameMs ? " (same millisecond: ordered by the tiebreaker, then input order)" : "");
            } else if (otherKey) {
                r.code = "join_key_mismatch";
                miss.candidate = otherKey->event;
                const auto fields = describeKeyFields(i);
                if (otherKey->keys.empty()) {
                    r.field = fields.empty() ? "" : fields.front();
                    r.actual = "(missing)";
                    r.expected = miss.joinKeys.empty() ? "" : miss.joinKeys.front();
                    r.detail = "a stage-" + std::to_string(i + 1) + " event matched but has no join key value "
                        + "(a missing key field joins nothing unless written ?optional)";
                } else {
                    const eql::KeyTuple& theirs = otherKey->keys.front();
                    for (std::size_t k = 0; k < theirs.size() && k < key.size(); ++k)
                        if (!(theirs[k] == key[k])) {
                            eql::KeyValue a = theirs[k], b = key[k];
                            a.materialize(store.strings());
                            b.materialize(store.strings());
                            r.field = k < fields.size() ? fields[k] : "";
                            r.actual = a.text();
                            r.expected = b.text();
                            break;
                        }
                    r.detail = "a stage-" + std::to_string(i + 1) + " event matched its conditions at "
                        + formatTimestampMillis(store.timestampNs(otherKey->event)) + " but its " + r.field + " is "
                        + r.actual + ", not " + r.expected;
                }
            } else if (m_stages[i].runs > 1 && m_stages[i].queryStage == m_stages[i - 1].queryStage) {
                r.code = "runs_incomplete";
                int done = 0;
                for (std::size_t k = 0; k < i; ++k)
                    done += m_stages[k].queryStage == m_stages[i].queryStage;
                r.detail = std::to_string(done) + " of the " + std::to_string(m_stages[i].runs)
                    + " repetitions of stage " + std::to_string(m_stages[i].queryStage + 1) + " happened";
                miss.closest = closestFor(i, range, lastPos + 1,
                    m_maxspanMs ? std::optional(firstMs + *m_maxspanMs) : std::nullopt, sameAs(key));
            } else {
                setNoCandidate(miss, i,
                    closestFor(i, range, lastPos + 1,
                        m_maxspanMs ? std::optional(firstMs + *m_maxspanMs) : std::nullopt, sameAs(key)));
            }
            return miss;
        }
        // Every stage has its event: an alert, or why it is none.
        r.stage = int(n);
        for (std::size_t i = 0; i < m_result.total(); ++i)
            if (m_result.eventsOf(i) == chain) {
                r.code = "alert";
                return miss;
            }
        if (inUnlimited(chain)) {
            r.code = "size_cap";
            r.detail = "it is a result, but the request's size (max_signals) or a head/tail pipe cut it";
            r.hint.kind = Hint::Kind::Size;
            r.hint.text = "raise max_signals (the request's size) or drop the head/tail pipe";
            return miss;
        }
        for (std::size_t m = 0; m < m_missing.size(); ++m)
            for (const Candidate& c : missingHits[m])
                if (c.hasKey(key) && !c.excluded
                    && (!m_maxspanMs || std::llabs(ms(c.event) - firstMs) <= *m_maxspanMs)) {
                    r.code = "missing_event_present";
                    r.stage = int(m_missingAt[m]) + 1;
                    miss.candidate = c.event;
                    r.detail = "the ![...] stage's event at " + formatTimestampMillis(store.timestampNs(c.event))
                        + " rejects the sequence";
                    return miss;
                }
        r.code = "superseded";
        r.stage = 1;
        for (const Candidate& c : hits[0])
            if (c.pos > start.pos && c.hasKey(key) && !c.excluded && miss.stages.size() > 1 && miss.stages[1]
                && ms(c.event) <= ms(*miss.stages[1])) {
                miss.candidate = c.event;
                r.detail = "a newer stage-1 event at " + formatTimestampMillis(store.timestampNs(c.event))
                    + " replaced this pending sequence (Elasticsearch keeps one per stage and key)";
                break;
            }
        if (r.detail.empty())
            r.detail = "Elasticsearch kept another pending sequence for this key (one per stage and key)";
        return miss;
    };

    std::vector<NearMiss> out;
    std::vector<eql::KeyTuple> seen;
    bool anyInScope = false;
    for (const Candidate& c : hits[0]) {
        if (cancelled()) return {};
        for (const eql::KeyTuple& key : c.keys) {
            if (!keyOfScope(key)) continue;
            anyInScope = true;
            if (isAlerted(key)) continue;
            if (std::any_of(seen.begin(), seen.end(), [&](const auto& s) { return sameKey(s, key); })) continue;
            seen.push_back(key);
            std::optional<NearMiss> best;
            std::size_t tried = 0;
            for (const Candidate& start : hits[0]) {
                if (!start.hasKey(key)) continue;
                if (scope.event && start.pos > range[1]) break;
                if (tried++ >= CandidatesPerKey) break;
                NearMiss miss = follow(start, key);
                if (miss.reason.code == "alert") continue; // not a miss
                if (scope.event && std::find(miss.stages.begin(), miss.stages.end(), scope.event) == miss.stages.end()
                    && miss.candidate != scope.event && best)
                    continue; // the chosen event's own chain first
                if (!best || closer(miss, *best)) best = std::move(miss);
            }
            if (best) out.push_back(std::move(*best));
        }
    }
    if (anyInScope) return out;
    // Nothing matched stage 1 in scope: the closest events to it (of the scope's key first).
    NearMiss miss;
    miss.stages.assign(n, std::nullopt);
    if (scope.key) miss.joinKeys = *scope.key;
    std::vector<ClosestEvent> closest = closestFor(0, range, range[0], std::nullopt,
        scope.key ? KeyWanted([&](const eql::KeyTuple& t) { return keyOfScope(t); }) : KeyWanted());
    if (scope.event) {
        std::erase_if(closest, [&](const ClosestEvent& c) { return c.event == *scope.event; });
        closest.insert(closest.begin(), {*scope.event, m_stages[0].conditions->explain(*scope.event)});
    }
    if (closest.size() > m_options.closestEvents) closest.resize(m_options.closestEvents);
    if (!closest.empty()) miss.timeNs = store.timestampNs(closest.front().event);
    setNoCandidate(miss, 0, std::move(closest));
    out.push_back(std::move(miss));
    return out;
}

} // namespace wb::explain
