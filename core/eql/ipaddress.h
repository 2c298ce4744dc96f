// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wb::eql {

// An IPv4 or IPv6 address as 16 bytes; IPv4 is held in its IPv4-mapped IPv6 form
// (::ffff:a.b.c.d), which is how Elasticsearch's `ip` type compares the two families.
using IpBytes = std::array<std::uint8_t, 16>;

std::optional<IpBytes> parseIp(std::string_view text);
// Canonical text: dotted quad for IPv4, RFC 5952 compressed hex for IPv6.
std::string formatIp(const IpBytes& ip);

struct CidrBlock {
    IpBytes network{};
    int prefixBits = 128; // in the 128-bit space
};
// "10.0.0.0/8", "fe80::/10", or a bare address (= /32 or /128).
std::optional<CidrBlock> parseCidr(std::string_view text);
bool cidrContains(const CidrBlock& block, const IpBytes& ip);

} // namespace wb::eql
