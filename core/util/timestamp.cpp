// SPDX-License-Identifier: Apache-2.0
#include "timestamp.h"

#include <cmath>
#include <cstdio>

namespace wb {

namespace {
constexpr std::int64_t NanosPerSecond = 1'000'000'000;
constexpr std::int64_t NanosPerMilli = 1'000'000;
// The supported range, 1678-01-01T00:00:00Z .. 2261-12-31T23:59:59.999999999Z: what int64
// nanoseconds hold (about 1677-09..2262-04) in whole years, the same for every spelling of a time,
// so that everything parsed also formats and parses back.
constexpr std::int64_t MinSeconds = -9'214'560'000LL; // 1678-01-01
constexpr std::int64_t EndSeconds = 9'214'646'400LL; // 2262-01-01, exclusive
constexpr std::int64_t MinMillis = MinSeconds * 1000;
constexpr std::int64_t EndMillis = EndSeconds * 1000;

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
    if (pos + count > text.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

bool isLeap(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(std::int64_t y, unsigned m) {
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

std::optional<std::int64_t> failWith(std::string* error, const char* message) {
    if (error) *error = message;
    return std::nullopt;
}
} // namespace

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t> epochMillisToNanos(double millis) {
    if (!std::isfinite(millis) || millis < double(MinMillis) || millis >= double(EndMillis)) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(millis * 1e6));
}

std::optional<std::int64_t> epochMillisToNanos(std::int64_t millis) {
    if (millis < MinMillis || millis >= EndMillis) return std::nullopt;
    return millis * NanosPerMilli;
}

std::optional<std::int64_t> parseTimestamp(std::string_view text, std::string* error) {
    if (text.empty()) return failWith(error, "empty timestamp");

    // Epoch milliseconds as a numeric string ("1715682067412", "-5", "1715682067412.5").
    {
        std::size_t i = 0;
        if (text[0] == '-' || text[0] == '+') ++i;
        std::size_t digitsEnd = i;
        while (digitsEnd < text.size() && text[digitsEnd] >= '0' && text[digitsEnd] <= '9')
            ++digitsEnd;
        const bool allDigits = digitsEnd > i && digitsEnd == text.size();
        bool decimal = false;
        if (digitsEnd > i && digitsEnd < text.size() && text[digitsEnd] == '.') {
            std::size_t j = digitsEnd + 1;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            decimal = j == text.size() && j > digitsEnd + 1;
        }
        // A bare 4-digit year is ISO ("2024"); longer runs of digits are epoch millis.
        if ((allDigits && (digitsEnd - i != 4 || i > 0)) || decimal) {
            const double millis = std::strtod(std::string(text).c_str(), nullptr);
            if (allDigits && digitsEnd - i <= 16) {
                std::int64_t value = 0;
                for (std::size_t k = i; k < digitsEnd; ++k)
                    value = value * 10 + (text[k] - '0');
                if (text[0] == '-') value = -value;
                auto nanos = epochMillisToNanos(value);
                if (!nanos) return failWith(error, "epoch milliseconds out of the supported range 1678-2261");
                return nanos;
            }
            auto nanos = epochMillisToNanos(millis);
            if (!nanos) return failWith(error, "epoch milliseconds out of the supported range 1678-2261");
            return nanos;
        }
    }

    int year, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::int64_t fraction = 0;
    std::size_t pos = 0;
    if (!digits(text, 0, 4, year))
        return failWith(error, "expected an ISO-8601 date (YYYY-MM-DD) or epoch milliseconds");
    pos = 4;
    if (pos < text.size()) {
        if (text[pos] != '-' || !digits(text, pos + 1, 2, month)) return failWith(error, "expected -MM after the year");
        pos += 3;
        if (pos < text.size() && text[pos] == '-') {
            if (!digits(text, pos + 1, 2, day)) return failWith(error, "expected -DD after the month");
            pos += 3;
        }
    }
    if (month < 1 || month > 12) return failWith(error, "month out of range");
    if (day < 1 || static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month)))
        return failWith(error, "day out of range");
    std::int64_t offsetSeconds = 0;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        ++pos;
        if (!digits(text, pos, 2, hour)) return failWith(error, "expected HH after 'T'");
        pos += 2;
        if (pos < text.size() && text[pos] == ':') {
            if (!digits(text, pos + 1, 2, minute)) return failWith(error, "expected :MM");
            pos += 3;
            if (pos < text.size() && text[pos] == ':') {
                if (!digits(text, pos + 1, 2, second)) return failWith(error, "expected :SS");
                pos += 3;
                if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                    ++pos;
                    std::size_t n = 0;
                    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                        if (n < 9) fraction = fraction * 10 + (text[pos] - '0');
                        ++n;
                        ++pos;
                    }
                    if (n == 0) return failWith(error, "expected digits after the decimal point");
                    if (n > 9) return failWith(error, "more than 9 fractional digits");
                    for (; n < 9; ++n)
                        fraction *= 10;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return failWith(error, "time of day out of range");
        if (pos < text.size()) {
            const char sign = text[pos];
            if (sign == 'Z' || sign == 'z') {
                ++pos;
            } else if (sign == '+' || sign == '-') {
                int oh = 0, om = 0;
                if (!digits(text, pos + 1, 2, oh)) return failWith(error, "expected an offset like +02:00");
                pos += 3;
                if (pos < text.size() && text[pos] == ':') ++pos;
                if (pos < text.size()) {
                    if (!digits(text, pos, 2, om)) return failWith(error, "expected an offset like +02:00");
                    pos += 2;
                }
                if (oh > 18 || om > 59) return failWith(error, "offset out of range");
                offsetSeconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
            }
        }
    }
    if (pos != text.size()) return failWith(error, "unexpected characters in the timestamp");
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    // The range is checked in UTC, after the offset: 2261-12-31T12-12 is 2262-01-01 and outside.
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    if (seconds < MinSeconds || seconds >= EndSeconds)
        return failWith(error, "time out of the supported range 1678-2261 (UTC)");
    return seconds * NanosPerSecond + fraction;
}

namespace {
void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::string format(std::int64_t nanos, int fractionDigits) {
    std::int64_t seconds = nanos / NanosPerSecond;
    std::int64_t sub = nanos % NanosPerSecond;
    if (sub < 0) {
        sub += NanosPerSecond;
        --seconds;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t rem = seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    std::int64_t y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    if (fractionDigits < 0) {
        fractionDigits = sub % 1000000 == 0 ? 3 : sub % 1000 == 0 ? 6 : 9;
    }
    std::int64_t frac = sub;
    for (int i = 9; i > fractionDigits; --i)
        frac /= 10;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.", static_cast<long long>(y), m, d,
        static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
    std::string result(buffer);
    std::string digits(static_cast<std::size_t>(fractionDigits), '0');
    for (int i = fractionDigits - 1; i >= 0; --i, frac /= 10)
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + frac % 10);
    return result + digits + "Z";
}
} // namespace

std::string formatTimestamp(std::int64_t nanos) {
    return format(nanos, -1);
}
std::string formatTimestampMillis(std::int64_t nanos) {
    return format(nanos, 3);
}

} // namespace wb
