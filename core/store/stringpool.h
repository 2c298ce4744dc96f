// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace wb {

using StringId = std::uint32_t;

// Interns strings so that a million events naming "installer" hold one copy. Ids are dense and
// stable (0 is the empty string), which lets predicates memoise their answer per id.
class StringPool {
public:
    StringPool();

    StringId intern(std::string_view text);
    // Returns the id if the string was interned before, or npos.
    StringId find(std::string_view text) const;
    std::string_view view(StringId id) const { return m_views[id]; }
    std::size_t size() const { return m_views.size(); }
    std::size_t memoryBytes() const;

    static constexpr StringId npos = 0xffffffffu;

private:
    void grow();
    const char* store(std::string_view text);

    std::vector<std::string_view> m_views;
    std::vector<StringId> m_slots; // open addressing; npos marks an empty slot
    std::vector<std::uint32_t> m_hashes;
    std::vector<std::unique_ptr<char[]>> m_chunks;
    std::size_t m_chunkUsed = 0;
    std::size_t m_chunkSize = 0;
    std::size_t m_arenaBytes = 0;
};

std::uint32_t hashBytes(std::string_view text);

} // namespace wb
