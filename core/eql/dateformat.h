// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb::eql {

// The `format` of an Elasticsearch `date` field: `||`-separated alternatives, each a built-in
// name (strict_date_optional_time, date_optional_time, epoch_millis, epoch_second, ...) or a
// Java DateTimeFormatter pattern such as dd-MM-yyyy or yyyy-MM-dd HH:mm:ss. Values are parsed to
// epoch milliseconds in UTC. The default is strict_date_optional_time||epoch_millis.
class DateFormat {
public:
    DateFormat();
    explicit DateFormat(std::string_view spec);
    std::optional<std::int64_t> parseMillis(std::string_view text) const;
    std::optional<std::int64_t> fromNumber(double value) const; // a JSON number in the source
    const std::string& spec() const { return m_spec; }

private:
    struct Alternative {
        enum class Kind { Iso, EpochMillis, EpochSecond, Pattern } kind = Kind::Iso;
        std::vector<std::string> tokens; // Pattern: runs of one letter, or literal text prefixed with '\''
    };
    static std::optional<std::int64_t> parsePattern(const Alternative& alt, std::string_view text);
    std::string m_spec;
    std::vector<Alternative> m_alternatives;
};

// The instants a date literal in a comparison stands for, as Elasticsearch rounds it: a value
// without milliseconds covers its whole second ("2017-08-30T20:47:33Z" = 33.000 to 33.999), one
// without a time its whole day, and so on. Epoch milliseconds are exact.
struct DateRange {
    std::int64_t first = 0; // inclusive, epoch ms
    std::int64_t last = 0; // inclusive, epoch ms
};
std::optional<DateRange> parseDateLiteral(std::string_view text);

} // namespace wb::eql
