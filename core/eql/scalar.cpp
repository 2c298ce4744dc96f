// SPDX-License-Identifier: Apache-2.0
#include "scalar.h"

#include "util/timestamp.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace wb::eql {

std::string javaDoubleString(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
    char buf[64];
    int digits = 1;
    for (; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    const double magnitude = std::fabs(v);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        std::snprintf(buf, sizeof buf, "%.*f", 17, v);
        // Shortest fixed representation that reads back exactly, with at least one decimal.
        for (int decimals = 1; decimals <= 17; ++decimals) {
            std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
            if (std::strtod(buf, nullptr) == v) break;
        }
        return buf;
    }
    // Scientific: mantissa with at least one decimal, "E", exponent without a plus sign.
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    std::string s = buf;
    const std::size_t e = s.find('e');
    std::string mantissa = s.substr(0, e);
    int exponent = std::atoi(s.c_str() + e + 1);
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    return mantissa + "E" + std::to_string(exponent);
}

std::string scalarText(const Scalar& s) {
    switch (s.kind) {
    case Scalar::Kind::Null:
        return "null";
    case Scalar::Kind::Bool:
        return s.boolean ? "true" : "false";
    case Scalar::Kind::Long:
        if (s.type == FieldType::Date) return formatTimestampMillis(s.integer * 1'000'000);
        return std::to_string(s.integer);
    case Scalar::Kind::Double:
        return javaDoubleString(s.real);
    case Scalar::Kind::String:
        return std::string(s.string);
    }
    return {};
}

} // namespace wb::eql
