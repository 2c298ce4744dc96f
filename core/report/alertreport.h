// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "explain/explanation.h"
#include "inspect/capturesummary.h"
#include "process/processtree.h"
#include "rules/detectionrule.h"

#include <string>
#include <vector>

namespace wb::report {

// What an alert report is made of: the rule, the capture and, per alert, its explanation.
struct ReportInput {
    const EventStore* store = nullptr;
    const process::ProcessTree* tree = nullptr;
    rules::DetectionRule rule;
    std::vector<std::string> files;
    CaptureSummary summary;
    std::size_t totalAlerts = 0;
    std::vector<explain::AlertExplanation> alerts; // those reported
    std::vector<std::string> exceptionLists; // "name (list_id): N items", as the run applied them
    std::vector<std::string> notes; // what the run said about the rule or capture
};

// A self-contained HTML document (inline CSS and SVG, no external file, no script) to hand to a
// colleague or attach to a ticket: the rule (name, version, query, settings, MITRE), the capture
// (files, time range, hosts, users), and for each alert its stage table with key fields and event
// ids, its attack graph and why each condition held. Well-formed XML (XHTML) as well as HTML.
std::string alertReportHtml(const ReportInput& input);

} // namespace wb::report
