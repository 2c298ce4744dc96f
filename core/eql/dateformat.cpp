// SPDX-License-Identifier: Apache-2.0
#include "dateformat.h"

#include "util/timestamp.h"

#include <charconv>
#include <cmath>

namespace wb::eql {

namespace {
std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::optional<std::int64_t> parseInteger(std::string_view s) {
    std::int64_t v = 0;
    const char* b = s.data();
    if (!s.empty() && s[0] == '+') ++b;
    auto [ptr, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || b == s.data() + s.size()) return std::nullopt;
    return v;
}

constexpr std::int64_t MsPerDay = 86'400'000;
std::int64_t civilMillis(std::int64_t y, int mo, int d, int h, int mi, int s, std::int64_t ms) {
    return daysFromCivil(y, unsigned(mo), unsigned(d)) * MsPerDay + h * 3'600'000LL + mi * 60'000LL + s * 1000LL + ms;
}
int daysInMonth(std::int64_t y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}
} // namespace

DateFormat::DateFormat()
    : DateFormat("strict_date_optional_time||epoch_millis") { }

DateFormat::DateFormat(std::string_view spec)
    : m_spec(spec) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = spec.find("||", start);
        std::string_view one = spec.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
        while (!one.empty() && one.front() == ' ')
            one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ')
            one.remove_suffix(1);
        Alternative alt;
        if (one == "epoch_millis")
            alt.kind = Alternative::Kind::EpochMillis;
        else if (one == "epoch_second")
            alt.kind = Alternative::Kind::EpochSecond;
        else if (one.find("date") != std::string_view::npos || one.find("time") != std::string_view::npos
            || one == "basic_date" || one.empty())
            alt.kind = Alternative::Kind::Iso; // the ISO family of built-in names
        else {
            alt.kind = Alternative::Kind::Pattern;
            for (std::size_t i = 0; i < one.size();) {
                if (one[i] == '\'') {
                    const std::size_t close = one.find('\'', i + 1);
                    const std::size_t end = close == std::string_view::npos ? one.size() : close;
                    alt.tokens.push_back("'" + std::string(one.substr(i + 1, end - i - 1)));
                    i = end + 1;
                } else if (isAsciiLetter(one[i])) {
                    std::size_t j = i;
                    while (j < one.size() && one[j] == one[i])
                        ++j;
                    alt.tokens.push_back(std::string(one.substr(i, j - i)));
                    i = j;
                } else {
                    alt.tokens.push_back("'" + std::string(1, one[i]));
                    ++i;
                }
            }
        }
        m_alternatives.push_back(std::move(alt));
        if (bar == std::string_view::npos) break;
        start = bar + 2;
    }
}

std::optional<std::int64_t> DateFormat::parsePattern(const Alternative& alt, std::string_view text) {
    std::int64_t year = 1970;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::int64_t millis = 0, offsetMinutes = 0;
    std::size_t pos = 0;
    auto digits = [&](std::size_t minCount, std::size_t maxCount) -> std::optional<std::int64_t> {
        std::size_t end = pos;
        while (end < text.size() && end - pos < maxCount && text[end] >= '0' && text[end] <= '9')
            ++end;
        if (end - pos < minCount) return std::nullopt;
        auto v = parseInteger(text.substr(pos, end - pos));
        pos = end;
        return v;
    };
    for (const std::string& tok : alt.tokens) {
        if (tok[0] == '\'') {
            const std::string_view lit = std::string_view(tok).substr(1);
            if (text.substr(pos, lit.size()) != lit) return std::nullopt;
            pos += lit.size();
            continue;
        }
        const std::size_t n = tok.size();
        std::optional<std::int64_t> v;
        switch (tok[0]) {
        case 'y':
        case 'u':
            v = digits(n == 2 ? 2 : 1, n == 2 ? 2 : 9);
            if (!v) return std::nullopt;
            year = n == 2 ? 2000 + *v : *v;
            break;
        case 'M':
            if (!(v = digits(n, 2))) return std::nullopt;
            month = int(*v);
            break;
        case 'd':
            if (!(v = digits(n, 2))) return std::nullopt;
            day = int(*v);
            break;
        case 'H':
            if (!(v = digits(n, 2))) return std::nullopt;
            hour = int(*v);
            break;
        case 'm':
            if (!(v = digits(n, 2))) return std::nullopt;
            minute = int(*v);
            break;
        case 's':
            if (!(v = digits(n, 2))) return std::nullopt;
            second = int(*v);
            break;
        case 'S': {
            const std::size_t start = pos;
            if (!(v = digits(1, 9))) return std::nullopt;
            std::int64_t frac = *v;
            for (std::size_t k = pos - start; k < 3; ++k)
                frac *= 10;
            for (std::size_t k = 3; k < pos - start; ++k)
                frac /= 10;
            millis = frac;
            break;
        }
        case 'X':
        case 'Z':
        case 'x': {
            if (pos < text.size() && text[pos] == 'Z') {
                ++pos;
                break;
            }
            if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
            const int sign = text[pos] == '-' ? -1 : 1;
            ++pos;
            auto hh = digits(2, 2);
            if (!hh) return std::nullopt;
            if (pos < text.size() && text[pos] == ':') ++pos;
            auto mm = digits(0, 2);
            offsetMinutes = sign * (*hh * 60 + (mm ? *mm : 0));
            break;
        }
        default:
            return std::nullopt; // an unsupported pattern letter
        }
    }
    if (pos != text.size()) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    return civilMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60'000;
}

std::optional<std::int64_t> DateFormat::parseMillis(std::string_view text) const {
    for (const Alternative& alt : m_alternatives) {
        switch (alt.kind) {
        case Alternative::Kind::Iso:
            // Digits only are epoch millis (handled by that alternative), except a bare year.
            if (text.find_first_not_of("0123456789") != std::string_view::npos || text.size() == 4)
                if (auto ns = parseTimestamp(text)) return floorDiv(*ns, 1'000'000);
            break;
        case Alternative::Kind::EpochMillis:
            if (auto v = parseInteger(text)) return *v;
            break;
        case Alternative::Kind::EpochSecond:
            if (auto v = parseInteger(text)) return *v * 1000;
            break;
        case Alternative::Kind::Pattern:
            if (auto v = parsePattern(alt, text)) return v;
            break;
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> DateFormat::fromNumber(double value) const {
    if (!std::isfinite(value)) return std::nullopt;
    for (const Alternative& alt : m_alternatives)
        if (alt.kind == Alternative::Kind::EpochSecond) return std::int64_t(std::floor(value * 1000));
    return std::int64_t(std::floor(value));
}

std::optional<DateRange> parseDateLiteral(std::string_view text) {
    if (auto epoch = parseInteger(text); epoch && text.size() != 4) return DateRange{*epoch, *epoch};
    // yyyy[-MM[-dd[Thh[:mm[:ss[.fff]]]]]][Z|±hh:mm]
    std::size_t pos = 0;
    auto num = [&](std::size_t count) -> std::optional<int> {
        if (pos + count > text.size()) return std::nullopt;
        int v = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text[pos + i];
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + (c - '0');
        }
        pos += count;
        return v;
    };
    int parts[6] = {0, 1, 1, 0, 0, 0};
    int present = 0;
    const char separators[] = {'-', '-', 'T', ':', ':'};
    auto y = num(4);
    if (!y) return std::nullopt;
    parts[0] = *y;
    present = 1;
    while (present < 6 && pos < text.size() && text[pos] == separators[present - 1]) {
        ++pos;
        auto v = num(2);
        if (!v) return std::nullopt;
        parts[present++] = *v;
    }
    std::int64_t fraction = 0;
    int fractionDigits = 0;
    if (present == 6 && pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (fractionDigits < 3) fraction = fraction * 10 + (text[pos] - '0');
            ++fractionDigits;
            ++pos;
        }
        if (fractionDigits == 0) return std::nullopt;
    }
    std::int64_t offsetMs = 0;
    if (pos < text.size()) {
        if (text[pos] == 'Z') {
            ++pos;
        } else if (text[pos] == '+' || text[pos] == '-') {
            const int sign = text[pos] == '-' ? -1 : 1;
            ++pos;
            auto hh = num(2);
            if (!hh) return std::nullopt;
            if (pos < text.size() && text[pos] == ':') ++pos;
            auto mm = num(2);
            offsetMs = sign * (*hh * 60 + (mm ? *mm : 0)) * 60'000LL;
        }
    }
    if (pos != text.size()) return std::nullopt;
    if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > daysInMonth(parts[0], parts[1]) || parts[3] > 23
        || parts[4] > 59 || parts[5] > 59)
        return std::nullopt;
    std::int64_t ms = fraction;
    for (int k = fractionDigits; k < 3 && fractionDigits > 0; ++k)
        ms *= 10;
    const std::int64_t first = civilMillis(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], ms) - offsetMs;
    std::int64_t next; // the start of the next unit at the literal's precision
    switch (present) {
    case 1:
        next = civilMillis(parts[0] + 1, 1, 1, 0, 0, 0, 0) - offsetMs;
        break;
    case 2:
        next = parts[1] == 12 ? civilMillis(parts[0] + 1, 1, 1, 0, 0, 0, 0) - offsetMs
                              : civilMillis(parts[0], parts[1] + 1, 1, 0, 0, 0, 0) - offsetMs;
        break;
    case 3:
        next = first + MsPerDay;
        break;
    case 4:
        next = first + 3'600'000;
        break;
    case 5:
        next = first + 60'000;
        break;
    default:
        next = fractionDigits == 0 ? first + 1000
            : fractionDigits == 1  ? first + 100
            : fractionDigits == 2  ? first + 10
                                   : first + 1;
    }
    return DateRange{first, next - 1};
}

} // namespace wb::eql
