// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace wb {

// SHA-256 (FIPS 180-4) of the bytes, as 64 lowercase hex digits: what Kibana's alert ids are.
std::string sha256Hex(std::string_view data);

} // namespace wb
