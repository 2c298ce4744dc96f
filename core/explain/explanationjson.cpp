// SPDX-License-Identifier: Apache-2.0
#include "explain/explanationjson.h"

#include "eql/printer.h"
#include "output/resultwriter.h"
#include "util/textjoin.h"
#include "util/timestamp.h"

namespace wb::explain {

namespace {
std::string eventLabel(const EventStore& store, EventIndex e) {
    const std::string name = store.firstText(e, store.fields().find("process.name"));
    return formatTimestampMillis(store.timestampNs(e)) + " " + std::string(store.strings().view(store.indexName(e)))
        + "/" + eventId(store, e) + (name.empty() ? "" : " (" + name + ")");
}
} // namespace

nlohmann::ordered_json eventJson(const EventStore& store, EventIndex e) {
    return {{"_index", std::string(store.strings().view(store.indexName(e)))}, {"_id", eventId(store, e)},
        {"@timestamp", formatTimestampMillis(store.timestampNs(e))}};
}

nlohmann::ordered_json conditionJson(const ConditionNode& node) {
    nlohmann::ordered_json o = {{"kind", kindName(node.kind)}, {"text", node.text}, {"held", node.held}};
    if (!node.fields.empty()) {
        o["fields"] = node.fields;
        o["actual"] = node.actual;
    }
    if (!node.expected.empty()) o["expected"] = node.expected;
    if (!node.note.empty()) o["note"] = node.note;
    if (node.fix) o["fix"] = {{"text", node.fixText}, {"condition", eql::toEql(*node.fix)}};
    if (!node.children.empty()) {
        o["children"] = nlohmann::ordered_json::array();
        for (const auto& c : node.children)
            o["children"].push_back(conditionJson(c));
    }
    return o;
}

nlohmann::ordered_json alertJson(const EventStore& store, const AlertExplanation& alert) {
    nlohmann::ordered_json stages = nlohmann::ordered_json::array();
    for (const auto& s : alert.stages) {
        if (!s.event) {
            stages.push_back({{"event", nullptr}, {"missing_stage", true}});
            continue;
        }
        stages.push_back(
            {{"event", eventJson(store, *s.event)}, {"keys", s.keys}, {"conditions", conditionJson(s.conditions)}});
    }
    nlohmann::ordered_json o = {{"alert", alert.alert + 1}, {"stages", stages}, {"join_keys", alert.joinKeys},
        {"key_fields", alert.keyFields}, {"span_ms", alert.spanMs},
        {"maxspan_ms", alert.maxspanMs ? nlohmann::ordered_json(*alert.maxspanMs) : nlohmann::ordered_json()},
        {"replays", alert.replays}};
    return o;
}

nlohmann::ordered_json nearMissJson(const EventStore& store, const NearMiss& miss) {
    nlohmann::ordered_json stages = nlohmann::ordered_json::array();
    for (const auto& e : miss.stages)
        stages.push_back({{"event", e ? eventJson(store, *e) : nlohmann::ordered_json()}});
    const NearMissReason& r = miss.reason;
    nlohmann::ordered_json reason = {{"code", r.code}, {"stage", r.stage}, {"field", r.field}, {"actual", r.actual},
        {"expected", r.expected}, {"detail", r.detail},
        {"hint",
            r.hint.kind == Hint::Kind::None
                ? nlohmann::ordered_json()
                : nlohmann::ordered_json{{"text", r.hint.text}, {"verified", r.hint.verified}}}};
    nlohmann::ordered_json o
        = {{"join_keys", miss.joinKeys}, {"reached_stage", miss.reachedStage}, {"stages", stages}, {"reason", reason}};
    if (miss.candidate) o["candidate"] = eventJson(store, *miss.candidate);
    if (!miss.closest.empty()) {
        o["closest"] = nlohmann::ordered_json::array();
        for (const auto& c : miss.closest)
            o["closest"].push_back({{"event", eventJson(store, c.event)}, {"failing", c.conditions.failing},
                {"conditions", conditionJson(c.conditions)}});
    }
    return o;
}

std::string conditionText(const ConditionNode& node, int indent) {
    std::string out = std::string(std::size_t(indent), ' ') + (node.held ? "✓ " : "✗ ") + node.text;
    if (node.kind == ConditionNode::Kind::Predicate || node.kind == ConditionNode::Kind::Category) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < node.fields.size(); ++i)
            values.push_back(node.fields[i] + "="
                + (i < node.actual.size() && !node.actual[i].empty() ? joinText(node.actual[i]) : "(missing)"));
        if (!values.empty()) out += "   [" + joinText(values) + "]";
        if (!node.note.empty()) out += "   " + node.note;
    }
    out += "\n";
    for (const auto& c : node.children)
        out += conditionText(c, indent + 2);
    return out;
}

std::string alertText(const EventStore& store, const AlertExplanation& alert) {
    std::string out = "Alert " + std::to_string(alert.alert + 1);
    if (!alert.joinKeys.empty()) out += " (" + joinText(alert.keyFields) + " = " + joinText(alert.joinKeys) + ")";
    out += ": " + std::to_string(alert.stages.size()) + " stage" + (alert.stages.size() == 1 ? "" : "s");
    if (alert.stages.size() > 1) {
        out += " over " + std::to_string(alert.spanMs) + " ms";
        if (alert.maxspanMs) out += " (maxspan " + std::to_string(*alert.maxspanMs) + " ms)";
    }
    out += alert.replays ? "; every condition holds as shown.\n" : "; NOT replayed by the engine.\n";
    for (std::size_t i = 0; i < alert.stages.size(); ++i) {
        const auto& s = alert.stages[i];
        if (!s.event) {
            out += "  stage " + std::to_string(i + 1) + ": ![…] no such event\n";
            continue;
        }
        out += "  stage " + std::to_string(i + 1) + ": " + eventLabel(store, *s.event) + "\n";
        out += conditionText(s.conditions, 4);
    }
    return out;
}

std::string nearMissText(const EventStore& store, const NearMiss& miss) {
    const NearMissReason& r = miss.reason;
    std::string out = "Near miss";
    if (!miss.joinKeys.empty()) out += " for " + joinText(miss.joinKeys);
    out += ": reached " + std::to_string(miss.reachedStage) + " of " + std::to_string(miss.stages.size()) + " stage"
        + (miss.stages.size() == 1 ? "" : "s") + ", stopped at stage " + std::to_string(r.stage) + ": " + r.code + ". "
        + r.detail + ".";
    if (!r.field.empty()) out += " Field " + r.field + ": " + r.actual + ", wanted " + r.expected + ".";
    for (std::size_t i = 0; i < miss.stages.size(); ++i)
        if (miss.stages[i]) out += "\n  stage " + std::to_string(i + 1) + ": " + eventLabel(store, *miss.stages[i]);
    if (miss.candidate) out += "\n  next: " + eventLabel(store, *miss.candidate);
    if (!miss.closest.empty()) {
        out += "\n  closest event: " + eventLabel(store, miss.closest.front().event) + "\n";
        out += conditionText(miss.closest.front().conditions, 4);
        if (!out.empty() && out.back() == '\n') out.pop_back();
    }
    if (r.hint.kind != Hint::Kind::None)
        out += "\n  would fire with: " + r.hint.text
            + (r.hint.verified ? " (checked by re-running)" : " (not confirmed)");
    return out + "\n";
}

} // namespace wb::explain
