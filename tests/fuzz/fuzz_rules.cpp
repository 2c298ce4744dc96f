// SPDX-License-Identifier: Apache-2.0
// Any bytes as a rule file (TOML, NDJSON, JSON, EQL by its first byte): rules or located
// problems, never a crash; an unchanged export of a TOML rule is the file itself.
#include "fuzzinput.h"
#include "rules/rulereader.h"
#include "rules/rulewriter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const char* const names[] = {"r.toml", "r.ndjson", "r.json", "r.eql"};
    const std::string text = wb::fuzz::text(data + 1, size - 1);
    const wb::rules::RuleFile file = wb::rules::parseRuleText(text, names[data[0] % 4]);
    for (const auto& rule : file.rules) {
        if (rule.format == wb::rules::RuleFormat::DetectionRulesToml
            && wb::rules::toDetectionRulesToml(rule, rule.query, "2026/11/30") != text)
            __builtin_trap();
        wb::rules::toKibanaNdjson(rule, rule.query + " ", file.exceptions);
        rule.toJson().dump();
    }
    return 0;
}
