// SPDX-License-Identifier: Apache-2.0
#include "alertreport.h"

#include "graph/attackgraph.h"
#include "graphsvg.h"
#include "lanessvg.h"
#include "output/resultwriter.h"
#include "story/eventstory.h"
#include "util/textjoin.h"
#include "util/timestamp.h"
#include "util/xmlescape.h"

#include <algorithm>

namespace wb::report {

namespace {
// On screen the page has a margin and a reading width; on paper the page's margins do that.
const char* const ScreenBody = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}\n";
const char* const PaperBody = "body{font-family:sans-serif;color:#222}\n";
const char* const Style
    = R"(h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin-bottom:6px}table{border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}
th{background:#f3f3f3}pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;white-space:pre-wrap}
.held{color:#1e7e34}.failed{color:#c0392b}.muted{color:#666}ul.tree{list-style:none;padding-left:18px;font-size:13px}
.graph,.lanes{border:1px solid #ddd;background:#fff;max-width:100%;height:auto}
td.nowrap{white-space:nowrap}.diff .removed{background:#fbe3e3;color:#8a1c1c}.diff .added{background:#e2f5e4;color:#1c6a2a}
@media print{h2.alert{page-break-before:always}})";

std::string cells(std::initializer_list<std::string> values, const char* tag = "td") {
    std::string out;
    for (const std::string& c : values)
        out += std::string("<") + tag + ">" + c + "</" + tag + ">";
    return out;
}

std::string row(std::initializer_list<std::string> values, const char* tag = "td") {
    return "<tr>" + cells(values, tag) + "</tr>\n";
}

std::string mitre(const nlohmann::ordered_json& threat) {
    std::vector<std::string> items;
    for (const auto& t : threat) {
        if (!t.is_object()) continue;
        std::string item;
        if (t.contains("tactic") && t["tactic"].is_object())
            item = t["tactic"].value("name", "") + " (" + t["tactic"].value("id", "") + ")";
        if (t.contains("technique") && t["technique"].is_array())
            for (const auto& technique : t["technique"])
                if (technique.is_object())
                    item += ": " + technique.value("name", "") + " (" + technique.value("id", "") + ")";
        if (!item.empty()) items.push_back(escapeXml(item));
    }
    return items.empty() ? "<span class=\"muted\">none given</span>" : joinText(items, "<br/>");
}

std::string conditionTree(const explain::ConditionNode& node) {
    std::string out = "<li><span class=\"" + std::string(node.held ? "held\">\u2713 " : "failed\">\u2717 ")
        + escapeXml(node.text) + "</span>";
    if (node.kind == explain::ConditionNode::Kind::Predicate && !node.fields.empty()) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < node.fields.size(); ++i) {
            const auto& actual = i < node.actual.size() ? node.actual[i] : std::vector<std::string>();
            values.push_back(node.fields[i] + " = " + (actual.empty() ? "(missing)" : joinText(actual)));
        }
        out += " <span class=\"muted\">" + escapeXml(joinText(values, "; ")) + "</span>";
    }
    if (!node.children.empty()) {
        out += "<ul class=\"tree\">";
        for (const auto& child : node.children)
            out += conditionTree(child);
        out += "</ul>";
    }
    return out + "</li>";
}

// Places a picture under its heading: inline, or as an <img> naming it, the picture (and the
// heading, which its renderer draws with it) handed over beside the document.
std::string placePicture(
    ReportDocument& document, PictureMode mode, const std::string& name, const std::string& title, SvgPicture picture) {
    if (mode == PictureMode::InlineSvg) return "<h3>" + escapeXml(title) + "</h3>\n" + picture.svg + "\n";
    std::string img = "<p class=\"picture\"><img src=\"" + name + "\" width=\"" + std::to_string(picture.width)
        + "\" height=\"" + std::to_string(picture.height) + "\" alt=\"" + escapeXml(title) + "\"/></p>\n";
    document.pictures.push_back({name, title, std::move(picture)});
    return img;
}

std::string alertSection(
    const ReportInput& in, const explain::AlertExplanation& alert, ReportDocument& document, PictureMode mode) {
    const EventStore& store = *in.store;
    const std::string number = std::to_string(alert.alert + 1);
    // Each alert starts a page when printed (the PDF, a browser's print), not on screen.
    std::string out = "<h2 class=\"alert\" id=\"alert-" + number + "\""
        + (mode == PictureMode::Referenced ? " style=\"page-break-before: always\"" : "") + ">Alert " + number
        + "</h2>\n<p>";
    if (!alert.joinKeys.empty())
        out += escapeXml(joinText(alert.keyFields)) + " = <b>" + escapeXml(joinText(alert.joinKeys)) + "</b>. ";
    if (alert.stages.size() > 1) {
        out += std::to_string(alert.stages.size()) + " stages over " + std::to_string(alert.spanMs) + " ms";
        if (alert.maxspanMs) out += " (maxspan " + std::to_string(*alert.maxspanMs) + " ms)";
        out += ". ";
    }
    out += alert.replays ? "The engine replays it: every condition holds as shown.</p>\n"
                         : "<b>Not replayed by the engine.</b></p>\n";
    // A row of key fields per stage, and under it, the whole width for what is long: the command
    // line and the destination.
    out += "<h3>Stages</h3>\n<table class=\"stages\">\n"
        + row({"#", "time (UTC)", "event (_index:_id)", "host", "user", "process", "parent"}, "th");
    std::vector<EventIndex> events;
    for (std::size_t i = 0; i < alert.stages.size(); ++i) {
        const auto& stage = alert.stages[i];
        if (!stage.event) {
            out += row({std::to_string(i + 1), "", "<span class=\"muted\">![…]: no such event</span>", "", "", "", ""});
            continue;
        }
        const EventIndex e = *stage.event;
        events.push_back(e);
        const std::string id = std::string(store.strings().view(store.indexName(e))) + ":" + eventId(store, e);
        // An id or a time broken over two lines cannot be searched for or copied: they never wrap.
        out += "<tr><td>" + std::to_string(i + 1) + "</td><td class=\"nowrap\">"
            + escapeXml(formatTimestamp(store.timestampNs(e))) + "</td><td class=\"nowrap\"><code class=\"event-id\">"
            + escapeXml(id) + "</code></td>"
            + cells({escapeXml(store.firstText(e, "host.name")), escapeXml(store.firstText(e, "user.name")),
                escapeXml(store.firstText(e, "process.name")), escapeXml(store.firstText(e, "process.parent.name"))})
            + "</tr>\n";
        std::string detail;
        if (const std::string line = store.firstText(e, "process.command_line"); !line.empty())
            detail += "<span class=\"muted\">command line</span> <code>" + escapeXml(line) + "</code>";
        if (const std::string destination = story::destinationText(store, e); !destination.empty())
            detail += std::string(detail.empty() ? "" : "<br/>") + "<span class=\"muted\">destination</span> "
                + escapeXml(destination);
        if (!detail.empty()) out += "<tr><td></td><td colspan=\"6\">" + detail + "</td></tr>\n";
    }
    out += "</table>\n";
    if (!events.empty())
        out += placePicture(document, mode, "lanes-" + number + ".svg", "The alert's window",
            alertLanesSvg(store, events, alert.keyFields));
    if (in.tree) {
        const graph::AttackGraph graph = graph::buildAttackGraph(store, *in.tree, events, events);
        if (!graph.nodes.empty())
            out += placePicture(document, mode, "graph-" + number + ".svg", "Attack graph", attackGraphSvg(graph));
    }
    out += "<h3>Why it fired</h3>\n";
    for (std::size_t i = 0; i < alert.stages.size(); ++i) {
        if (!alert.stages[i].event) continue;
        out += "<p>Stage " + std::to_string(i + 1) + ":</p><ul class=\"tree\">"
            + conditionTree(alert.stages[i].conditions) + "</ul>\n";
    }
    return out;
}

std::string tunedSection(const ReportInput& in) {
    if (in.originalLabel.empty()) return {};
    std::string out = "<h2>Tuned from " + escapeXml(in.originalLabel) + "</h2>\n";
    if (!in.settingChanges.empty()) {
        out += "<table>\n" + row({"setting", escapeXml(in.originalLabel), "tuned"}, "th");
        for (const auto& change : in.settingChanges)
            out += row({escapeXml(change.setting), escapeXml(change.before), escapeXml(change.after)});
        out += "</table>\n";
    }
    const bool queryChanged = std::any_of(in.queryDiff.begin(), in.queryDiff.end(),
        [](const DiffLine& line) { return line.kind != DiffLine::Kind::Same; });
    if (!queryChanged) return out + "<p>The query is the same.</p>\n";
    out += "<p>The query (both printed the same way, so only what tuning changed differs):</p>\n<pre class=\"diff\">";
    for (const DiffLine& line : in.queryDiff) {
        switch (line.kind) {
        case DiffLine::Kind::Same:
            out += "  " + escapeXml(line.text) + "\n";
            break;
        case DiffLine::Kind::Removed:
            out += "<span class=\"removed\">- " + escapeXml(line.text) + "</span>\n";
            break;
        case DiffLine::Kind::Added:
            out += "<span class=\"added\">+ " + escapeXml(line.text) + "</span>\n";
            break;
        }
    }
    return out + "</pre>\n";
}

std::string exceptionsSection(const ReportInput& in) {
    std::string out = "<h2>Exceptions</h2>\n";
    if (in.exceptionEffects.empty()) return out + "<p>No exception list was applied.</p>\n";
    out += "<p>Without exceptions the rule finds " + std::to_string(in.alertsWithoutExceptions) + " "
        + (in.alertsWithoutExceptions == 1 ? "alert" : "alerts") + "; with them " + std::to_string(in.totalAlerts)
        + ". An item or list suppresses an alert when it removes one of the alert's events (Kibana removes them "
          "before sequences are matched).</p>\n<table>\n"
        + row({"exception list / item", "events removed", "alerts it suppresses on its own"}, "th");
    for (const auto& list : in.exceptionEffects) {
        std::string label = "<b>" + escapeXml(list.label) + "</b> (" + std::to_string(list.items)
            + (list.items == 1 ? " item" : " items");
        if (list.inactive) label += ", " + std::to_string(list.inactive) + " switched off or expired";
        out += row({label + ")", std::to_string(list.events), std::to_string(list.alerts)});
        for (const auto& item : list.itemEffects)
            out += row({"\u2003" + escapeXml(item.name), std::to_string(item.events), std::to_string(item.alerts)});
    }
    out += "</table>\n";
    for (const std::string& warning : in.exceptionWarnings)
        out += "<p class=\"muted\">Note: " + escapeXml(warning) + "</p>\n";
    return out;
}
} // namespace

std::string alertReportHtml(const ReportInput& in) {
    return alertReport(in, PictureMode::InlineSvg).html;
}

ReportDocument alertReport(const ReportInput& in, PictureMode mode) {
    ReportDocument document;
    const rules::DetectionRule& rule = in.rule;
    std::string out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                      "<meta charset=\"utf-8\"/>\n<title>"
        + escapeXml(rule.name.empty() ? std::string("EQL query") : rule.name) + " \u2014 alert report</title>\n<style>"
        + (mode == PictureMode::InlineSvg ? ScreenBody : PaperBody) + Style + "</style>\n</head>\n<body>\n";
    out += "<h1>" + escapeXml(rule.name.empty() ? std::string("EQL query") : rule.name) + "</h1>\n<p class=\"muted\">"
        + (rule.version ? "version " + std::to_string(*rule.version) + " · " : std::string()) + "severity "
        + escapeXml(rule.severity) + " · risk score " + std::to_string(rule.riskScore) + " · "
        + std::to_string(in.totalAlerts) + (in.totalAlerts == 1 ? " alert" : " alerts") + " in the capture</p>\n";
    if (!rule.description.empty()) out += "<p>" + escapeXml(rule.description) + "</p>\n";
    out += "<h2>Rule</h2>\n<pre class=\"query\">" + escapeXml(rule.query) + "</pre>\n<table>\n";
    out += row({"runs every", escapeXml(rule.interval)});
    out += row({"looks back", escapeXml(rule.from) + " to " + escapeXml(rule.to)});
    out += row({"max alerts a run", std::to_string(rule.maxSignals)});
    out += row({"indices", escapeXml(joinText(rule.index))});
    out += row({"MITRE ATT&amp;CK", mitre(rule.threat)});
    out += "</table>\n" + tunedSection(in) + exceptionsSection(in) + "<h2>Capture</h2>\n<table>\n";
    out += row({"files", escapeXml(joinText(in.files, "; "))});
    out += row({"events", std::to_string(in.summary.events)});
    if (in.summary.firstNs)
        out += row({"time range",
            escapeXml(formatTimestamp(*in.summary.firstNs)) + " .. " + escapeXml(formatTimestamp(*in.summary.lastNs))
                + " (UTC)"});
    auto entities = [](const std::vector<CaptureSummary::Entity>& list) {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < list.size() && i < 12; ++i)
            names.push_back(
                list[i].name.value_or(list[i].id.value_or("-")) + " (" + std::to_string(list[i].events) + ")");
        if (list.size() > 12) names.push_back("… " + std::to_string(list.size() - 12) + " more");
        return names;
    };
    out += row({"hosts", escapeXml(joinText(entities(in.summary.hosts)))});
    out += row({"users", escapeXml(joinText(entities(in.summary.users)))});
    out += "</table>\n";
    for (const std::string& note : in.notes)
        out += "<p class=\"muted\">Note: " + escapeXml(note) + "</p>\n";
    if (in.alerts.empty()) out += "<h2>No alert</h2>\n<p>The rule finds nothing in this capture.</p>\n";
    for (const auto& alert : in.alerts)
        out += alertSection(in, alert, document, mode);
    document.html = out + "</body>\n</html>\n";
    return document;
}

} // namespace wb::report
