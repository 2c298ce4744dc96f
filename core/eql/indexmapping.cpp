// SPDX-License-Identifier: Apache-2.0
#include "indexmapping.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace wb::eql {

namespace {
FieldType typeFromName(const std::string& t) {
    if (t == "keyword" || t == "constant_keyword" || t == "wildcard" || t == "match_only_text" || t == "flattened")
        return FieldType::Keyword;
    if (t == "text") return FieldType::Text;
    if (t == "long" || t == "integer" || t == "short" || t == "byte" || t == "unsigned_long") return FieldType::Long;
    if (t == "double" || t == "float" || t == "half_float" || t == "scaled_float") return FieldType::Double;
    if (t == "boolean") return FieldType::Boolean;
    if (t == "date" || t == "date_nanos") return FieldType::Date;
    if (t == "ip") return FieldType::Ip;
    if (t == "version") return FieldType::Version;
    if (t == "object" || t == "nested") return FieldType::Object;
    if (t == "alias") return FieldType::Alias;
    return FieldType::Keyword; // anything else we cannot model is compared as an exact string
}

void collect(const nlohmann::json& properties, const std::string& prefix,
    std::map<std::string, FieldMapping, std::less<>>& out) {
    if (!properties.is_object()) throw std::runtime_error("mapping: \"properties\" must be an object");
    for (const auto& [name, def] : properties.items()) {
        if (!def.is_object()) throw std::runtime_error("mapping: field [" + prefix + name + "] is not an object");
        const std::string path = prefix + name;
        if (def.contains("properties")) {
            FieldMapping object;
            object.type = FieldType::Object;
            out[path] = object;
            collect(def["properties"], path + ".", out);
            continue;
        }
        FieldMapping m;
        const std::string type = def.value("type", std::string("object"));
        m.type = typeFromName(type);
        if (m.type == FieldType::Alias) {
            if (!def.contains("path") || !def["path"].is_string())
                throw std::runtime_error("mapping: alias field [" + path + "] has no \"path\"");
            m.aliasPath = def["path"].get<std::string>();
        }
        if (def.contains("null_value") && !def["null_value"].is_null()) {
            const auto& nv = def["null_value"];
            m.nullValue = nv.is_string() ? nv.get<std::string>() : nv.dump();
        }
        if (m.type == FieldType::Date && def.contains("format") && def["format"].is_string())
            m.dateFormat = DateFormat(def["format"].get<std::string>());
        if (def.contains("fields") && def["fields"].is_object())
            for (const auto& [sub, subDef] : def["fields"].items())
                if (subDef.is_object() && subDef.value("type", "") == "keyword") {
                    m.hasKeywordSubfield = true;
                    FieldMapping keyword;
                    keyword.type = FieldType::Keyword;
                    keyword.aliasPath = path; // the sub-field reads the parent's values
                    out[path + "." + sub] = keyword;
                }
        out[path] = m;
    }
}

// Finds the "properties" object in any of the accepted shapes.
const nlohmann::json* findProperties(const nlohmann::json& root, int depth = 0) {
    if (!root.is_object() || depth > 3) return nullptr;
    if (root.contains("properties")) return &root["properties"];
    if (root.contains("mappings")) return findProperties(root["mappings"], depth + 1);
    if (root.size() == 1) return findProperties(root.begin().value(), depth + 1); // {"index": {"mappings": ...}}
    return nullptr;
}
} // namespace

const char* fieldTypeName(FieldType type) {
    static const char* names[]
        = {"unknown", "keyword", "text", "long", "double", "boolean", "date", "ip", "version", "object", "alias"};
    return names[int(type)];
}

IndexMapping IndexMapping::parse(std::string_view text) {
    std::string json;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        const std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || line[first] != '#') json.append(line);
        json += '\n'; // keep line numbers for error messages
        start = end + 1;
    }
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < std::min<std::size_t>(e.byte, json.size()); ++i)
            line += json[i] == '\n';
        throw std::runtime_error("line " + std::to_string(line) + ": invalid JSON in mapping: " + e.what());
    }
    IndexMapping mapping;
    if (root.is_object() && !root.contains("properties") && !root.contains("mappings") && root.size() > 1) {
        // GET a,b/_mapping: several indices; merge their fields (first definition wins).
        for (const auto& [index, body] : root.items())
            if (const nlohmann::json* props = findProperties(body)) {
                std::map<std::string, FieldMapping, std::less<>> fields;
                collect(*props, "", fields);
                mapping.m_fields.insert(fields.begin(), fields.end());
            }
        return mapping;
    }
    const nlohmann::json* props = findProperties(root);
    if (!props) throw std::runtime_error("not an Elasticsearch mapping: no \"properties\" found");
    collect(*props, "", mapping.m_fields);
    return mapping;
}

IndexMapping IndexMapping::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read the mapping file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
        return parse(buffer.str());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

const FieldMapping* IndexMapping::find(std::string_view path) const {
    auto it = m_fields.find(path);
    return it == m_fields.end() ? nullptr : &it->second;
}

} // namespace wb::eql
