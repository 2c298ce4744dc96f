// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/ast.h"

#include <optional>
#include <string>
#include <vector>

namespace wb::tuning {

struct ValueListEntry {
    eql::Literal value;
    bool enabled = true;
};

// A list of constants a rule matches a field against: `process.name : ("bash", "sh")`,
// `x in (...)`, `like`/`regex` lists, `cidrMatch(destination.ip, ...)`. The tuning controls show
// one editable list per occurrence.
struct ValueList {
    int stage = -1; // index into the query's stages; -1: the event query, -2: until
    std::string field;
    std::string operatorText; // ":", "in~", "not in", "like", "cidrMatch", ...
    std::vector<ValueListEntry> entries;
    std::string label() const; // "[1] process.parent.name :"
    std::vector<std::string> enabledTexts() const;
};

// What the workbench's tuning controls edit: maxspan, the sequence's `by` fields, value lists.
struct RuleTuning {
    std::optional<eql::Duration> maxspan;
    std::vector<eql::FieldRef> sharedKeys;
    std::vector<ValueList> lists;
};

// The controls of a query: every list enabled, as written.
RuleTuning extractTuning(const eql::Query& query);
// The query the controls describe: `base` with its maxspan, keys and lists replaced. Lists are
// matched to the base's by position. A list with every entry switched off matches nothing (a
// `not in` list then excludes nothing).
eql::Query applyTuning(const eql::Query& base, const RuleTuning& tuning);
// Parses "30s", "500ms", "2m" with the query's maxspan rules; nullopt and an error otherwise.
std::optional<eql::Duration> parseDuration(const std::string& text, std::string* error = nullptr);
// Parses a value typed into a list: "curl" or curl → string, 42 → number, with EQL escapes.
std::optional<eql::Literal> parseListValue(const std::string& text);

} // namespace wb::tuning
