// SPDX-License-Identifier: Apache-2.0
#include "ipaddress.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace wb::eql {

namespace {
std::optional<std::array<std::uint8_t, 4>> parseV4(std::string_view s) {
    std::array<std::uint8_t, 4> out{};
    std::size_t pos = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (pos >= s.size() || s[pos] != '.') return std::nullopt;
            ++pos;
        }
        const std::size_t start = pos;
        unsigned value = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 3)
            value = value * 10 + unsigned(s[pos++] - '0');
        if (pos == start || value > 255) return std::nullopt;
        out[std::size_t(part)] = std::uint8_t(value);
    }
    if (pos != s.size()) return std::nullopt;
    return out;
}
int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

std::optional<IpBytes> parseIp(std::string_view s) {
    IpBytes out{};
    if (s.find(':') == std::string_view::npos) {
        auto v4 = parseV4(s);
        if (!v4) return std::nullopt;
        out[10] = out[11] = 0xFF;
        for (int i = 0; i < 4; ++i)
            out[std::size_t(12 + i)] = (*v4)[std::size_t(i)];
        return out;
    }
    if (const std::size_t pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct); // zone id
    std::vector<std::uint16_t> head, tail;
    bool compressed = false;
    std::size_t pos = 0;
    if (s.substr(0, 2) == "::") {
        compressed = true;
        pos = 2;
    } else if (!s.empty() && s[0] == ':') {
        return std::nullopt;
    }
    int embeddedV4Groups = 0;
    while (pos < s.size()) {
        const std::size_t end = std::min(s.find(':', pos), s.size());
        const std::string_view group = s.substr(pos, end - pos);
        if (group.find('.') != std::string_view::npos) { // trailing embedded IPv4
            if (end != s.size()) return std::nullopt;
            auto v4 = parseV4(group);
            if (!v4) return std::nullopt;
            auto& target = compressed ? tail : head;
            target.push_back(std::uint16_t(((*v4)[0] << 8) | (*v4)[1]));
            target.push_back(std::uint16_t(((*v4)[2] << 8) | (*v4)[3]));
            embeddedV4Groups = 2;
            pos = end;
            break;
        }
        if (group.empty() || group.size() > 4) return std::nullopt;
        unsigned value = 0;
        for (char c : group) {
            const int h = hex(c);
            if (h < 0) return std::nullopt;
            value = value * 16 + unsigned(h);
        }
        (compressed ? tail : head).push_back(std::uint16_t(value));
        pos = end;
        if (pos < s.size()) {
            ++pos; // ':'
            if (pos < s.size() && s[pos] == ':') {
                if (compressed) return std::nullopt;
                compressed = true;
                ++pos;
            } else if (pos == s.size()) {
                return std::nullopt;
            }
        }
    }
    (void)embeddedV4Groups;
    const std::size_t groups = head.size() + tail.size();
    if ((compressed && groups > 7) || (!compressed && groups != 8)) return std::nullopt;
    std::array<std::uint16_t, 8> words{};
    for (std::size_t i = 0; i < head.size(); ++i)
        words[i] = head[i];
    for (std::size_t i = 0; i < tail.size(); ++i)
        words[8 - tail.size() + i] = tail[i];
    for (std::size_t i = 0; i < 8; ++i) {
        out[2 * i] = std::uint8_t(words[i] >> 8);
        out[2 * i + 1] = std::uint8_t(words[i] & 0xFF);
    }
    return out;
}

std::string formatIp(const IpBytes& ip) {
    bool mapped = true;
    for (int i = 0; i < 10; ++i)
        mapped = mapped && ip[std::size_t(i)] == 0;
    if (mapped && ip[10] == 0xFF && ip[11] == 0xFF)
        return std::to_string(ip[12]) + "." + std::to_string(ip[13]) + "." + std::to_string(ip[14]) + "."
            + std::to_string(ip[15]);
    std::array<unsigned, 8> w{};
    for (std::size_t i = 0; i < 8; ++i)
        w[i] = unsigned(ip[2 * i] << 8 | ip[2 * i + 1]);
    int bestStart = -1, bestLen = 0;
    for (int i = 0; i < 8;) {
        if (w[std::size_t(i)] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && w[std::size_t(j)] == 0)
            ++j;
        if (j - i > bestLen && j - i >= 2) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    std::string out;
    char buf[8];
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            out += "::";
            i += bestLen - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buf, sizeof buf, "%x", w[std::size_t(i)]);
        out += buf;
    }
    return out;
}

std::optional<CidrBlock> parseCidr(std::string_view text) {
    const std::size_t slash = text.find('/');
    auto ip = parseIp(text.substr(0, slash));
    if (!ip) return std::nullopt;
    const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    CidrBlock block;
    block.network = *ip;
    if (slash == std::string_view::npos) return block;
    int bits = 0;
    const std::string_view digits = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || bits < 0 || bits > (v4 ? 32 : 128))
        return std::nullopt;
    block.prefixBits = v4 ? bits + 96 : bits;
    for (int i = block.prefixBits; i < 128; ++i)
        block.network[std::size_t(i / 8)] &= std::uint8_t(~(0x80 >> (i % 8)));
    return block;
}

bool cidrContains(const CidrBlock& block, const IpBytes& ip) {
    for (int i = 0; i < block.prefixBits; ++i) {
        const std::uint8_t mask = std::uint8_t(0x80 >> (i % 8));
        if ((ip[std::size_t(i / 8)] & mask) != (block.network[std::size_t(i / 8)] & mask)) return false;
    }
    return true;
}

} // namespace wb::eql
