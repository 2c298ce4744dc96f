// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace wb::report {

// A picture of a report: an <svg> element (no external files, no script) and its size in CSS
// pixels, so a document can place it without parsing it.
struct SvgPicture {
    std::string svg;
    int width = 0;
    int height = 0;
};

// `text` cut to at most `chars` bytes with "…" (at a whole UTF-8 character), so a label stays
// inside its box.
std::string fitText(const std::string& text, std::size_t chars);

} // namespace wb::report
