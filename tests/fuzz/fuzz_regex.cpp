// SPDX-License-Identifier: Apache-2.0
// A pattern and a text (split at the first NUL): the Lucene regex compiler and the wildcard
// matcher take bounded work on anything and never crash.
#include "eql/luceneregex.h"
#include "eql/textmatch.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = wb::fuzz::text(data, size);
    const auto split = input.find('\0');
    const std::string pattern = input.substr(0, split);
    const std::string text = split == std::string::npos ? std::string("curl") : input.substr(split + 1);
    std::string error;
    for (bool insensitive : {false, true}) {
        if (auto regex = wb::eql::LuceneRegex::compile(pattern, insensitive, &error)) regex->matches(text);
        wb::eql::WildcardPattern(pattern, insensitive).matches(text);
    }
    return 0;
}
