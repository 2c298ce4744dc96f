// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb::exceptions {

// Kibana's exception entries (docs: ecs-and-formats.md §3.1).
struct ExceptionEntry {
    enum class Type { Match, MatchAny, Wildcard, Exists, List, Nested } type = Type::Match;
    std::string field;
    bool excluded = false; // operator "excluded": the entry holds where the included one does not
    std::string value; // match, wildcard
    std::vector<std::string> values; // match_any
    std::string listId, listType; // list (value lists live in Kibana; not evaluated offline)
    std::vector<ExceptionEntry> entries; // nested
};

struct ExceptionItem {
    std::string itemId;
    std::string listId;
    std::string name;
    std::string description;
    std::string namespaceType = "single";
    std::vector<ExceptionEntry> entries; // AND
    std::vector<std::string> osTypes;
    std::optional<std::string> expireTime; // ISO-8601
    std::vector<std::string> comments;
    std::vector<std::string> tags;
    bool enabled = true; // the workbench's switch; not part of Kibana's format
};

struct ExceptionList {
    std::string listId;
    std::string name;
    std::string description;
    std::string type = "detection";
    std::string namespaceType = "single";
    std::vector<std::string> osTypes;
    std::vector<std::string> tags;
    std::vector<ExceptionItem> items; // OR
};

// A problem in an exception file, with where it is.
struct ExceptionIssue {
    std::string file;
    std::uint64_t line = 0;
    std::string message;
    std::string text() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct ExceptionSet {
    std::vector<ExceptionList> lists;
    std::size_t itemCount() const;
    ExceptionList* find(const std::string& listId);
};

const char* entryTypeName(ExceptionEntry::Type type);

} // namespace wb::exceptions
