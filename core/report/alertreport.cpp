// SPDX-License-Identifier: Apache-2.0
#include "alertreport.h"

#include "graph/attackgraph.h"
#include "graphsvg.h"
#include "output/resultwriter.h"
#include "story/eventstory.h"
#include "util/timestamp.h"
#include "util/xmlescape.h"

namespace wb::report {

namespace {
const char* const Style = R"(body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin-bottom:6px}table{border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;font-size:13px}
th{background:#f3f3f3}pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;white-space:pre-wrap}
.held{color:#1e7e34}.failed{color:#c0392b}.muted{color:#666}ul.tree{list-style:none;padding-left:18px;font-size:13px}
.graph{border:1px solid #ddd;background:#fff;max-width:100%;height:auto})";

std::string row(std::initializer_list<std::string> cells, const char* tag = "td") {
    std::string out = "<tr>";
    for (const std::string& c : cells)
        out += std::string("<") + tag + ">" + c + "</" + tag + ">";
    return out + "</tr>\n";
}

std::string joined(const std::vector<std::string>& values, const char* separator = ", ") {
    std::string out;
    for (const std::string& v : values)
        out += (out.empty() ? "" : separator) + v;
    return out;
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
    return items.empty() ? "<span class=\"muted\">none given</span>" : joined(items, "<br/>");
}

std::string conditionTree(const explain::ConditionNode& node) {
    std::string out = "<li><span class=\"" + std::string(node.held ? "held\">\u2713 " : "failed\">\u2717 ")
        + escapeXml(node.text) + "</span>";
    if (node.kind == explain::ConditionNode::Kind::Predicate && !node.fields.empty()) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < node.fields.size(); ++i) {
            const auto& actual = i < node.actual.size() ? node.actual[i] : std::vector<std::string>();
            values.push_back(node.fields[i] + " = " + (actual.empty() ? "(missing)" : joined(actual)));
        }
        out += " <span class=\"muted\">" + escapeXml(joined(values, "; ")) + "</span>";
    }
    if (!node.children.empty()) {
        out += "<ul class=\"tree\">";
        for (const auto& child : node.children)
            out += conditionTree(child);
        out += "</ul>";
    }
    return out + "</li>";
}

std::string alertSection(const ReportInput& in, const explain::AlertExplanation& alert) {
    const EventStore& store = *in.store;
    std::string out = "<h2 id=\"alert-" + std::to_string(alert.alert + 1) + "\">Alert "
        + std::to_string(alert.alert + 1) + "</h2>\n<p>";
    if (!alert.joinKeys.empty())
        out += escapeXml(joined(alert.keyFields)) + " = <b>" + escapeXml(joined(alert.joinKeys)) + "</b>. ";
    if (alert.stages.size() > 1) {
        out += std::to_string(alert.stages.size()) + " stages over " + std::to_string(alert.spanMs) + " ms";
        if (alert.maxspanMs) out += " (maxspan " + std::to_string(*alert.maxspanMs) + " ms)";
        out += ". ";
    }
    out += alert.replays ? "The engine replays it: every condition holds as shown.</p>\n"
                         : "<b>Not replayed by the engine.</b></p>\n";
    out += "<h3>Stages</h3>\n<table>\n"
        + row({"#", "time (UTC)", "event", "host", "user", "process", "parent", "command line", "destination"}, "th");
    std::vector<EventIndex> events;
    for (std::size_t i = 0; i < alert.stages.size(); ++i) {
        const auto& stage = alert.stages[i];
        if (!stage.event) {
            out += row({std::to_string(i + 1), "", "<span class=\"muted\">![…]: no such event</span>", "", "", "", "",
                "", ""});
            continue;
        }
        const EventIndex e = *stage.event;
        events.push_back(e);
        const std::string destination = story::destinationText(store, e);
        const std::string id = std::string(store.strings().view(store.indexName(e))) + ":" + eventId(store, e);
        out += row({std::to_string(i + 1), escapeXml(formatTimestamp(store.timestampNs(e))),
            "<code class=\"event-id\">" + escapeXml(id) + "</code>", escapeXml(store.firstText(e, "host.name")),
            escapeXml(store.firstText(e, "user.name")), escapeXml(store.firstText(e, "process.name")),
            escapeXml(store.firstText(e, "process.parent.name")), escapeXml(store.firstText(e, "process.command_line")),
            escapeXml(destination)});
    }
    out += "</table>\n";
    if (in.tree) {
        const graph::AttackGraph graph = graph::buildAttackGraph(store, *in.tree, events, events);
        if (!graph.nodes.empty()) out += "<h3>Attack graph</h3>\n" + attackGraphSvg(graph) + "\n";
    }
    out += "<h3>Why it fired</h3>\n";
    for (std::size_t i = 0; i < alert.stages.size(); ++i) {
        if (!alert.stages[i].event) continue;
        out += "<p>Stage " + std::to_string(i + 1) + ":</p><ul class=\"tree\">"
            + conditionTree(alert.stages[i].conditions) + "</ul>\n";
    }
    return out;
}
} // namespace

std::string alertReportHtml(const ReportInput& in) {
    const rules::DetectionRule& rule = in.rule;
    std::string out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                      "<meta charset=\"utf-8\"/>\n<title>"
        + escapeXml(rule.name.empty() ? std::string("EQL query") : rule.name) + " \u2014 alert report</title>\n<style>"
        + Style + "</style>\n</head>\n<body>\n";
    out += "<h1>" + escapeXml(rule.name.empty() ? std::string("EQL query") : rule.name) + "</h1>\n<p class=\"muted\">"
        + (rule.version ? "version " + std::to_string(*rule.version) + " · " : std::string()) + "severity "
        + escapeXml(rule.severity) + " · risk score " + std::to_string(rule.riskScore) + " · "
        + std::to_string(in.totalAlerts) + (in.totalAlerts == 1 ? " alert" : " alerts") + " in the capture</p>\n";
    if (!rule.description.empty()) out += "<p>" + escapeXml(rule.description) + "</p>\n";
    out += "<h2>Rule</h2>\n<pre class=\"query\">" + escapeXml(rule.query) + "</pre>\n<table>\n";
    out += row({"runs every", escapeXml(rule.interval)});
    out += row({"looks back", escapeXml(rule.from) + " to " + escapeXml(rule.to)});
    out += row({"max alerts a run", std::to_string(rule.maxSignals)});
    out += row({"indices", escapeXml(joined(rule.index))});
    out += row({"MITRE ATT&amp;CK", mitre(rule.threat)});
    out += row({"exception lists",
        in.exceptionLists.empty() ? std::string("<span class=\"muted\">none</span>")
                                  : escapeXml(joined(in.exceptionLists, "; "))});
    out += "</table>\n<h2>Capture</h2>\n<table>\n";
    out += row({"files", escapeXml(joined(in.files, "; "))});
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
    out += row({"hosts", escapeXml(joined(entities(in.summary.hosts)))});
    out += row({"users", escapeXml(joined(entities(in.summary.users)))});
    out += "</table>\n";
    for (const std::string& note : in.notes)
        out += "<p class=\"muted\">Note: " + escapeXml(note) + "</p>\n";
    if (in.alerts.empty()) out += "<h2>No alert</h2>\n<p>The rule finds nothing in this capture.</p>\n";
    for (const auto& alert : in.alerts)
        out += alertSection(in, alert);
    return out + "</body>\n</html>\n";
}

} // namespace wb::report
