// SPDX-License-Identifier: Apache-2.0
#include "ruleexport.h"

#include "exceptions/exceptionio.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <toml++/toml.h>

namespace wb::ruleexport {

namespace {
using json = nlohmann::json;

json exceptionsList(const TunedRule& rule) {
    json refs = json::array();
    for (const auto& list : rule.exceptions.lists)
        refs.push_back({{"id", list.listId}, {"list_id", list.listId}, {"namespace_type", list.namespaceType},
            {"type", list.type}});
    return refs;
}

json threat(const rules::RuleVersion& v) {
    json out = json::array();
    for (const auto& t : v.mitre) {
        json entry = {{"framework", "MITRE ATT&CK"},
            {"tactic",
                {{"id", t.tacticId}, {"name", t.tacticName},
                    {"reference", "https://attack.mitre.org/tactics/" + t.tacticId + "/"}}},
            {"technique",
                json::array({{{"id", t.techniqueId}, {"name", t.techniqueName},
                    {"reference", "https://attack.mitre.org/techniques/" + t.techniqueId + "/"}}})}};
        out.push_back(entry);
    }
    return out;
}

// One item as Kibana's build_exception_filter turns it into a query clause.
json entryClause(const exceptions::ExceptionEntry& e, const std::string& prefix) {
    using T = exceptions::ExceptionEntry::Type;
    const std::string field = prefix.empty() ? e.field : prefix + "." + e.field;
    json clause;
    switch (e.type) {
    case T::Match:
        clause = {{"match_phrase", {{field, e.value}}}};
        break;
    case T::MatchAny: {
        json should = json::array();
        for (const auto& v : e.values)
            should.push_back({{"match_phrase", {{field, v}}}});
        clause = {{"bool", {{"should", should}, {"minimum_should_match", 1}}}};
        break;
    }
    case T::Wildcard:
        clause = {{"wildcard", {{field, e.value}}}};
        break;
    case T::Exists:
        clause = {{"exists", {{"field", field}}}};
        break;
    case T::List:
        clause = {{"terms", {{field, {{"index", ".items-" + e.listType}, {"id", e.listId}}}}}};
        break;
    case T::Nested: {
        json filter = json::array();
        for (const auto& sub : e.entries)
            filter.push_back(entryClause(sub, field));
        return {{"nested", {{"path", field}, {"query", {{"bool", {{"filter", filter}}}}}, {"score_mode", "none"}}}};
    }
    }
    if (e.excluded) return {{"bool", {{"must_not", clause}}}};
    return clause;
}

json itemClause(const exceptions::ExceptionItem& item) {
    json filter = json::array();
    if (!item.osTypes.empty()) {
        json should = json::array();
        for (const auto& os : item.osTypes) {
            should.push_back({{"match_phrase", {{"host.os.type", os}}}});
            should.push_back({{"match_phrase", {{"host.os.name.caseless", os}}}});
        }
        filter.push_back({{"bool", {{"should", should}, {"minimum_should_match", 1}}}});
    }
    for (const auto& e : item.entries)
        filter.push_back(entryClause(e, ""));
    return {{"bool", {{"filter", filter}}}};
}

json requestBody(const TunedRule& rule, const std::string& from, const std::string& to) {
    json filters = json::array();
    filters.push_back(
        {{"range", {{"@timestamp", {{"gte", from}, {"lte", to}, {"format", "strict_date_optional_time"}}}}}});
    json items = json::array();
    for (const auto& list : rule.exceptions.lists)
        for (const auto& item : list.items)
            if (item.enabled) items.push_back(itemClause(item));
    if (!items.empty()) filters.push_back({{"bool", {{"must_not", {{"bool", {{"should", items}}}}}}}});
    return {{"size", rule.base.maxSignals}, {"query", rule.query}, {"filter", {{"bool", {{"filter", filters}}}}},
        {"fields",
            json::array({{{"field", "*"}, {"include_unmapped", true}},
                {{"field", "@timestamp"}, {"format", "strict_date_optional_time"}}})},
        {"allow_partial_search_results", true}};
}
} // namespace

std::string kibanaRuleNdjson(const TunedRule& rule) {
    const rules::RuleVersion& v = rule.base;
    json r = json::object();
    r["rule_id"] = rule.ruleId;
    r["name"] = v.name;
    r["description"] = "Tuned in EQL Workbench from " + v.name + " " + v.label + ".";
    r["risk_score"] = v.riskScore;
    r["severity"] = v.severity;
    r["type"] = "eql";
    r["language"] = "eql";
    r["index"] = v.index;
    r["query"] = rule.query;
    r["from"] = v.from;
    r["interval"] = v.interval;
    r["max_signals"] = v.maxSignals;
    r["enabled"] = false;
    r["version"] = 1;
    r["tags"] = rule.tags;
    r["threat"] = threat(v);
    r["exceptions_list"] = exceptionsList(rule);
    std::string out = r.dump() + "\n" + exceptions::toKibanaNdjson(rule.exceptions, false);
    const std::size_t items = rule.exceptions.itemCount();
    out += json{{"exported_count", 1 + rule.exceptions.lists.size() + items}, {"exported_rules_count", 1},
               {"missing_rules", json::array()}, {"missing_rules_count", 0},
               {"exported_exception_list_count", rule.exceptions.lists.size()},
               {"exported_exception_list_item_count", items}, {"missing_exception_list_item_count", 0},
               {"missing_exception_list_items", json::array()}, {"missing_exception_lists", json::array()},
               {"missing_exception_lists_count", 0}}
               .dump()
        + "\n";
    return out;
}

std::string detectionRulesToml(const TunedRule& rule, const std::string& date) {
    const rules::RuleVersion& v = rule.base;
    toml::array index, tags, refs, threats;
    for (const auto& i : v.index)
        index.push_back(i);
    for (const auto& t : rule.tags)
        tags.push_back(t);
    for (const auto& list : rule.exceptions.lists)
        refs.push_back(toml::table{{"id", list.listId}, {"list_id", list.listId},
            {"namespace_type", list.namespaceType}, {"type", list.type}});
    for (const auto& t : v.mitre)
        threats.push_back(toml::table{{"framework", "MITRE ATT&CK"},
            {"tactic",
                toml::table{{"id", t.tacticId}, {"name", t.tacticName},
                    {"reference", "https://attack.mitre.org/tactics/" + t.tacticId + "/"}}},
            {"technique",
                toml::array{toml::table{{"id", t.techniqueId}, {"name", t.techniqueName},
                    {"reference", "https://attack.mitre.org/techniques/" + t.techniqueId + "/"}}}}});
    toml::table ruleTable{{"author", toml::array{"Elastic", "EQL Workbench"}},
        {"description", "Tuned in EQL Workbench from " + v.name + " " + v.label + "."}, {"from", v.from},
        {"index", index}, {"interval", v.interval}, {"language", "eql"}, {"license", "Elastic License v2"},
        {"max_signals", v.maxSignals}, {"name", v.name}, {"risk_score", v.riskScore}, {"rule_id", rule.ruleId},
        {"severity", v.severity}, {"tags", tags}, {"type", "eql"}, {"query", rule.query}};
    if (!refs.empty()) ruleTable.insert("exceptions_list", refs);
    ruleTable.insert("threat", threats);
    toml::table root{{"metadata",
                         toml::table{{"creation_date", date}, {"integration", toml::array{"endpoint"}},
                             {"maturity", "development"}, {"updated_date", date}}},
        {"rule", ruleTable}};
    std::ostringstream out;
    out << toml::toml_formatter(root);
    return out.str() + "\n";
}

std::string eqlSearchRequest(const TunedRule& rule, const std::string& fromIso, const std::string& toIso) {
    return requestBody(rule, fromIso, toIso).dump(2) + "\n";
}

std::string curlCommand(const TunedRule& rule, const std::string& fromIso, const std::string& toIso) {
    std::string index;
    for (const auto& i : rule.base.index)
        index += (index.empty() ? "" : ",") + i;
    return "curl -sS -u \"$ES_USER:$ES_PASSWORD\" -H 'Content-Type: application/json' \\\n  -X POST \"$ES_URL/" + index
        + "/_eql/search\" --data-binary @- <<'EQLWB_REQUEST'\n" + requestBody(rule, fromIso, toIso).dump(2)
        + "\nEQLWB_REQUEST\n";
}

ImportedRule parseKibanaRuleNdjson(const std::string& text) {
    ImportedRule out;
    std::string lists;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const json o = json::parse(line);
        if (o.contains("rule_id") && o.contains("query")) {
            out.ruleId = o["rule_id"];
            out.name = o.value("name", "");
            out.query = o["query"];
            for (const auto& ref : o.value("exceptions_list", json::array()))
                out.referencedLists.push_back(ref.value("list_id", ""));
        } else if (!o.contains("exported_count")) {
            lists += line + "\n";
        }
    }
    if (!lists.empty()) out.exceptions = exceptions::parseKibanaNdjson(lists, "rule export").set;
    return out;
}

} // namespace wb::ruleexport
