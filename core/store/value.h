// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stringpool.h"

#include <cstdint>

namespace wb {

// The kinds of JSON leaf a captured field can hold. Arrays become several values of one field.
enum class ValueKind : std::uint8_t { Null, False, True, Int, Double, String };

// How many 32-bit storage cells a value of this kind takes in the event store.
constexpr std::uint32_t cellWidth(ValueKind kind) {
    return kind == ValueKind::Int || kind == ValueKind::Double ? 2 : kind == ValueKind::String ? 1 : 0;
}

struct Value {
    ValueKind kind = ValueKind::Null;
    union {
        std::int64_t integer;
        double real;
        StringId string;
    };
    Value()
        : integer(0) { }
    static Value null() { return Value(); }
    static Value boolean(bool b) {
        Value v;
        v.kind = b ? ValueKind::True : ValueKind::False;
        return v;
    }
    static Value fromInt(std::int64_t i) {
        Value v;
        v.kind = ValueKind::Int;
        v.integer = i;
        return v;
    }
    static Value fromDouble(double d) {
        Value v;
        v.kind = ValueKind::Double;
        v.real = d;
        return v;
    }
    static Value fromString(StringId s) {
        Value v;
        v.kind = ValueKind::String;
        v.string = s;
        return v;
    }
};

} // namespace wb
