// SPDX-License-Identifier: Apache-2.0
#include "workspace/rulerun.h"

#include "eql/parser.h"
#include "eql/printer.h"
#include "exceptions/exceptioneffect.h"
#include "exceptions/exceptionfilter.h"
#include "explain/explainer.h"

#include <QElapsedTimer>
#include <algorithm>

RuleEngine::RuleEngine(std::shared_ptr<const wb::EventStore> store)
    : m_store(std::move(store)) {
    if (m_store) {
        m_schema = std::make_unique<wb::eql::Schema>(*m_store);
        m_engine = std::make_unique<wb::eql::Engine>(*m_schema);
    }
}

RuleRun RuleEngine::run(const std::string& query, const wb::eql::RunOptions& options,
    const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, const std::atomic<bool>& cancel,
    const std::vector<std::uint8_t>* outside) {
    RuleRun run;
    QElapsedTimer timer;
    timer.start();
    try {
        const wb::eql::Query parsed = wb::eql::parseQuery(query);
        if (m_engine && !cancel.load()) {
            wb::eql::RunOptions o = options;
            o.cancel = &cancel;
            std::vector<std::uint8_t> excluded;
            if (outside) o.excluded = outside; // what the rule's indices never hold, also for the baseline
            if (!exceptions.lists.empty()) {
                const wb::exceptions::ExceptionFilter filter(*m_store, exceptions, nowNs);
                excluded = filter.excludedEvents();
                run.exceptionWarnings = filter.warnings();
                run.excludedEvents = std::size_t(std::count(excluded.begin(), excluded.end(), 1));
                // What each item does on its own, for the exceptions panel.
                const wb::eql::QueryResult baseline = m_engine->run(parsed, o);
                for (const auto& list :
                    wb::exceptions::exceptionEffects(*m_store, exceptions, filter, excluded, baseline, &cancel))
                    for (const auto& effect : list.items)
                        run.itemEffects[effect.item->listId + "/" + effect.item->itemId]
                            = {effect.events, effect.alerts};
                o.excluded = &excluded;
            }
            if (outside) {
                if (excluded.empty()) excluded.assign(m_store->size(), 0);
                for (std::size_t e = 0; e < excluded.size() && e < outside->size(); ++e)
                    excluded[e] |= (*outside)[e];
                o.excluded = &excluded;
            }
            run.result = m_engine->run(parsed, o);
            run.ran = !run.result.cancelled;
        }
    } catch (const wb::eql::QueryError& e) {
        run.error = QString::fromStdString(e.message());
        run.errorLine = e.pos().line;
        run.errorColumn = e.pos().column;
    }
    run.millis = double(timer.nsecsElapsed()) / 1e6;
    return run;
}

std::optional<wb::report::ReportInput> RuleEngine::report(
    const wb::process::ProcessTree& tree, const wb::report::ReportRequest& request, std::string& error) {
    if (!m_engine) {
        error = "no capture is open";
        return std::nullopt;
    }
    return wb::report::buildReportInput(*m_schema, *m_engine, tree, request, error);
}

std::vector<std::uint8_t> RuleEngine::excludedEvents(
    const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, const std::vector<std::uint8_t>* outside) {
    std::vector<std::uint8_t> excluded(m_store->size(), 0);
    if (!exceptions.lists.empty())
        excluded = wb::exceptions::ExceptionFilter(*m_store, exceptions, nowNs).excludedEvents();
    if (outside)
        for (std::size_t e = 0; e < excluded.size() && e < outside->size(); ++e)
            excluded[e] |= (*outside)[e];
    return excluded;
}

ScheduleRun RuleEngine::simulate(const wb::rules::DetectionRule& rule, const wb::exceptions::ExceptionSet& exceptions,
    std::int64_t nowNs, wb::schedule::SimulationOptions options, const std::atomic<bool>& cancel,
    const std::vector<std::uint8_t>* outside) {
    ScheduleRun run;
    if (!m_engine) return run;
    try {
        const wb::eql::Query query = wb::eql::parseQuery(rule.query);
        options.cancel = &cancel;
        run.result = wb::schedule::simulate(
            query, rule, *m_store, *m_engine, excludedEvents(exceptions, nowNs, outside), options);
        run.fates = wb::schedule::alertFates(run.result);
    } catch (const wb::eql::QueryError& e) {
        run.error = QString::fromStdString(e.what());
    }
    return run;
}

WhyRun RuleEngine::explain(const std::string& query, const wb::eql::RunOptions& options,
    const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, std::optional<std::size_t> alert,
    const wb::explain::Scope& scope, const std::atomic<bool>& cancel, const std::vector<std::uint8_t>* outside) {
    WhyRun why;
    if (!m_engine) return why;
    QElapsedTimer timer;
    timer.start();
    try {
        const wb::eql::Query parsed = wb::eql::parseQuery(query);
        wb::explain::ExplainOptions o;
        o.run = options;
        o.run.excluded = outside;
        o.exceptions = exceptions;
        o.nowNs = nowNs;
        o.cancel = &cancel;
        wb::explain::Explainer explainer(*m_schema, *m_engine, parsed, o);
        if (alert) {
            if (*alert < explainer.result().total()) why.alert = explainer.explainAlert(*alert);
        } else {
            why.scope = scope;
            why.nearMisses = explainer.nearMisses(scope);
            for (const auto& miss : why.nearMisses) {
                QString text;
                if (miss.reason.hint.kind == wb::explain::Hint::Kind::QueryEdit) {
                    wb::eql::RunOptions unused = options;
                    wb::exceptions::ExceptionSet ex = exceptions;
                    text = QString::fromStdString(wb::eql::toEql(explainer.applyHint(miss.reason.hint, unused, ex)));
                }
                why.hintQueries.push_back(text);
            }
        }
        why.notes = explainer.notes();
    } catch (const wb::eql::QueryError& e) {
        why.error = QString::fromStdString(e.what());
    }
    why.millis = double(timer.nsecsElapsed()) / 1e6;
    return why;
}
