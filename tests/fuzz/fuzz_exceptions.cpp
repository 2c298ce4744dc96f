// SPDX-License-Identifier: Apache-2.0
// Any bytes as an exception list, in both formats: located problems, never a crash.
#include "exceptions/exceptionio.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = wb::fuzz::text(data, size);
    const auto ndjson = wb::exceptions::parseKibanaNdjson(text, "f.ndjson");
    const auto toml = wb::exceptions::parseDetectionRulesToml(text, "f.toml");
    if (ndjson.ok()) wb::exceptions::toKibanaNdjson(ndjson.set);
    if (toml.ok() && !toml.set.lists.empty())
        wb::exceptions::toDetectionRulesToml(toml.set.lists.front(), {"r"}, {"R"}, "2026/11/30");
    return 0;
}
