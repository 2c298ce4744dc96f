// SPDX-License-Identifier: Apache-2.0
#include "semver.h"

#include <vector>

namespace wb::eql {

namespace {
struct Parsed {
    std::vector<std::string_view> numbers;
    std::vector<std::string_view> prerelease;
    bool valid = false;
};
bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = s.find(sep, start);
        parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) return parts;
        start = dot + 1;
    }
}
Parsed parse(std::string_view v) {
    Parsed p;
    if (const std::size_t plus = v.find('+'); plus != std::string_view::npos) v = v.substr(0, plus);
    std::string_view main = v, pre;
    if (const std::size_t dash = v.find('-'); dash != std::string_view::npos) {
        main = v.substr(0, dash);
        pre = v.substr(dash + 1);
        if (pre.empty()) return p;
        p.prerelease = split(pre, '.');
        for (std::string_view id : p.prerelease) {
            if (id.empty()) return p;
            for (char c : id)
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return p;
        }
    }
    p.numbers = split(main, '.');
    for (std::string_view n : p.numbers)
        if (!allDigits(n)) return p;
    p.valid = true;
    return p;
}
int compareNumeric(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a[0] == '0')
        a.remove_prefix(1);
    while (b.size() > 1 && b[0] == '0')
        b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}
} // namespace

bool isValidVersion(std::string_view v) {
    return parse(v).valid;
}

int compareVersions(std::string_view a, std::string_view b) {
    const Parsed pa = parse(a), pb = parse(b);
    if (!pa.valid || !pb.valid) {
        if (pa.valid != pb.valid) return pa.valid ? -1 : 1;
        return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
    }
    for (std::size_t i = 0; i < std::max(pa.numbers.size(), pb.numbers.size()); ++i) {
        if (i >= pa.numbers.size()) return -1;
        if (i >= pb.numbers.size()) return 1;
        if (int c = compareNumeric(pa.numbers[i], pb.numbers[i])) return c;
    }
    if (pa.prerelease.empty() != pb.prerelease.empty()) return pa.prerelease.empty() ? 1 : -1;
    for (std::size_t i = 0; i < std::max(pa.prerelease.size(), pb.prerelease.size()); ++i) {
        if (i >= pa.prerelease.size()) return -1;
        if (i >= pb.prerelease.size()) return 1;
        const std::string_view x = pa.prerelease[i], y = pb.prerelease[i];
        const bool nx = allDigits(x), ny = allDigits(y);
        if (nx && ny) {
            if (int c = compareNumeric(x, y)) return c;
        } else if (nx != ny) {
            return nx ? -1 : 1;
        } else if (int c = x.compare(y)) {
            return c < 0 ? -1 : 1;
        }
    }
    return 0;
}

} // namespace wb::eql
