// SPDX-License-Identifier: Apache-2.0
#include "rulerunner.h"

#include "eql/parser.h"

#include <QElapsedTimer>
#include <QtConcurrent>
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

quint64 RuleRunner::run(const QString& query, const wb::eql::RunOptions& options) {
    if (m_cancel) m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    auto session = m_session;
    auto cancel = m_cancel;
    const std::string text = query.toStdString();
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [session, cancel, text, options, generation] {
        RuleRun run;
        run.generation = generation;
        QElapsedTimer timer;
        timer.start();
        try {
            const wb::eql::Query parsed = wb::eql::parseQuery(text);
            if (session && session->engine && !cancel->load()) {
                wb::eql::RunOptions o = options;
                o.cancel = cancel.get();
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
