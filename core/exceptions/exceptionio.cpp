// SPDX-License-Identifier: Apache-2.0
#include "exceptionio.h"

#include "util/timestamp.h"
#include "util/tomlguard.h"
#include "util/tomljson.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace wb::exceptions {

namespace {
using json = nlohmann::json;

const std::set<std::string> ContainerKeys
    = {"description", "name", "type", "list_id", "id", "immutable", "meta", "namespace_type", "os_types", "tags",
        "created_at", "created_by", "updated_at", "updated_by", "_version", "tie_breaker_id", "version"};
const std::set<std::string> ItemKeys = {"description", "entries", "item_id", "list_id", "name", "type", "id",
    "comments", "created_at", "created_by", "updated_at", "updated_by", "_version", "tie_breaker_id", "meta",
    "namespace_type", "os_types", "tags", "expire_time"};
const std::set<std::string> ListTypes = {"detection", "rule_default", "endpoint", "endpoint_trusted_apps",
    "endpoint_events", "endpoint_host_isolation_exceptions", "endpoint_blocklists"};
const std::set<std::string> OsTypes = {"linux", "macos", "windows"};

// Collects problems for one object, all with the object's place.
struct Checker {
    const std::string& file;
    std::uint64_t line;
    std::vector<ExceptionIssue>& issues;
    bool failed = false;
    void fail(const std::string& message) {
        issues.push_back({file, line, message});
        failed = true;
    }
    std::string requiredString(const json& o, const char* key, const std::string& what, bool nonEmpty = true) {
        if (!o.contains(key)) {
            fail(what + ": missing required key \"" + key + "\"");
            return {};
        }
        if (!o[key].is_string()) {
            fail(what + ": \"" + key + "\" must be a string");
            return {};
        }
        const std::string v = o[key];
        if (nonEmpty && v.empty()) fail(what + ": \"" + key + "\" must not be empty");
        return v;
    }
    std::vector<std::string> stringArray(const json& o, const char* key, const std::string& what) {
        std::vector<std::string> out;
        if (!o.contains(key)) return out;
        if (!o[key].is_array()) {
            fail(what + ": \"" + key + "\" must be an array of strings");
            return out;
        }
        for (const json& v : o[key]) {
            if (!v.is_string()) {
                fail(what + ": \"" + key + "\" must be an array of strings");
                return {};
            }
            out.push_back(v);
        }
        return out;
    }
    void unknownKeys(const json& o, const std::set<std::string>& allowed, const std::string& what) {
        for (const auto& [key, value] : o.items())
            if (!allowed.count(key)) fail(what + ": unknown key \"" + key + "\" (Kibana's import rejects it)");
    }
    std::string namespaceType(const json& o, const std::string& what) {
        if (!o.contains("namespace_type")) return "single";
        const std::string v = o["namespace_type"].is_string() ? o["namespace_type"].get<std::string>() : "";
        if (v != "single" && v != "agnostic") fail(what + ": namespace_type must be \"single\" or \"agnostic\"");
        return v;
    }
    void osTypes(const std::vector<std::string>& types, const std::string& what) {
        for (const std::string& t : types)
            if (!OsTypes.count(t)) fail(what + ": os_types value \"" + t + "\" is not one of linux, macos, windows");
    }
};

std::optional<ExceptionEntry> readEntry(const json& e, Checker& c, const std::string& where, bool inNested) {
    if (!e.is_object()) {
        c.fail(where + ": an entry must be an object");
        return std::nullopt;
    }
    ExceptionEntry entry;
    const std::string type = c.requiredString(e, "type", where);
    entry.field = c.requiredString(e, "field", where);
    std::set<std::string> allowed = {"type", "field", "operator"};
    if (type == "nested") {
        if (inNested) c.fail(where + ": nested entries cannot contain nested entries");
        entry.type = ExceptionEntry::Type::Nested;
        allowed = {"type", "field", "entries"};
        if (!e.contains("entries") || !e["entries"].is_array() || e["entries"].empty()) {
            c.fail(where + ": a nested entry needs a non-empty \"entries\" array");
        } else {
            for (std::size_t i = 0; i < e["entries"].size(); ++i) {
                const std::string sub = where + ".entries[" + std::to_string(i) + "]";
                auto child = readEntry(e["entries"][i], c, sub, true);
                if (!child) continue;
                if (child->type != ExceptionEntry::Type::Match && child->type != ExceptionEntry::Type::MatchAny
                    && child->type != ExceptionEntry::Type::Exists)
                    c.fail(sub + ": inside nested only match, match_any and exists are allowed");
                entry.entries.push_back(*child);
            }
        }
        c.unknownKeys(e, allowed, where);
        return entry;
    }
    const std::string op = c.requiredString(e, "operator", where);
    if (!op.empty() && op != "included" && op != "excluded")
        c.fail(where + ": operator must be \"included\" or \"excluded\", not \"" + op + "\"");
    entry.excluded = op == "excluded";
    if (type == "match" || type == "wildcard") {
        entry.type = type == "match" ? ExceptionEntry::Type::Match : ExceptionEntry::Type::Wildcard;
        entry.value = c.requiredString(e, "value", where);
        allowed.insert("value");
    } else if (type == "match_any") {
        entry.type = ExceptionEntry::Type::MatchAny;
        entry.values = c.stringArray(e, "value", where);
        if (!e.contains("value") || entry.values.empty())
            c.fail(where + ": match_any needs a non-empty \"value\" array");
        for (const std::string& v : entry.values)
            if (v.empty()) c.fail(where + ": match_any values must not be empty");
        allowed.insert("value");
    } else if (type == "exists") {
        entry.type = ExceptionEntry::Type::Exists;
    } else if (type == "list") {
        entry.type = ExceptionEntry::Type::List;
        allowed.insert("list");
        if (!e.contains("list") || !e["list"].is_object()) {
            c.fail(where + ": a list entry needs \"list\": {\"id\", \"type\"}");
        } else {
            entry.listId = c.requiredString(e["list"], "id", where + ".list");
            entry.listType = c.requiredString(e["list"], "type", where + ".list");
        }
    } else if (!type.empty()) {
        c.fail(where + ": unknown entry type \"" + type + "\" (match, match_any, wildcard, exists, list, nested)");
    }
    c.unknownKeys(e, allowed, where);
    return entry;
}

std::optional<ExceptionList> readContainer(const json& o, Checker& c) {
    ExceptionList list;
    const std::string what = "exception list";
    list.listId = c.requiredString(o, "list_id", what);
    list.name = c.requiredString(o, "name", what);
    list.description = c.requiredString(o, "description", what, false);
    list.type = c.requiredString(o, "type", what);
    if (!list.type.empty() && !ListTypes.count(list.type)) c.fail(what + ": unknown list type \"" + list.type + "\"");
    list.namespaceType = c.namespaceType(o, what);
    if (o.contains("immutable") && o["immutable"] != false) c.fail(what + ": immutable can only be false on import");
    list.osTypes = c.stringArray(o, "os_types", what);
    c.osTypes(list.osTypes, what);
    list.tags = c.stringArray(o, "tags", what);
    c.unknownKeys(o, ContainerKeys, what);
    return list;
}

std::optional<ExceptionItem> readItem(const json& o, Checker& c) {
    ExceptionItem item;
    const std::string what = "exception item";
    item.itemId = c.requiredString(o, "item_id", what);
    item.listId = c.requiredString(o, "list_id", what);
    item.name = c.requiredString(o, "name", what);
    item.description = c.requiredString(o, "description", what, false);
    const std::string type = c.requiredString(o, "type", what);
    if (!type.empty() && type != "simple") c.fail(what + ": type must be \"simple\", not \"" + type + "\"");
    item.namespaceType = c.namespaceType(o, what);
    if (!o.contains("entries") || !o["entries"].is_array() || o["entries"].empty()) {
        c.fail(what + ": \"entries\" must be a non-empty array");
    } else {
        for (std::size_t i = 0; i < o["entries"].size(); ++i)
            if (auto e = readEntry(o["entries"][i], c, what + " entries[" + std::to_string(i) + "]", false))
                item.entries.push_back(*e);
    }
    item.osTypes = c.stringArray(o, "os_types", what);
    c.osTypes(item.osTypes, what);
    item.tags = c.stringArray(o, "tags", what);
    if (o.contains("expire_time")) {
        if (!o["expire_time"].is_string() || !parseTimestamp(o["expire_time"].get<std::string>()))
            c.fail(what + ": expire_time must be an ISO-8601 date-time string");
        else
            item.expireTime = o["expire_time"].get<std::string>();
    }
    if (o.contains("comments")) {
        if (!o["comments"].is_array()) {
            c.fail(what + ": comments must be an array of {\"comment\": ...}");
        } else {
            for (const json& cm : o["comments"]) {
                if (!cm.is_object() || !cm.contains("comment") || !cm["comment"].is_string())
                    c.fail(what + ": every comment needs a \"comment\" string");
                else
                    item.comments.push_back(cm["comment"]);
            }
        }
    }
    c.unknownKeys(o, ItemKeys, what);
    return item;
}

// Files an object read from either format: a container, an item, or the export summary.
void addObject(const json& o, const std::string& file, std::uint64_t line, ReadResult& result,
    std::vector<std::pair<ExceptionItem, std::uint64_t>>& items) {
    Checker c{file, line, result.issues};
    if (!o.is_object()) {
        c.fail("not a JSON object");
        return;
    }
    if (o.contains("exported_exception_list_count") || o.contains("exported_count")) return; // the summary line
    if (o.contains("entries") || o.contains("item_id")) {
        auto item = readItem(o, c);
        if (item && !c.failed) items.emplace_back(std::move(*item), line);
        return;
    }
    auto list = readContainer(o, c);
    if (!list || c.failed) return;
    if (result.set.find(list->listId)) {
        c.fail("exception list \"" + list->listId + "\" appears twice");
        return;
    }
    result.set.lists.push_back(std::move(*list));
}

void attachItems(
    ReadResult& result, std::vector<std::pair<ExceptionItem, std::uint64_t>>& items, const std::string& file) {
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& [item, line] : items) {
        ExceptionList* list = result.set.find(item.listId);
        if (!list) {
            result.issues.push_back({file, line,
                "exception item \"" + item.itemId + "\" belongs to list \"" + item.listId
                    + "\", which is not in the file"});
            continue;
        }
        if (!seen.insert({item.listId, item.itemId}).second) {
            result.issues.push_back({file, line, "exception item \"" + item.itemId + "\" appears twice"});
            continue;
        }
        list->items.push_back(std::move(item));
    }
}

json entryJson(const ExceptionEntry& e) {
    json o = json::object();
    o["field"] = e.field;
    if (e.type == ExceptionEntry::Type::Nested) {
        json entries = json::array();
        for (const auto& sub : e.entries)
            entries.push_back(entryJson(sub));
        o["entries"] = entries;
        o["type"] = "nested";
        return o;
    }
    if (e.type == ExceptionEntry::Type::List) o["list"] = {{"id", e.listId}, {"type", e.listType}};
    o["operator"] = e.excluded ? "excluded" : "included";
    o["type"] = entryTypeName(e.type);
    if (e.type == ExceptionEntry::Type::Match || e.type == ExceptionEntry::Type::Wildcard) o["value"] = e.value;
    if (e.type == ExceptionEntry::Type::MatchAny) o["value"] = e.values;
    return o;
}

toml::array stringsToml(const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v)
        a.push_back(s);
    return a;
}

toml::table entryToml(const ExceptionEntry& e) {
    toml::table t;
    t.insert("field", e.field);
    if (e.type == ExceptionEntry::Type::Nested) {
        toml::array entries;
        for (const auto& sub : e.entries)
            entries.push_back(entryToml(sub));
        t.insert("entries", entries);
        t.insert("type", "nested");
        return t;
    }
    if (e.type == ExceptionEntry::Type::List) t.insert("list", toml::table{{"id", e.listId}, {"type", e.listType}});
    t.insert("operator", e.excluded ? "excluded" : "included");
    t.insert("type", entryTypeName(e.type));
    if (e.type == ExceptionEntry::Type::Match || e.type == ExceptionEntry::Type::Wildcard) t.insert("value", e.value);
    if (e.type == ExceptionEntry::Type::MatchAny) t.insert("value", stringsToml(e.values));
    return t;
}
} // namespace

std::size_t ExceptionSet::itemCount() const {
    std::size_t n = 0;
    for (const auto& l : lists)
        n += l.items.size();
    return n;
}

ExceptionList* ExceptionSet::find(const std::string& listId) {
    for (auto& l : lists)
        if (l.listId == listId) return &l;
    return nullptr;
}

const char* entryTypeName(ExceptionEntry::Type type) {
    switch (type) {
    case ExceptionEntry::Type::Match:
        return "match";
    case ExceptionEntry::Type::MatchAny:
        return "match_any";
    case ExceptionEntry::Type::Wildcard:
        return "wildcard";
    case ExceptionEntry::Type::Exists:
        return "exists";
    case ExceptionEntry::Type::List:
        return "list";
    case ExceptionEntry::Type::Nested:
        return "nested";
    }
    return "match";
}

ReadResult parseKibanaNdjson(const std::string& text, const std::string& file) {
    ReadResult result;
    std::vector<std::pair<ExceptionItem, std::uint64_t>> items;
    std::istringstream in(text);
    std::string line;
    for (std::uint64_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json o;
        try {
            o = json::parse(line);
        } catch (const json::exception& e) { // parse_error, and out_of_range for numbers like 1e400
            result.issues.push_back({file, number, std::string("invalid JSON: ") + e.what()});
            continue;
        }
        addObject(o, file, number, result, items);
    }
    attachItems(result, items, file);
    if (result.set.lists.empty() && result.issues.empty())
        result.issues.push_back({file, 1, "no exception list in the file"});
    return result;
}

ReadResult parseDetectionRulesToml(const std::string& text, const std::string& file) {
    ReadResult result;
    if (const auto problem = checkTomlInput(text)) {
        result.issues.push_back({file, std::uint64_t(problem->line), problem->message});
        return result;
    }
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        result.issues.push_back({file, std::uint64_t(e.source().begin.line), std::string(e.description())});
        return result;
    }
    std::vector<std::pair<ExceptionItem, std::uint64_t>> items;
    const toml::array* exceptions = root["exceptions"].as_array();
    if (!exceptions) {
        result.issues.push_back({file, 1, "no [[exceptions]] table (detection-rules exceptions TOML)"});
        return result;
    }
    for (const auto& ex : *exceptions) {
        const toml::table* t = ex.as_table();
        if (!t) continue;
        if (const toml::node* container = t->get("container"))
            addObject(tomlToJson<json>(*container), file, std::uint64_t(container->source().begin.line), result, items);
        else
            result.issues.push_back(
                {file, std::uint64_t(t->source().begin.line), "[[exceptions]] without a container"});
        if (const toml::array* list = t->get_as<toml::array>("items"))
            for (const auto& item : *list)
                addObject(tomlToJson<json>(item), file, std::uint64_t(item.source().begin.line), result, items);
    }
    attachItems(result, items, file);
    return result;
}

ReadResult readExceptions(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ReadResult r;
        r.issues.push_back({path, 0, "cannot read the file"});
        return r;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    // The extension says which format it is (a file without one is judged by its content); when
    // that reading fails but the content is plainly the other format, the other reading is used.
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(
        extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const bool looksJson = first != std::string::npos && text[first] == '{';
    const bool jsonByName = extension == ".ndjson" || extension == ".json" || extension == ".jsonl";
    const bool json = jsonByName || (extension != ".toml" && looksJson);
    ReadResult result = json ? parseKibanaNdjson(text, path) : parseDetectionRulesToml(text, path);
    if (!result.ok() && json != looksJson && (jsonByName || extension == ".toml")) {
        ReadResult other = looksJson ? parseKibanaNdjson(text, path) : parseDetectionRulesToml(text, path);
        if (other.ok()) return other;
    }
    if (!result.ok())
        result.issues.front().message += json ? " (read as Kibana NDJSON)" : " (read as detection-rules TOML)";
    return result;
}

void merge(ExceptionSet& into, ExceptionSet from) {
    for (ExceptionList& list : from.lists) {
        if (ExceptionList* existing = into.find(list.listId)) {
            for (ExceptionItem& item : list.items)
                existing->items.push_back(std::move(item));
        } else {
            into.lists.push_back(std::move(list));
        }
    }
}

std::string containerJson(const ExceptionList& list) {
    json o = json::object();
    o["description"] = list.description;
    o["list_id"] = list.listId;
    o["name"] = list.name;
    o["namespace_type"] = list.namespaceType;
    o["os_types"] = list.osTypes;
    o["tags"] = list.tags;
    o["type"] = list.type;
    return o.dump();
}

std::string itemJson(const ExceptionItem& item) {
    json o = json::object();
    json comments = json::array();
    for (const auto& c : item.comments)
        comments.push_back({{"comment", c}});
    o["comments"] = comments;
    o["description"] = item.description;
    json entries = json::array();
    for (const auto& e : item.entries)
        entries.push_back(entryJson(e));
    o["entries"] = entries;
    if (item.expireTime) o["expire_time"] = *item.expireTime;
    o["item_id"] = item.itemId;
    o["list_id"] = item.listId;
    o["name"] = item.name;
    o["namespace_type"] = item.namespaceType;
    o["os_types"] = item.osTypes;
    o["tags"] = item.tags;
    o["type"] = "simple";
    return o.dump();
}

std::string toKibanaNdjson(const ExceptionSet& set, bool withSummary) {
    std::string out;
    for (const auto& list : set.lists)
        out += containerJson(list) + "\n";
    for (const auto& list : set.lists)
        for (const auto& item : list.items)
            out += itemJson(item) + "\n";
    if (withSummary)
        out += json{{"exported_exception_list_count", set.lists.size()},
                   {"exported_exception_list_item_count", set.itemCount()}, {"missing_exception_list_item_count", 0},
                   {"missing_exception_list_items", json::array()}, {"missing_exception_lists", json::array()},
                   {"missing_exception_lists_count", 0}}
                   .dump()
            + "\n";
    return out;
}

bool osTypesDropped(const ExceptionList& list) {
    if (!list.osTypes.empty()) return true; // the list's own os_types are dropped too
    for (const auto& item : list.items)
        if (!item.osTypes.empty()) return true;
    return false;
}

std::string toDetectionRulesToml(const ExceptionList& list, const std::vector<std::string>& ruleIds,
    const std::vector<std::string>& ruleNames, const std::string& date) {
    toml::table metadata{{"creation_date", date}, {"list_name", list.name}, {"rule_ids", stringsToml(ruleIds)},
        {"rule_names", stringsToml(ruleNames)}, {"updated_date", date}};
    toml::table container{{"description", list.description}, {"list_id", list.listId}, {"name", list.name},
        {"namespace_type", list.namespaceType}, {"tags", stringsToml(list.tags)}, {"type", list.type}};
    toml::array items;
    for (const ExceptionItem& item : list.items) {
        toml::array comments;
        for (const auto& c : item.comments)
            comments.push_back(toml::table{{"comment", c}});
        toml::table t{{"comments", comments}, {"description", item.description}, {"item_id", item.itemId},
            {"list_id", item.listId}, {"name", item.name}, {"namespace_type", item.namespaceType},
            {"tags", stringsToml(item.tags)}, {"type", "simple"}};
        // detection-rules' exception items have no os_types: callers warn (osTypesDropped).
        if (item.expireTime) t.insert("expire_time", *item.expireTime);
        toml::array entries;
        for (const auto& e : item.entries)
            entries.push_back(entryToml(e));
        t.insert("entries", entries);
        items.push_back(t);
    }
    toml::table exception{{"container", container}, {"items", items}};
    toml::table root{{"metadata", metadata}, {"exceptions", toml::array{exception}}};
    std::ostringstream out;
    out << toml::toml_formatter(root, toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings);
    return out.str() + "\n";
}

} // namespace wb::exceptions
