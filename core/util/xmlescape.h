// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace wb {

// Text made safe for XML and HTML element content and attribute values (JUnit reports, alert
// reports, SVG).
std::string escapeXml(std::string_view text);

} // namespace wb
