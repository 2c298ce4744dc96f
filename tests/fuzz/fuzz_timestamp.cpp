// SPDX-License-Identifier: Apache-2.0
// Any text as a timestamp: every time that parses formats and parses back to itself.
#include "fuzzinput.h"
#include "util/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto t = wb::parseTimestamp(wb::fuzz::text(data, size));
    if (t && wb::parseTimestamp(wb::formatTimestamp(*t)) != t) __builtin_trap();
    return 0;
}
