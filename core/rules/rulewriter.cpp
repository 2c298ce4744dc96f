// SPDX-License-Identifier: Apache-2.0
#include "rules/rulewriter.h"

#include "exceptions/exceptionio.h"

#include <sstream>
#include <toml++/toml.h>

namespace wb::rules {

namespace {
using ojson = nlohmann::ordered_json;

// Byte offset of a toml++ position (1-based line, 1-based column in code points).
std::size_t offsetOf(const std::string& text, int line, int column) {
    std::size_t pos = 0;
    for (int l = 1; l < line; ++l) {
        pos = text.find('\n', pos);
        if (pos == std::string::npos) return text.size();
        ++pos;
    }
    for (int c = 1; c < column && pos < text.size() && text[pos] != '\n'; ++c) {
        ++pos;
        while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80)
            ++pos;
    }
    return pos;
}

// A TOML string holding the query: a literal multi-line string, as detection-rules writes
// queries, unless the query itself contains ''' (then a basic string with escapes).
std::string tomlQueryLiteral(const std::string& query) {
    if (query.find("'''") == std::string::npos) {
        std::string body = query;
        while (!body.empty() && (body.back() == '\n' || body.back() == '\r'))
            body.pop_back();
        return "'''\n" + body + "\n'''";
    }
    std::ostringstream out;
    out << toml::value<std::string>(query);
    return out.str();
}

ojson exceptionRefs(const ojson& existing, const exceptions::ExceptionSet& lists) {
    ojson refs = existing.is_array() ? existing : ojson::array();
    for (const auto& list : lists.lists) {
        bool present = false;
        for (const auto& r : refs)
            present = present || (r.is_object() && r.value("list_id", "") == list.listId);
        if (!present)
            refs.push_back({{"id", list.listId}, {"list_id", list.listId}, {"namespace_type", list.namespaceType},
                {"type", list.type}});
    }
    return refs;
}

bool queryChanged(const DetectionRule& rule, const std::string& query) {
    return query != rule.query;
}

// JSON to TOML, for rules that were not read from TOML (nulls are left out: TOML has none).
toml::array jsonArray(const ojson& a);
toml::table jsonTable(const ojson& o);
template <class Add> void addJson(const ojson& j, Add&& add) {
    if (j.is_object())
        add(jsonTable(j));
    else if (j.is_array())
        add(jsonArray(j));
    else if (j.is_string())
        add(j.get<std::string>());
    else if (j.is_boolean())
        add(j.get<bool>());
    else if (j.is_number_integer())
        add(j.get<std::int64_t>());
    else if (j.is_number())
        add(j.get<double>());
}
toml::table jsonTable(const ojson& o) {
    toml::table t;
    for (auto it = o.begin(); it != o.end(); ++it)
        addJson(it.value(), [&](auto&& v) { t.insert(it.key(), std::forward<decltype(v)>(v)); });
    return t;
}
toml::array jsonArray(const ojson& a) {
    toml::array out;
    for (const auto& v : a)
        addJson(v, [&](auto&& x) { out.push_back(std::forward<decltype(x)>(x)); });
    return out;
}
} // namespace

std::string toDetectionRulesToml(const DetectionRule& rule, const std::string& query, const std::string& today) {
    if (rule.format == RuleFormat::DetectionRulesToml && !rule.sourceText.empty()) {
        if (!queryChanged(rule, query)) return rule.sourceText;
        try {
            const toml::table root = toml::parse(rule.sourceText, rule.file);
            if (const toml::node* node = root["rule"]["query"].node()) {
                const auto& region = node->source();
                const std::size_t begin = offsetOf(rule.sourceText, int(region.begin.line), int(region.begin.column));
                const std::size_t end = offsetOf(rule.sourceText, int(region.end.line), int(region.end.column));
                if (begin < end && end <= rule.sourceText.size())
                    return rule.sourceText.substr(0, begin) + tomlQueryLiteral(query) + rule.sourceText.substr(end);
            }
        } catch (const toml::parse_error&) { }
    }
    // Another source: the rule's fields as read, in a detection-rules layout.
    ojson fields = rule.original.is_object() ? rule.original : rule.toJson();
    for (const char* key : {"id", "created_at", "created_by", "updated_at", "updated_by", "immutable",
             "execution_summary", "revision", "related_integrations", "required_fields", "setup", "enabled", "version",
             "output_index", "meta", "rule_source", "supported", "unsupported_reason", "source"})
        if (!rule.original.is_object() || std::string(key) != "setup") fields.erase(key);
    fields["query"] = query;
    if (!fields.contains("rule_id")) fields["rule_id"] = rule.ruleId;
    if (!fields.contains("name")) fields["name"] = rule.name;
    if (!fields.contains("type")) fields["type"] = rule.type;
    if (!fields.contains("language")) fields["language"] = rule.language;
    toml::table root;
    toml::table metadata{{"creation_date", today}, {"maturity", "development"}, {"updated_date", today}};
    if (rule.metadata.is_object()) metadata = jsonTable(rule.metadata);
    root.insert("metadata", std::move(metadata));
    root.insert("rule", jsonTable(fields));
    std::ostringstream out;
    out << root << "\n";
    return out.str();
}

std::string toKibanaRuleJson(
    const DetectionRule& rule, const std::string& query, const exceptions::ExceptionSet& lists) {
    ojson o = rule.original.is_object() && !rule.original.empty() ? rule.original : rule.toJson();
    if (rule.format == RuleFormat::Eql || !rule.original.is_object() || rule.original.empty()) {
        for (const char* key : {"supported", "unsupported_reason", "source"})
            o.erase(key);
    }
    if (queryChanged(rule, query)) {
        o["query"] = query;
        if (o.contains("version") && o["version"].is_number_integer()) o["version"] = o["version"].get<int>() + 1;
    }
    if (!lists.lists.empty()) o["exceptions_list"] = exceptionRefs(o.value("exceptions_list", ojson::array()), lists);
    return o.dump(
        -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace); // text from files: never throws on bad UTF-8
}

std::string toKibanaNdjson(const DetectionRule& rule, const std::string& query, const exceptions::ExceptionSet& lists) {
    std::string out = toKibanaRuleJson(rule, query, lists) + "\n" + exceptions::toKibanaNdjson(lists, false);
    const std::size_t items = lists.itemCount();
    out += ojson{{"exported_count", 1 + lists.lists.size() + items}, {"exported_rules_count", 1},
               {"missing_rules", ojson::array()}, {"missing_rules_count", 0},
               {"exported_exception_list_count", lists.lists.size()}, {"exported_exception_list_item_count", items},
               {"missing_exception_list_item_count", 0}, {"missing_exception_list_items", ojson::array()},
               {"missing_exception_lists", ojson::array()}, {"missing_exception_lists_count", 0}}
               .dump()
        + "\n";
    return out;
}

} // namespace wb::rules
