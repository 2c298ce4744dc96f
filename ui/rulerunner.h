// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/engine.h"
#include "eql/queryresult.h"
#include "exceptions/exceptionmodel.h"
#include "store/eventstore.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <map>
#include <memory>

// The outcome of one rule run, handed to the GUI thread by value.
struct RuleRun {
    quint64 generation = 0;
    wb::eql::QueryResult result;
    QString error; // a query error Elasticsearch would report, with line:column
    int errorLine = 0, errorColumn = 0;
    double millis = 0;
    std::vector<std::string> exceptionWarnings;
    std::size_t excludedEvents = 0;
    // Per exception item ("list_id/item_id"): events it removes, and alerts of the rule without
    // exceptions that it suppresses on its own.
    struct ItemEffect {
        std::size_t events = 0, alerts = 0;
    };
    std::map<std::string, ItemEffect> itemEffects;
};
Q_DECLARE_METATYPE(RuleRun)

// Runs queries off the GUI thread, one at a time, on an engine that keeps its event order and
// columns between runs (a maxspan change costs tens of milliseconds on 1M events). Starting a
// run cancels the one in flight; only the newest run's result is delivered.
class RuleRunner : public QObject {
    Q_OBJECT
public:
    explicit RuleRunner(QObject* parent = nullptr);
    ~RuleRunner() override;

    void setStore(std::shared_ptr<const wb::EventStore> store);
    // Parses and runs the query text, with the exception lists applied as Kibana would (events
    // an active item matches are removed first; evaluated at `nowNs`, 0 = now). Returns the run's
    // generation.
    quint64 run(const QString& query, const wb::eql::RunOptions& options = {},
        const wb::exceptions::ExceptionSet& exceptions = {}, qint64 nowNs = 0);
    bool isRunning() const { return m_watcher.isRunning(); }
    void waitForFinished();

signals:
    void finished(const RuleRun& run);

private:
    struct Session;
    std::shared_ptr<Session> m_session;
    QThreadPool m_pool;
    QFutureWatcher<RuleRun> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
};
