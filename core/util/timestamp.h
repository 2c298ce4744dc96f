// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wb {

// Parses what Elasticsearch's default date format (strict_date_optional_time||epoch_millis)
// accepts: ISO-8601 with 0 to 9 fractional digits and any offset, or epoch milliseconds written
// as digits. Returns nanoseconds since the epoch, in UTC.
std::optional<std::int64_t> parseTimestamp(std::string_view text, std::string* error = nullptr);
std::optional<std::int64_t> epochMillisToNanos(double millis);
std::optional<std::int64_t> epochMillisToNanos(std::int64_t millis);

// ISO-8601 in UTC with as many fractional digits as the value needs (at least 3).
std::string formatTimestamp(std::int64_t nanos);
// ISO-8601 in UTC with exactly milliseconds, as Elasticsearch renders dates.
std::string formatTimestampMillis(std::int64_t nanos);
// The millisecond a time falls in (rounded down, also before 1970): what Elasticsearch compares.
inline std::int64_t floorMillis(std::int64_t nanos) {
    return nanos / 1'000'000 - ((nanos % 1'000'000 != 0) && nanos < 0);
}

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

} // namespace wb
