// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace wb::eql {

// Orders two values of Elasticsearch's `version` type: valid versions (1.2.3, 1.2.4-SNAPSHOT,
// 1.11.3+build) by semantic-version precedence, invalid ones after every valid one, among
// themselves by bytes. Returns <0, 0 or >0.
int compareVersions(std::string_view a, std::string_view b);
bool isValidVersion(std::string_view v);

} // namespace wb::eql
