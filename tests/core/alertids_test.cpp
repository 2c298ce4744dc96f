// SPDX-License-Identifier: Apache-2.0
// Kibana's alert ids from their formulas (kibana-executor.md §3); the expected values were
// computed from the same formulas with another SHA-256 implementation (Python's hashlib).
#include "schedule/alertids.h"
#include "util/sha256.h"

#include <gtest/gtest.h>

using namespace wb;

TEST(Sha256, MatchesTheStandardVectorsAndEveryPaddingLength) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex(std::string(1000, 'a')), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    EXPECT_EQ(sha256Hex(std::string(55, 'x')), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    EXPECT_EQ(sha256Hex(std::string(56, 'x')), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
    EXPECT_EQ(sha256Hex(std::string(64, 'x')), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

TEST(AlertIds, EventAndSequenceAlertsAsKibanaComputesThem) {
    const std::string rule = "1c4b2a34-9f3e-4a61-8d2b-0a1b2c3d4e5f";
    const schedule::EventRef process{"logs-endpoint.events.process-default", "AbC123"};
    const schedule::EventRef network{"logs-endpoint.events.network-default", "DeF456"};
    EXPECT_EQ(schedule::eventAlertId(process, "default", rule),
        "2bf62b242d3c22201733b0f165d1d63b72aad096b12956e76adb5537e4897139");
    const auto ids = schedule::sequenceAlertIds({process, network}, rule);
    ASSERT_EQ(ids.buildingBlocks.size(), 2u);
    EXPECT_EQ(ids.buildingBlocks[0], "d45ea1c1052fafa5d13c490e54aa08622471f1833c9c2ee16c90692345dc385f");
    EXPECT_EQ(ids.buildingBlocks[1], "2cc892b7d397f6c1c1088cf426166075db44b69436c28ff5b9642ab6df13b26b");
    EXPECT_EQ(ids.shell, "b4ecd6e50b89e2f9462d8cacdc5e59ade1bb678b873092e1bb0c17f671f01859");
    EXPECT_NE(schedule::sequenceAlertIds({network, process}, rule).shell, ids.shell) << "order matters";
    EXPECT_NE(schedule::eventAlertId(process, "other-space", rule), schedule::eventAlertId(process, "default", rule));
}
