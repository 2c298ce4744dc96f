// SPDX-License-Identifier: Apache-2.0
#include "rules/rulesweep.h"

#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionio.h"
#include "rules/ruleplan.h"

#include <chrono>
#include <thread>

namespace wb::rules {

namespace {
SweepResult runOne(const SweepTask& task, const exceptions::ExceptionSet& extraLists, eql::Engine& engine,
    const EventStore& store, std::int64_t nowNs) {
    const DetectionRule& rule = *task.rule;
    SweepResult r{&rule, "ok", "", 0, 0};
    if (!rule.supported) {
        r.status = "unsupported";
        r.reason = rule.unsupportedReason;
        return r;
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        const eql::Query query = eql::parseQuery(rule.query);
        exceptions::ExceptionSet lists
            = task.fileLists ? referencedLists(rule, *task.fileLists) : exceptions::ExceptionSet{};
        exceptions::merge(lists, exceptions::ExceptionSet(extraLists));
        RulePlan plan = planRule(rule, store, lists, nowNs);
        plan.options.excluded = &plan.excluded;
        const eql::QueryResult result = engine.run(query, plan.options);
        r.alerts = query.kind == eql::Query::Kind::Event ? result.events.size() : result.matches.size();
    } catch (const eql::QueryError& e) {
        r.status = "error";
        r.reason = rule.file + ":" + std::to_string(rule.queryLine + e.pos().line - 1) + ":"
            + std::to_string(e.pos().column) + ": " + e.message();
    }
    r.tookMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return r;
}
} // namespace

std::vector<SweepResult> sweep(const std::vector<SweepTask>& tasks, const eql::Schema& schema,
    const exceptions::ExceptionSet& extraLists, std::int64_t nowNs, unsigned jobs, const std::atomic<bool>* cancel,
    const std::function<void(std::size_t, std::size_t)>& progress) {
    std::vector<SweepResult> results(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i)
        results[i] = {tasks[i].rule, "cancelled", "", 0, 0};
    std::atomic<std::size_t> next{0}, done{0};
    auto worker = [&] {
        eql::Engine engine(schema); // its event order and columns serve every rule this thread runs
        for (std::size_t i = next++; i < tasks.size(); i = next++) {
            if (cancel && cancel->load()) return;
            results[i] = runOne(tasks[i], extraLists, engine, schema.store(), nowNs);
            const std::size_t finished = ++done;
            if (progress) progress(finished, tasks.size());
        }
    };
    std::vector<std::thread> threads;
    const std::size_t count = std::min<std::size_t>(std::max(1u, jobs), std::max<std::size_t>(tasks.size(), 1));
    for (std::size_t t = 1; t < count; ++t)
        threads.emplace_back(worker);
    worker();
    for (auto& t : threads)
        t.join();
    return results;
}

} // namespace wb::rules
