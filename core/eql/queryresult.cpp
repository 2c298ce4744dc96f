// SPDX-License-Identifier: Apache-2.0
#include "queryresult.h"

#include "scalar.h"
#include "util/timestamp.h"

namespace wb::eql {

std::vector<EventIndex> QueryResult::eventsOf(std::size_t i) const {
    if (kind == Query::Kind::Event) return {events[i]};
    std::vector<EventIndex> out;
    for (const auto& e : matches[i].events)
        if (e) out.push_back(*e);
    return out;
}

std::string KeyValue::text(bool sampleKey) const {
    switch (kind) {
    case Kind::Null:
        return "null";
    case Kind::Bool:
        return boolean ? "true" : "false";
    case Kind::Long:
        if (type == FieldType::Date && !sampleKey) return formatTimestampMillis(integer * 1'000'000);
        return std::to_string(integer);
    case Kind::Double:
        return javaDoubleString(real);
    case Kind::String:
        return string;
    }
    return {};
}

bool keyLess(const KeyTuple& a, const KeyTuple& b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const KeyValue& x = a[i];
        const KeyValue& y = b[i];
        if (x == y) continue;
        if (x.kind == KeyValue::Kind::Null || y.kind == KeyValue::Kind::Null) return x.kind == KeyValue::Kind::Null;
        if (x.kind == y.kind) {
            switch (x.kind) {
            case KeyValue::Kind::Bool:
                return x.boolean < y.boolean;
            case KeyValue::Kind::Long:
                return x.integer < y.integer;
            case KeyValue::Kind::Double:
                return x.real < y.real;
            default:
                return x.string < y.string; // raw byte order
            }
        }
        return x.text(true) < y.text(true);
    }
    return a.size() < b.size();
}

} // namespace wb::eql
