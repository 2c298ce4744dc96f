// SPDX-License-Identifier: Apache-2.0
#include "util/timestamp.h"

#include <gtest/gtest.h>

using namespace wb;

TEST(Timestamp, ParsesIsoWithZeroToNineFractionalDigits) {
    const std::int64_t base = 1715682067LL * 1000000000LL; // 2024-05-14T10:21:07Z
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07Z"), base);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07.4Z"), base + 400000000);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07.412Z"), base + 412000000);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07.412356Z"), base + 412356000);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07.6578986Z"), base + 657898600);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07.123456789Z"), base + 123456789);
    EXPECT_FALSE(parseTimestamp("2024-05-14T10:21:07.1234567891Z"));
}

TEST(Timestamp, NormalisesOffsetsToUtc) {
    const std::int64_t base = 1715682067LL * 1000000000LL;
    EXPECT_EQ(parseTimestamp("2024-05-14T12:21:07+02:00"), base);
    EXPECT_EQ(parseTimestamp("2024-05-14T05:51:07-0430"), base);
    EXPECT_EQ(parseTimestamp("2024-05-14T10:21:07"), base) << "no offset means UTC";
    EXPECT_EQ(parseTimestamp("2024-05-14"), 1715644800LL * 1000000000LL);
}

TEST(Timestamp, AcceptsEpochMillisAsNumericString) {
    EXPECT_EQ(parseTimestamp("1234567891"), 1234567891LL * 1000000);
    EXPECT_EQ(parseTimestamp("0"), 0);
    EXPECT_EQ(parseTimestamp("1715682067412"), 1715682067412LL * 1000000);
    EXPECT_EQ(epochMillisToNanos(std::int64_t{1715682067412}), 1715682067412LL * 1000000);
}

TEST(Timestamp, RejectsNonsenseWithAReason) {
    std::string error;
    EXPECT_FALSE(parseTimestamp("yesterday", &error));
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(parseTimestamp("2024-13-01T00:00:00Z"));
    EXPECT_FALSE(parseTimestamp("2023-02-29T00:00:00Z"));
    EXPECT_FALSE(parseTimestamp("2024-05-14T25:00:00Z"));
    EXPECT_FALSE(parseTimestamp("2024-05-14T10:21:07Zjunk"));
    EXPECT_FALSE(parseTimestamp(""));
}

TEST(Timestamp, FormatsUtcWithTheNeededPrecision) {
    EXPECT_EQ(formatTimestamp(1715682067412000000LL), "2024-05-14T10:21:07.412Z");
    EXPECT_EQ(formatTimestamp(1715682067412356000LL), "2024-05-14T10:21:07.412356Z");
    EXPECT_EQ(formatTimestamp(1715682067123456789LL), "2024-05-14T10:21:07.123456789Z");
    EXPECT_EQ(formatTimestampMillis(1715682067412356000LL), "2024-05-14T10:21:07.412Z");
    EXPECT_EQ(formatTimestamp(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(formatTimestamp(-1000000), "1969-12-31T23:59:59.999Z");
}
