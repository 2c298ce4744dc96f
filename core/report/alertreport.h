// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "explain/explanation.h"
#include "inspect/capturesummary.h"
#include "process/processtree.h"
#include "rules/detectionrule.h"
#include "svgpicture.h"
#include "util/linediff.h"

#include <string>
#include <utility>
#include <vector>

namespace wb::report {

// One exception item's effect: the events it removes and the alerts (of the rule without any
// exception) it suppresses on its own.
struct ExceptionItemEffect {
    std::string name;
    std::size_t events = 0, alerts = 0;
};

// One exception list as the run applied it, and what it suppressed.
struct ExceptionListEffect {
    std::string label; // "name (list_id)"
    std::size_t items = 0; // in the list
    std::size_t inactive = 0; // switched off or expired: not applied
    std::size_t events = 0, alerts = 0; // the list as a whole
    std::vector<ExceptionItemEffect> itemEffects; // the active items
};

// A setting a tuned rule changed: its name, the original's value, the tuned one's.
struct SettingChange {
    std::string setting, before, after;
};

// What an alert report is made of: the rule, the capture and, per alert, its explanation.
struct ReportInput {
    const EventStore* store = nullptr;
    const process::ProcessTree* tree = nullptr;
    rules::DetectionRule rule;
    std::vector<std::string> files;
    CaptureSummary summary;
    std::size_t totalAlerts = 0;
    std::vector<explain::AlertExplanation> alerts; // those reported
    std::vector<ExceptionListEffect> exceptionEffects; // as the run applied them
    std::size_t alertsWithoutExceptions = 0;
    std::vector<std::string> exceptionWarnings; // items the run could not apply, expired ones
    // For a tuned rule: what it was tuned from, and the changes (empty label: not tuned).
    std::string originalLabel;
    std::vector<DiffLine> queryDiff;
    std::vector<SettingChange> settingChanges;
    std::vector<std::string> notes; // what the run said about the rule or capture
};

// How a document carries its pictures: inline <svg> elements (a browser shows them), or <img>
// elements naming pictures handed over beside the document (a renderer that cannot read inline
// SVG, such as the PDF writer, draws them itself).
enum class PictureMode { InlineSvg, Referenced };

// A picture handed over beside a document: the name its <img> gives, the heading it goes under
// (drawn with it, so a page break never parts them) and the picture.
struct ReportPicture {
    std::string name, title;
    SvgPicture picture;
};

struct ReportDocument {
    std::string html;
    std::vector<ReportPicture> pictures; // PictureMode::Referenced
};

// The report to hand to a colleague or attach to a ticket: the rule (name, version, query,
// settings, MITRE, and for a tuned rule the diff against the original), the capture (files, time
// range, hosts, users), the exception lists applied and what each suppressed, and for each alert
// (each on a page of its own when printed) the lanes of its window, its attack graph, its stage
// table with key fields and event ids, and why each condition held. Well-formed XHTML as well as
// HTML; with InlineSvg it is one self-contained file (inline CSS and SVG, no script).
ReportDocument alertReport(const ReportInput& input, PictureMode pictures);
std::string alertReportHtml(const ReportInput& input); // InlineSvg

} // namespace wb::report
