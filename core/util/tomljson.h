// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sstream>
#include <string>
#include <toml++/toml.h>

namespace wb {

// A TOML value as JSON (nlohmann::json or ordered_json): tables become objects, arrays arrays,
// dates and times their TOML text. Tables keep toml++'s key order.
template <class Json> Json tomlToJson(const toml::node& node) {
    if (const auto* t = node.as_table()) {
        Json o = Json::object();
        for (const auto& [k, v] : *t)
            o[std::string(k.str())] = tomlToJson<Json>(v);
        return o;
    }
    if (const auto* a = node.as_array()) {
        Json arr = Json::array();
        for (const auto& v : *a)
            arr.push_back(tomlToJson<Json>(v));
        return arr;
    }
    if (auto s = node.value<std::string>(); s && node.is_string()) return *s;
    if (node.is_integer()) return node.value<std::int64_t>().value_or(0);
    if (node.is_floating_point()) return node.value<double>().value_or(0);
    if (node.is_boolean()) return node.value<bool>().value_or(false);
    std::ostringstream text;
    node.visit([&](const auto& v) {
        if constexpr (toml::is_date<decltype(v)> || toml::is_time<decltype(v)> || toml::is_date_time<decltype(v)>)
            text << v; // dates and times: as written
    });
    return text.str();
}

} // namespace wb
