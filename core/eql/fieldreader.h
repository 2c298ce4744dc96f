// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "scalar.h"
#include "schema.h"

#include <cmath>
#include <deque>
#include <optional>
#include <string>

namespace wb::eql {

// A decimal or integer in text, surrounding blanks allowed (how numeric fields coerce strings).
std::optional<double> parseNumberText(std::string_view s);

// Calls fn(const Scalar&) for every indexed value of a field in an event, coerced to the field's
// mapped type as indexing would have done: strings in numeric fields become numbers, dates
// become epoch milliseconds, an explicit null becomes the keyword's null_value (or nothing),
// numbers in keyword fields become their text. Returns whether there was any value.
template <typename Fn>
bool readFieldValues(
    const EventStore& store, const ResolvedField& f, EventIndex e, std::deque<std::string>& scratch, Fn&& fn) {
    if (f.id == FieldTable::npos) return false;
    const StringPool& pool = store.strings();
    bool any = false;
    store.forEachValue(e, f.id, [&](const Value& raw) {
        Scalar s;
        s.type = f.type;
        switch (raw.kind) {
        case ValueKind::Null:
            if (!f.mapping || !f.mapping->nullValue) return; // a null is not indexed
            s.kind = Scalar::Kind::String;
            s.string = *f.mapping->nullValue;
            break;
        case ValueKind::False:
        case ValueKind::True:
            s.kind = Scalar::Kind::Bool;
            s.boolean = raw.kind == ValueKind::True;
            break;
        case ValueKind::Int:
            s.kind = Scalar::Kind::Long;
            s.integer = raw.integer;
            break;
        case ValueKind::Double:
            s.kind = Scalar::Kind::Double;
            s.real = raw.real;
            break;
        case ValueKind::String:
            s.kind = Scalar::Kind::String;
            s.string = pool.view(raw.string);
            s.sid = raw.string;
            break;
        }
        // Coerce to the mapped type, as indexing would have.
        switch (f.type) {
        case FieldType::Long:
        case FieldType::Double:
            if (s.kind == Scalar::Kind::String) {
                auto n = parseNumberText(s.string);
                if (!n) return; // ignore_malformed: not indexed
                s = f.type == FieldType::Long && std::floor(*n) == *n && std::fabs(*n) < 9e18
                    ? Scalar::fromLong(std::int64_t(*n))
                    : Scalar::fromDouble(*n);
                s.type = f.type;
            } else if (s.kind == Scalar::Kind::Double && f.type == FieldType::Long) {
                s = Scalar::fromLong(std::int64_t(s.real));
                s.type = f.type;
            } else if (s.kind == Scalar::Kind::Bool) {
                return;
            }
            break;
        case FieldType::Date: {
            std::optional<std::int64_t> ms;
            const DateFormat defaultFormat;
            const DateFormat& format = f.mapping ? f.mapping->dateFormat : defaultFormat;
            if (s.kind == Scalar::Kind::String)
                ms = format.parseMillis(s.string);
            else if (s.isNumber())
                ms = format.fromNumber(s.asDouble());
            if (!ms) return;
            s = Scalar::fromLong(*ms);
            s.type = FieldType::Date;
            break;
        }
        case FieldType::Boolean:
            if (s.kind == Scalar::Kind::String) {
                if (s.string != "true" && s.string != "false" && !s.string.empty()) return;
                s = Scalar::fromBool(s.string == "true");
                s.type = FieldType::Boolean;
            }
            break;
        case FieldType::Keyword:
        case FieldType::Version:
        case FieldType::Ip:
            if (s.kind != Scalar::Kind::String) {
                const FieldType type = s.type;
                s = Scalar::fromString((scratch.push_back(scalarText(s)), std::string_view(scratch.back())));
                s.type = type;
            }
            break;
        default:
            break;
        }
        any = true;
        fn(s);
    });
    return any;
}

} // namespace wb::eql
