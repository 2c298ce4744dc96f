// SPDX-License-Identifier: Apache-2.0
#include "eql/dateformat.h"
#include "eql/ipaddress.h"
#include "eql/luceneregex.h"
#include "eql/semver.h"
#include "eql/textmatch.h"

#include <gtest/gtest.h>

using namespace wb::eql;

TEST(Wildcard, StarAndQuestionMarkOverTheWholeString) {
    EXPECT_TRUE(WildcardPattern("tclsh*", true).matches("tclsh8.6"));
    EXPECT_TRUE(WildcardPattern("tclsh*", true).matches("TCLSH"));
    EXPECT_FALSE(WildcardPattern("tclsh*", false).matches("TCLSH"));
    EXPECT_TRUE(WildcardPattern("1?", false).matches("12"));
    EXPECT_FALSE(WildcardPattern("1?", false).matches("1"));
    EXPECT_FALSE(WildcardPattern("curl", true).matches("curl2"));
    EXPECT_TRUE(WildcardPattern("*%*%*", true).matches("a%b%c"));
    EXPECT_TRUE(WildcardPattern("?", false).matches("\xC3\xA9")) << "? is one code point, not one byte";
    EXPECT_TRUE(WildcardPattern("\xC3\x89T\xC3\x89", true).matches("\xC3\xA9t\xC3\xA9"));
}

TEST(Wildcard, BackslashIsAnOrdinaryCharacter) {
    EXPECT_TRUE(WildcardPattern(R"(*\MACHINE\SAM\*\F)", true).matches(R"(\REGISTRY\MACHINE\SAM\SAM\X\F)"));
    EXPECT_TRUE(WildcardPattern(R"(*\red_ttp\wininit.*)", true).matches(R"(C:\red_ttp\wininit.exe)"));
}

TEST(Wildcard, PathologicalPatternsStayLinear) {
    const std::string text(20000, 'a');
    EXPECT_FALSE(WildcardPattern("*a*a*a*a*a*a*a*a*a*a*b", false).matches(text));
}

TEST(LuceneRegex, MatchesTheWholeString) {
    std::string error;
    auto re = LuceneRegex::compile(".*?net1[ ]+localgroup.*?", false, &error);
    ASSERT_TRUE(re) << error;
    EXPECT_TRUE(re->matches("net1 localgroup administrators"));
    EXPECT_TRUE(re->matches("cmd /c net1  localgroup x"));
    EXPECT_FALSE(LuceneRegex::compile("net", false, &error)->matches("net1"));
    EXPECT_TRUE(LuceneRegex::compile("a{2,3}b|c", false, &error)->matches("aab"));
    EXPECT_FALSE(LuceneRegex::compile("a{2,3}b|c", false, &error)->matches("aaaab"));
    EXPECT_TRUE(LuceneRegex::compile("[^0-9]+", false, &error)->matches("abc"));
    EXPECT_TRUE(LuceneRegex::compile("NET.*", true, &error)->matches("net user"));
    EXPECT_FALSE(LuceneRegex::compile("NET.*", false, &error)->matches("net user"));
    // Lucene has no \s class: \s is the letter s.
    EXPECT_TRUE(LuceneRegex::compile("a\\sb", false, &error)->matches("asb"));
    EXPECT_FALSE(LuceneRegex::compile("a\\sb", false, &error)->matches("a b"));
}

TEST(LuceneRegex, RejectsMalformedPatterns) {
    std::string error;
    EXPECT_FALSE(LuceneRegex::compile("(ab", false, &error));
    EXPECT_NE(error.find("expected ')'"), std::string::npos);
    EXPECT_FALSE(LuceneRegex::compile("[a-", false, &error));
    EXPECT_FALSE(LuceneRegex::compile("*a", false, &error));
    EXPECT_FALSE(LuceneRegex::compile("a{5000}", false, &error));
}

TEST(LuceneRegex, CatastrophicBacktrackingPatternsStayLinear) {
    std::string error;
    auto re = LuceneRegex::compile("(a*)*b", false, &error);
    ASSERT_TRUE(re);
    EXPECT_FALSE(re->matches(std::string(50000, 'a')));
    auto re2 = LuceneRegex::compile("(a|aa)+c", false, &error);
    EXPECT_FALSE(re2->matches(std::string(50000, 'a')));
}

TEST(IpAddress, ParsesFormatsAndMatchesCidrs) {
    EXPECT_EQ(formatIp(*parseIp("10.6.48.157")), "10.6.48.157");
    EXPECT_EQ(formatIp(*parseIp("2001:0db8:0000:0000:0000:0000:0000:0001")), "2001:db8::1");
    EXPECT_EQ(formatIp(*parseIp("::1")), "::1");
    EXPECT_EQ(*parseIp("::ffff:10.0.0.1"), *parseIp("10.0.0.1"));
    EXPECT_FALSE(parseIp("10.0.0.256"));
    EXPECT_FALSE(parseIp("1::2::3"));
    EXPECT_TRUE(cidrContains(*parseCidr("10.6.48.157/8"), *parseIp("10.200.1.1")));
    EXPECT_FALSE(cidrContains(*parseCidr("192.168.0.0/16"), *parseIp("10.6.48.157")));
    EXPECT_TRUE(cidrContains(*parseCidr("0.0.0.0/0"), *parseIp("8.8.8.8")));
    EXPECT_TRUE(cidrContains(*parseCidr("::1"), *parseIp("::1")));
    EXPECT_TRUE(cidrContains(*parseCidr("fe80::/10"), *parseIp("fe80::1234")));
    EXPECT_FALSE(parseCidr("10.0.0.0/33"));
}

TEST(SemanticVersion, OrdersLikeTheVersionFieldType) {
    EXPECT_GT(compareVersions("1.11.3", "1.5.0"), 0);
    EXPECT_LT(compareVersions("1.2.4-SNAPSHOT", "1.2.4"), 0);
    EXPECT_LT(compareVersions("1.2.4-SNAPSHOT", "1.5.0"), 0);
    EXPECT_EQ(compareVersions("1.2.4", "1.2.4+build7"), 0);
    EXPECT_GT(compareVersions("bad", "99.0.0"), 0) << "invalid versions sort after valid ones";
    EXPECT_LT(compareVersions("1.0.0-alpha", "1.0.0-alpha.1"), 0);
    EXPECT_LT(compareVersions("1.0.0-2", "1.0.0-alpha"), 0);
}

TEST(DateFormat, CustomPatternsAndDefaults) {
    EXPECT_EQ(*DateFormat("dd-MM-yyyy").parseMillis("17-12-2022"), 1671235200000);
    EXPECT_EQ(*DateFormat("yyyy-MM-dd").parseMillis("2022-12-17"), 1671235200000);
    EXPECT_EQ(*DateFormat().parseMillis("1671235200000"), 1671235200000);
    EXPECT_EQ(*DateFormat().parseMillis("2022-12-17T00:00:00.000Z"), 1671235200000);
    EXPECT_EQ(*DateFormat("yyyy-MM-dd HH:mm:ss||epoch_second").parseMillis("1671235200"), 1671235200000);
    EXPECT_FALSE(DateFormat("dd-MM-yyyy").parseMillis("2022-12-17"));
    EXPECT_FALSE(DateFormat("dd-MM-yyyy").parseMillis("31-02-2022"));
}

TEST(DateLiteral, RoundsToTheLiteralsPrecision) {
    const DateRange second = *parseDateLiteral("2017-08-30T20:47:33Z");
    EXPECT_EQ(second.last - second.first, 999);
    const DateRange day = *parseDateLiteral("2017-08-30");
    EXPECT_EQ(day.last - day.first, 86'400'000 - 1);
    const DateRange exact = *parseDateLiteral("1516116808349");
    EXPECT_EQ(exact.first, 1516116808349);
    EXPECT_EQ(exact.last, 1516116808349);
    EXPECT_FALSE(parseDateLiteral("yesterday"));
}
