// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace wb::eql {

// The functions of Elasticsearch's EQL function reference. Names are case-insensitive there
// (the registry lower-cases them); we keep the documented camel-case spelling as canonical.
struct FunctionInfo {
    const char* name;
    int minArgs;
    int maxArgs; // -1: no limit
    bool caseInsensitiveVariant; // accepts name~(...)
};

// nullptr when the name is not an EQL function.
const FunctionInfo* findFunction(std::string_view name);

} // namespace wb::eql
