// SPDX-License-Identifier: Apache-2.0
#include "svgpicture.h"

namespace wb::report {

std::string fitText(const std::string& text, std::size_t chars) {
    if (text.size() <= chars || chars == 0) return text;
    std::size_t cut = chars - 1;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "\u2026";
}

} // namespace wb::report
