// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "indexmapping.h"
#include "store/stringpool.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace wb::eql {

// One value during evaluation: a field value read through its mapping, a constant, or a
// function result. Strings are views into the store's string pool or the evaluator's scratch.
struct Scalar {
    enum class Kind : std::uint8_t { Null, Bool, Long, Double, String };
    Kind kind = Kind::Null;
    FieldType type = FieldType::Unknown; // Date (Long millis), Ip, Version change comparisons and rendering
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view string;
    StringId sid = StringPool::npos; // when the string is interned in the store

    static Scalar null() { return {}; }
    static Scalar fromBool(bool b) {
        Scalar s;
        s.kind = Kind::Bool;
        s.boolean = b;
        return s;
    }
    static Scalar fromLong(std::int64_t v) {
        Scalar s;
        s.kind = Kind::Long;
        s.integer = v;
        return s;
    }
    static Scalar fromDouble(double v) {
        Scalar s;
        s.kind = Kind::Double;
        s.real = v;
        return s;
    }
    static Scalar fromString(std::string_view v, StringId id = StringPool::npos) {
        Scalar s;
        s.kind = Kind::String;
        s.string = v;
        s.sid = id;
        return s;
    }
    bool isNull() const { return kind == Kind::Null; }
    bool isNumber() const { return kind == Kind::Long || kind == Kind::Double; }
    double asDouble() const { return kind == Kind::Long ? double(integer) : real; }
};

// Java's Double.toString, which Elasticsearch uses to turn numbers into strings.
std::string javaDoubleString(double v);
// The text of a scalar as string() and concat() produce it.
std::string scalarText(const Scalar& s);

} // namespace wb::eql
