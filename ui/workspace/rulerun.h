// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/engine.h"
#include "eql/queryresult.h"
#include "exceptions/exceptionmodel.h"
#include "explain/explanation.h"
#include "report/reportbuilder.h"
#include "rules/detectionrule.h"
#include "schedule/alertfate.h"
#include "schedule/simulation.h"
#include "store/eventstore.h"

#include <QMetaType>
#include <QString>
#include <atomic>
#include <map>
#include <memory>

// The outcome of one rule run, handed to the GUI thread by value.
struct RuleRun {
    wb::eql::QueryResult result;
    QString error; // a query error Elasticsearch would report, with line:column
    int errorLine = 0, errorColumn = 0;
    double millis = 0;
    bool ran = false; // false until a run over a capture finished
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

// What Kibana's schedule would write for the rule over the capture, handed to the GUI thread by
// value: the simulation, and each whole-capture match's fate by its events.
struct ScheduleRun {
    wb::schedule::SimulationResult result;
    std::map<std::vector<wb::EventIndex>, wb::schedule::AlertFate> fates;
    QString error;
};

// Why an alert fired, or the near misses of a scope without one, handed to the GUI thread by
// value; each hint that changes the query carries the query as it would be.
struct WhyRun {
    std::optional<wb::explain::AlertExplanation> alert;
    std::optional<wb::explain::Scope> scope; // what "why no alert here?" was asked about
    std::vector<wb::explain::NearMiss> nearMisses;
    std::vector<QString> hintQueries; // per near miss: the query with its QueryEdit hint, else empty
    std::vector<std::string> notes;
    QString error;
    double millis = 0;
};

// The alerts of another rule (a version of the lineage or a rule file) over the same capture,
// to compare the current rule's alerts with: the same events are the same alert.
struct RuleComparison {
    QString label; // "v106", or the other rule's name
    std::vector<std::vector<wb::EventIndex>> alerts;
    QString error;
};

// A capture's store with the schema and engine that run rules over it. The engine keeps its
// event order and columns between runs, so a maxspan change costs tens of milliseconds on 1M
// events; it is used by one run at a time (the workspace's "rule" jobs are serial).
class RuleEngine {
public:
    explicit RuleEngine(std::shared_ptr<const wb::EventStore> store);
    const std::shared_ptr<const wb::EventStore>& store() const { return m_store; }

    // Parses and runs the query with the exception lists applied as Kibana applies them (the
    // events an active item matches are removed first), evaluated at `nowNs`.
    // `outside`: events the rule's request never sees (other indices), one byte per event, or null.
    RuleRun run(const std::string& query, const wb::eql::RunOptions& options,
        const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, const std::atomic<bool>& cancel,
        const std::vector<std::uint8_t>* outside = nullptr);

    // The schedule simulation of `rule` (its query, settings and exceptions) with `options`.
    ScheduleRun simulate(const wb::rules::DetectionRule& rule, const wb::exceptions::ExceptionSet& exceptions,
        std::int64_t nowNs, wb::schedule::SimulationOptions options, const std::atomic<bool>& cancel,
        const std::vector<std::uint8_t>* outside = nullptr);

    // Explains `alert` (an index into the run of `query` with these options), or else the near
    // misses of `scope`, with the same semantics and exceptions as runs.
    WhyRun explain(const std::string& query, const wb::eql::RunOptions& options,
        const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, std::optional<std::size_t> alert,
        const wb::explain::Scope& scope, const std::atomic<bool>& cancel, const std::vector<std::uint8_t>* outside);

    // The alert report's contents (report::buildReportInput) with this engine: its columns are
    // already built, so a report of a 1M-event capture does not build a second set.
    std::optional<wb::report::ReportInput> report(
        const wb::process::ProcessTree& tree, const wb::report::ReportRequest& request, std::string& error);

private:
    // The events a request never sees: what the active exception items match, and `outside`.
    std::vector<std::uint8_t> excludedEvents(
        const wb::exceptions::ExceptionSet& exceptions, std::int64_t nowNs, const std::vector<std::uint8_t>* outside);

    std::shared_ptr<const wb::EventStore> m_store;
    std::unique_ptr<wb::eql::Schema> m_schema;
    std::unique_ptr<wb::eql::Engine> m_engine;
};
