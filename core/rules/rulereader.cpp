// SPDX-License-Identifier: Apache-2.0
#include "rules/rulereader.h"

#include "exceptions/exceptionio.h"
#include "util/tomlguard.h"
#include "util/tomljson.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb::rules {

namespace {
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string text(const ojson& o, const char* key, const std::string& fallback = {}) {
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::vector<std::string> texts(const ojson& o, const char* key) {
    std::vector<std::string> out;
    const auto it = o.find(key);
    if (it == o.end()) return out;
    if (it->is_string()) return {it->get<std::string>()};
    if (it->is_array())
        for (const auto& v : *it)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

template <class T> T number(const ojson& o, const char* key, T fallback) {
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<T>() : fallback;
}

std::string unsupportedType(const std::string& type) {
    if (type == "query") return "a custom query rule (KQL or Lucene), not EQL";
    if (type == "saved_query") return "a saved query rule (KQL), not EQL";
    if (type == "new_terms") return "a new terms rule (KQL and a history window), not EQL";
    if (type == "esql") return "an ES|QL rule, not EQL";
    if (type == "threshold") return "a threshold rule (KQL with counts per group), not EQL";
    if (type == "threat_match") return "an indicator match rule, not EQL";
    if (type == "machine_learning") return "a machine learning rule (anomaly detection jobs), not EQL";
    return "a \"" + type + "\" rule, not EQL";
}

// Reads Kibana's rule fields (the TOML [rule] table has the same names).
void fill(DetectionRule& r, const ojson& o) {
    r.original = o;
    r.ruleId = text(o, "rule_id");
    r.id = text(o, "id");
    r.name = text(o, "name");
    r.description = text(o, "description");
    r.language = text(o, "language");
    r.type = text(o, "type", r.language == "eql" ? "eql" : "query");
    if (r.language.empty()) r.language = r.type == "eql" ? "eql" : "kuery";
    r.query = text(o, "query");
    r.index = texts(o, "index");
    r.interval = text(o, "interval", "5m");
    r.from = text(o, "from", "now-6m");
    r.to = text(o, "to", "now");
    r.maxSignals = number<std::int64_t>(o, "max_signals", 100);
    r.timestampOverride = text(o, "timestamp_override");
    if (const auto it = o.find("timestamp_override_fallback_disabled"); it != o.end() && it->is_boolean())
        r.timestampOverrideFallbackDisabled = it->get<bool>();
    r.eventCategoryOverride = text(o, "event_category_override");
    r.tiebreakerField = text(o, "tiebreaker_field");
    r.timestampField = text(o, "timestamp_field");
    if (const auto it = o.find("filters"); it != o.end() && it->is_array()) r.filters = *it;
    if (const auto it = o.find("exceptions_list"); it != o.end() && it->is_array()) r.exceptionsList = *it;
    if (const auto it = o.find("alert_suppression"); it != o.end() && it->is_object()) r.alertSuppression = *it;
    r.buildingBlockType = text(o, "building_block_type");
    r.severity = text(o, "severity", "low");
    r.riskScore = number<int>(o, "risk_score", 21);
    r.tags = texts(o, "tags");
    if (const auto it = o.find("threat"); it != o.end() && it->is_array()) r.threat = *it;
    if (const auto it = o.find("version"); it != o.end() && it->is_number_integer()) r.version = it->get<int>();
}

void classify(DetectionRule& r, std::vector<RuleIssue>& issues) {
    if (r.type != "eql") {
        r.supported = false;
        r.unsupportedReason = unsupportedType(r.type);
    } else if (r.language != "eql") {
        r.supported = false;
        r.unsupportedReason = "an EQL rule in language \"" + r.language + "\"";
    } else if (r.query.find_first_not_of(" \t\r\n") == std::string::npos) {
        r.supported = false;
        r.unsupportedReason = "it has no query";
    }
    if (r.ruleId.empty() && r.format != RuleFormat::Eql) issues.push_back({r.file, r.line, "the rule has no rule_id"});
    if (r.name.empty()) issues.push_back({r.file, r.line, "the rule has no name"});
}

std::string stem(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    const auto dot = name.find('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// The line a TOML string's text starts on: after its opening delimiter, or the next line when
// a multi-line string starts with a line break (which TOML drops).
int contentLine(const std::string& source, int line) {
    std::size_t pos = 0;
    for (int l = 1; l < line && pos != std::string::npos; ++l)
        pos = source.find('\n', pos) == std::string::npos ? std::string::npos : source.find('\n', pos) + 1;
    if (pos == std::string::npos) return line;
    const std::size_t end = source.find('\n', pos);
    const std::string row = source.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    for (const char* delimiter : {"'''", "\"\"\""}) {
        const auto at = row.find(delimiter);
        if (at != std::string::npos && row.find_first_not_of(" \t\r", at + 3) == std::string::npos) return line + 1;
    }
    return line;
}

void readToml(const std::string& source, const std::string& path, RuleFile& file, bool quietIfNotARule) {
    if (const auto problem = checkTomlInput(source)) {
        file.issues.push_back({path, problem->line, "invalid TOML: " + problem->message});
        return;
    }
    toml::table root;
    try {
        root = toml::parse(source, path);
    } catch (const toml::parse_error& e) {
        file.issues.push_back({path, int(e.source().begin.line), "invalid TOML: " + std::string(e.description())});
        return;
    }
    const toml::table* rule = root["rule"].as_table();
    if (!rule) {
        if (!quietIfNotARule || root.contains("metadata"))
            file.issues.push_back({path, 1, "not a detection-rules rule: no [rule] table"});
        return;
    }
    DetectionRule r;
    r.file = path;
    r.format = RuleFormat::DetectionRulesToml;
    r.line = int(rule->source().begin.line);
    r.sourceText = source;
    fill(r, tomlToJson<ojson>(*rule));
    if (const toml::table* metadata = root["metadata"].as_table()) r.metadata = tomlToJson<ojson>(*metadata);
    if (const toml::node* query = rule->get("query"))
        r.queryLine = contentLine(source, int(query->source().begin.line));
    if (r.line <= 0) r.line = 1;
    classify(r, file.issues);
    file.rules.push_back(std::move(r));
}

bool isRuleObject(const ojson& o) {
    return o.contains("rule_id") || (o.contains("type") && o.contains("query") && !o.contains("list_id"));
}

void readNdjson(const std::string& source, const std::string& path, RuleFile& file) {
    std::istringstream in(source);
    std::string line, exceptionLines;
    bool anyException = false;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            exceptionLines += "\n";
            continue;
        }
        ojson o;
        try {
            o = ojson::parse(line);
        } catch (const nlohmann::json::exception& e) {
            file.issues.push_back({path, number, std::string("invalid JSON: ") + e.what()});
            exceptionLines += "\n";
            continue;
        }
        if (!o.is_object()) {
            file.issues.push_back({path, number, "not a JSON object"});
        } else if (o.contains("exported_count") || o.contains("exported_rules_count")) { // the summary line
        } else if (isRuleObject(o)) {
            DetectionRule r;
            r.file = path;
            r.format = RuleFormat::KibanaNdjson;
            r.line = r.queryLine = number;
            r.sourceText = line;
            fill(r, o);
            classify(r, file.issues);
            file.rules.push_back(std::move(r));
        } else if (o.contains("list_id")) { // an exception list or item exported with the rules
            exceptionLines += line + "\n";
            anyException = true;
            continue;
        } else {
            file.issues.push_back({path, number, "neither a rule nor an exception list"});
        }
        exceptionLines += "\n"; // keeps the exception reader's line numbers right
    }
    if (!anyException) return;
    exceptions::ReadResult lists = exceptions::parseKibanaNdjson(exceptionLines, path);
    for (const auto& issue : lists.issues)
        file.issues.push_back({issue.file, int(issue.line), issue.message});
    file.exceptions = std::move(lists.set);
}

void readJson(const std::string& source, const std::string& path, RuleFile& file, bool quietIfNotARule) {
    ojson doc;
    try {
        doc = ojson::parse(source);
    } catch (const nlohmann::json::parse_error& e) {
        // Kibana's export is NDJSON even when saved as .json: one object per line.
        if (std::count(source.begin(), source.end(), '\n') > 1 && e.byte > 1) {
            readNdjson(source, path, file);
            return;
        }
        const auto line = int(std::count(source.begin(), source.begin() + std::min(source.size(), e.byte), '\n')) + 1;
        file.issues.push_back({path, line, std::string("invalid JSON: ") + e.what()});
        return;
    } catch (const nlohmann::json::exception& e) {
        file.issues.push_back({path, 1, std::string("invalid JSON: ") + e.what()});
        return;
    }
    std::vector<ojson> objects;
    if (doc.is_object() && doc.contains("data") && doc["data"].is_array()) // GET _find
        objects.assign(doc["data"].begin(), doc["data"].end());
    else if (doc.is_array())
        objects.assign(doc.begin(), doc.end());
    else
        objects.push_back(doc);
    for (const ojson& o : objects) {
        if (!o.is_object() || !isRuleObject(o)) {
            if (!quietIfNotARule) file.issues.push_back({path, 1, "not a rule (no rule_id, or no type and query)"});
            continue;
        }
        DetectionRule r;
        r.file = path;
        r.format = RuleFormat::KibanaJson;
        r.sourceText = o.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        fill(r, o);
        classify(r, file.issues);
        file.rules.push_back(std::move(r));
    }
}

void readEql(const std::string& source, const std::string& path, RuleFile& file) {
    if (const auto line = invalidUtf8Line(source)) {
        file.issues.push_back({path, *line, "not UTF-8 text"});
        return;
    }
    DetectionRule r;
    r.file = path;
    r.format = RuleFormat::Eql;
    r.sourceText = source;
    r.query = source;
    r.ruleId = stem(path);
    r.name = stem(path);
    r.original = ojson::object();
    classify(r, file.issues);
    file.rules.push_back(std::move(r));
}

RuleFile parse(const std::string& source, const std::string& path, bool quietIfNotARule) {
    RuleFile file;
    file.path = path;
    std::string extension = fs::path(path).extension().string();
    std::transform(
        extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto first = source.find_first_not_of(" \t\r\n");
    if (extension == ".toml")
        readToml(source, path, file, quietIfNotARule);
    else if (extension == ".ndjson" || extension == ".jsonl")
        readNdjson(source, path, file);
    else if (extension == ".json")
        readJson(source, path, file, quietIfNotARule);
    else if (extension == ".eql")
        readEql(source, path, file);
    else if (first != std::string::npos && source[first] == '{')
        readJson(source, path, file, quietIfNotARule);
    else if (source.find("[rule]") != std::string::npos)
        readToml(source, path, file, quietIfNotARule);
    else
        readEql(source, path, file);
    if (file.rules.empty() && file.issues.empty() && !quietIfNotARule)
        file.issues.push_back({path, 1, "no rule in the file"});
    return file;
}

bool readAll(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return !in.bad();
}
} // namespace

RuleFile parseRuleText(const std::string& text, const std::string& path) {
    return parse(text, path, false);
}

RuleFile readRuleFile(const std::string& path) {
    std::string source;
    std::error_code ec;
    if (fs::is_directory(path, ec) || !readAll(path, source)) {
        RuleFile file;
        file.path = path;
        file.issues.push_back(
            {path, 0, fs::is_directory(path, ec) ? "a folder, not a rule file" : "cannot read the file"});
        return file;
    }
    return parse(source, path, false);
}

std::vector<std::string> ruleFilesBelow(const std::vector<std::string>& paths, std::vector<RuleIssue>& issues) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            issues.push_back({path, 0, "cannot read the folder: " + ec.message()});
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) break;
            const std::string name = it->path().filename().string();
            if (it->is_directory(ec)) {
                if (!name.empty() && name[0] == '.') it.disable_recursion_pending(); // .git and friends
                continue;
            }
            std::string extension = it->path().extension().string();
            std::transform(
                extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
            if (extension == ".toml" || extension == ".ndjson" || extension == ".jsonl" || extension == ".json"
                || extension == ".eql")
                files.push_back(it->path().string());
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

std::vector<RuleFile> readRuleLibrary(const std::vector<std::string>& paths) {
    std::vector<RuleIssue> issues;
    std::vector<std::string> explicitFiles;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) explicitFiles.push_back(p);
    }
    std::vector<RuleFile> out;
    for (const std::string& path : ruleFilesBelow(paths, issues)) {
        const bool named = std::find(explicitFiles.begin(), explicitFiles.end(), path) != explicitFiles.end();
        std::string source;
        if (!readAll(path, source)) {
            RuleFile file;
            file.path = path;
            file.issues.push_back({path, 0, "cannot read the file"});
            out.push_back(std::move(file));
            continue;
        }
        // In a folder, TOML and JSON files that are not rules (settings, schemas) are passed over.
        RuleFile file = parse(source, path, !named);
        if (!file.rules.empty() || !file.issues.empty()) out.push_back(std::move(file));
    }
    for (auto& issue : issues) {
        RuleFile file;
        file.path = issue.file;
        file.issues.push_back(std::move(issue));
        out.push_back(std::move(file));
    }
    return out;
}

const DetectionRule* findRule(const RuleFile& file, const std::string& ruleId, std::string& error) {
    if (!ruleId.empty()) {
        for (const DetectionRule& r : file.rules)
            if (r.ruleId == ruleId) return &r;
        error = file.path + ": no rule with rule_id \"" + ruleId + "\"";
        return nullptr;
    }
    if (file.rules.size() == 1) return &file.rules.front();
    if (file.rules.empty()) {
        error = file.issues.empty() ? file.path + ": no rule in the file" : file.issues.front().text();
        return nullptr;
    }
    error = file.path + ": " + std::to_string(file.rules.size()) + " rules; choose one with --rule-id";
    return nullptr;
}

} // namespace wb::rules
