// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "alertreport.h"
#include "eql/engine.h"
#include "explain/explainer.h"

#include <optional>
#include <string>
#include <vector>

namespace wb::report {

// At most this many alerts go into one report (a rule that fires thousands of times is not a
// document anyone reads); the report says how many there were.
constexpr std::size_t MaxReportedAlerts = 50;

// What to report on: the rule as it runs (its query is the tuned one), how it runs, and which
// alerts. The same for `eqlwb report` and the workbench's Export Report.
struct ReportRequest {
    rules::DetectionRule rule;
    // The rule it was tuned from, for the report's diff; its label ("v113", a file name).
    std::optional<rules::DetectionRule> original;
    std::string originalLabel;
    std::vector<std::string> files;
    explain::ExplainOptions options; // as the rule runs, its exception lists included
    std::optional<std::size_t> alert; // from 0; nullopt: every alert, at most MaxReportedAlerts
    std::vector<std::string> notes; // what the caller knows about the run (from its rule plan)
};

// Runs the rule, explains the alerts asked for, works out what each exception list suppressed
// and what tuning changed. nullopt with `error` when the alert asked for does not exist; throws
// eql::QueryError for a query the capture's types make invalid.
std::optional<ReportInput> buildReportInput(
    const EventStore& store, const process::ProcessTree& tree, const ReportRequest& request, std::string& error);
// The same with an engine that already runs over the store (the workbench's: its columns are
// built, and not twice); the engine must not be used elsewhere meanwhile.
std::optional<ReportInput> buildReportInput(const eql::Schema& schema, eql::Engine& engine,
    const process::ProcessTree& tree, const ReportRequest& request, std::string& error);

} // namespace wb::report
