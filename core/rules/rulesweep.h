// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/schema.h"
#include "exceptions/exceptionmodel.h"
#include "rules/detectionrule.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace wb::rules {

// One rule's outcome in a sweep.
struct SweepResult {
    const DetectionRule* rule = nullptr;
    std::string status; // ok, unsupported, error
    std::string reason; // why unsupported; for an error, file:line:column: message
    std::size_t alerts = 0;
    double tookMs = 0;
};

struct SweepTask {
    const DetectionRule* rule = nullptr;
    const exceptions::ExceptionSet* fileLists = nullptr; // the lists exported with it, if any
};

// Runs every rule over one store (its schema), each with the settings Kibana runs it with (see
// planRule), on `jobs` threads: each thread keeps one engine, so the event order and columns are
// built once per thread, not once per rule. `extraLists` apply to every rule. Results are in task
// order; `progress(done, total)` is called from the worker threads; a set `cancel` stops early
// (the rest are left with status "cancelled").
std::vector<SweepResult> sweep(const std::vector<SweepTask>& tasks, const eql::Schema& schema,
    const exceptions::ExceptionSet& extraLists, std::int64_t nowNs, unsigned jobs,
    const std::atomic<bool>* cancel = nullptr, const std::function<void(std::size_t, std::size_t)>& progress = {});

} // namespace wb::rules
