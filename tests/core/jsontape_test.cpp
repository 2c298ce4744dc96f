// SPDX-License-Identifier: Apache-2.0
#include "store/jsontape.h"

#include <gtest/gtest.h>

using wb::JsonTape;

TEST(JsonTape, ParsesNestedDocumentAndKeepsRawText) {
    JsonTape tape;
    JsonTape::Error error;
    const std::string text = R"({"a": {"b": [1, 2.5, "x"]}, "c": true, "d": null})";
    ASSERT_TRUE(tape.parse(text, error)) << error.message;
    const auto a = tape.member(0, "a");
    ASSERT_NE(a, JsonTape::npos);
    EXPECT_EQ(tape.raw(tape.node(a)), R"({"b": [1, 2.5, "x"]})");
    const auto b = tape.member(a, "b");
    EXPECT_EQ(tape.node(b).count, 3u);
    EXPECT_EQ(tape.node(b + 1).integer, 1);
    EXPECT_DOUBLE_EQ(tape.node(b + 2).real, 2.5);
    EXPECT_EQ(tape.string(tape.node(b + 3)), "x");
    EXPECT_EQ(tape.node(tape.member(0, "c")).type, JsonTape::Type::True);
    EXPECT_EQ(tape.node(tape.member(0, "d")).type, JsonTape::Type::Null);
}

TEST(JsonTape, UnescapesStringsAndSurrogatePairs) {
    JsonTape tape;
    JsonTape::Error error;
    ASSERT_TRUE(tape.parse(R"({"k\"ey": "a\\b\n\u00e9\ud83d\ude00"})", error)) << error.message;
    EXPECT_EQ(tape.string(tape.node(1)), "k\"ey");
    EXPECT_EQ(tape.string(tape.node(2)), "a\\b\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonTape, RejectsInvalidUtf8WithItsOffset) {
    JsonTape tape;
    JsonTape::Error error;
    EXPECT_FALSE(tape.parse("{\"a\": \"ok\xff\"}", error));
    EXPECT_EQ(error.message, "invalid UTF-8 in a string");
    EXPECT_EQ(error.offset, 9u);
    EXPECT_FALSE(tape.parse("{\"a\": \"\xc0\xaf\"}", error)) << "overlong encodings are invalid";
    EXPECT_FALSE(tape.parse("{\"a\": \"\xed\xa0\x80\"}", error)) << "encoded surrogates are invalid";
}

TEST(JsonTape, DeepNestingIsAnErrorNotACrash) {
    std::string text(100000, '[');
    text += std::string(100000, ']');
    JsonTape tape;
    JsonTape::Error error;
    EXPECT_FALSE(tape.parse(text, error));
    EXPECT_NE(error.message.find("nesting deeper than 512"), std::string::npos) << error.message;
}

TEST(JsonTape, ReportsSyntaxErrors) {
    JsonTape tape;
    JsonTape::Error error;
    for (const char* bad : {R"({"a": 1)", R"({"a" 1})", R"({"a": 1,})", R"({a: 1})", R"({"a": 01})", R"({"a": tru})",
             R"({"a": "x"} extra)", "", R"({"a": "line
break"})"}) {
        EXPECT_FALSE(tape.parse(bad, error)) << bad;
        EXPECT_FALSE(error.message.empty());
    }
}

TEST(JsonTape, LargeIntegersBecomeDoublesAndCommentsAreAllowed) {
    JsonTape tape;
    JsonTape::Error error;
    ASSERT_TRUE(
        tape.parse("{ // comment\n \"big\": 18446744073709551615, /* c */ \"neg\": -9223372036854775808}", error))
        << error.message;
    EXPECT_EQ(tape.node(tape.member(0, "big")).type, JsonTape::Type::Double);
    EXPECT_EQ(tape.node(tape.member(0, "neg")).type, JsonTape::Type::Int);
    EXPECT_EQ(tape.node(tape.member(0, "neg")).integer, INT64_MIN);
}
