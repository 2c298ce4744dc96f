// SPDX-License-Identifier: Apache-2.0
#include "rulerunner.h"

#include "eql/parser.h"
#include "exceptions/exceptionfilter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QtConcurrent>
#include <algorithm>
#include <mutex>

// The store with its schema and engine. Runs use it one at a time (the pool has one thread).
struct RuleRunner::Session {
    std::shared_ptr<const wb::EventStore> store;
    std::unique_ptr<wb::eql::Schema> schema;
    std::unique_ptr<wb::eql::Engine> engine;
};

RuleRunner::RuleRunner(QObject* parent)
    : QObject(parent) {
    qRegisterMetaType<RuleRun>();
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<RuleRun>::finished, this, [this] {
        if (m_watcher.isCanceled() || m_watcher.future().resultCount() == 0) return;
        const RuleRun run = m_watcher.result();
        if (run.generation == m_generation && !run.result.cancelled) emit finished(run);
    });
}

RuleRunner::~RuleRunner() {
    if (m_cancel) m_cancel->store(true);
    m_pool.waitForDone();
}

void RuleRunner::setStore(std::shared_ptr<const wb::EventStore> store) {
    if (m_cancel) m_cancel->store(true);
    m_pool.waitForDone();
    auto session = std::make_shared<Session>();
    session->store = std::move(store);
    if (session->store) {
        session->schema = std::make_unique<wb::eql::Schema>(*session->store);
        session->engine = std::make_unique<wb::eql::Engine>(*session->schema);
    }
    m_session = std::move(session);
}

quint64 RuleRunner::run(const QString& query, const wb::eql::RunOptions& options,
    const wb::exceptions::ExceptionSet& exceptions, qint64 nowNs) {
    if (m_cancel) m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    auto session = m_session;
    auto cancel = m_cancel;
    const std::string text = query.toStdString();
    if (nowNs == 0) nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [session, cancel, text, options, generation, exceptions, nowNs] {
        RuleRun run;
        run.generation = generation;
        QElapsedTimer timer;
        timer.start();
        try {
            const wb::eql::Query parsed = wb::eql::parseQuery(text);
            if (session && session->engine && !cancel->load()) {
                wb::eql::RunOptions o = options;
                o.cancel = cancel.get();
                std::vector<std::uint8_t> excluded;
                if (!exceptions.lists.empty()) {
                    const wb::exceptions::ExceptionFilter filter(*session->store, exceptions, nowNs);
                    excluded = filter.excludedEvents();
                    run.exceptionWarnings = filter.warnings();
                    run.excludedEvents = std::size_t(std::count(excluded.begin(), excluded.end(), 1));
                    // What each item does on its own, for the exceptions panel.
                    const wb::eql::QueryResult baseline = session->engine->run(parsed, o);
                    for (const wb::exceptions::ExceptionItem* item : filter.activeItems()) {
                        RuleRun::ItemEffect effect;
                        std::vector<std::uint8_t> hits(session->store->size(), 0);
                        for (wb::EventIndex e = 0; e < session->store->size() && !cancel->load(); ++e)
                            if (excluded[e] && filter.itemMatches(*item, e)) {
                                hits[e] = 1;
                                ++effect.events;
                            }
                        for (const auto& m : baseline.matches)
                            for (const auto& e : m.events)
                                if (e && hits[*e]) {
                                    ++effect.alerts;
                                    break;
                                }
                        for (wb::EventIndex e : baseline.events)
                            effect.alerts += hits[e];
                        run.itemEffects[item->listId + "/" + item->itemId] = effect;
                    }
                    o.excluded = &excluded;
                }
                run.result = session->engine->run(parsed, o);
            }
        } catch (const wb::eql::QueryError& e) {
            run.error = QString::fromStdString(e.message());
            run.errorLine = e.pos().line;
            run.errorColumn = e.pos().column;
        }
        run.millis = double(timer.nsecsElapsed()) / 1e6;
        return run;
    }));
    return generation;
}

void RuleRunner::waitForFinished() {
    m_watcher.waitForFinished();
    QCoreApplication::processEvents(); // deliver finished()
}
