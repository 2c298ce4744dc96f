// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstring>
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
    std::string_view view(StringId id) const {
        // Each string is stored as a 4-byte length followed by its bytes.
        const char* at = m_chunks[m_refs[id] >> 32].get() + (m_refs[id] & 0xffffffffu);
        std::uint32_t length;
        std::memcpy(&length, at, 4);
        return {at + 4, length};
    }
    std::size_t size() const { return m_refs.size(); }
    struct MemoryParts {
        std::size_t text = 0, references = 0, hashTable = 0;
    };
    MemoryParts memoryParts() const;

    static constexpr StringId npos = 0xffffffffu;

    // For the capture cache: the strings packed into fresh chunks, their references and the hash
    // slots (which hold ids, not addresses). load() checks every reference against its chunk.
    template <class Archive> void save(Archive& a) const;
    template <class Archive> bool load(Archive& a);

private:
    void grow();
    std::uint64_t store(std::string_view text);
    std::size_t probe(std::string_view text, std::uint32_t hash) const;

    std::vector<std::uint64_t> m_refs; // id -> (chunk << 32 | offset)
    // Open addressing; each slot holds (hash << 32 | id + 1), 0 when empty, so most probes never
    // touch the string bytes.
    std::vector<std::uint64_t> m_slots;
    std::vector<std::unique_ptr<char[]>> m_chunks;
    static constexpr std::size_t NoChunk = ~std::size_t(0);
    std::size_t m_shared = NoChunk; // the chunk small strings go into
    std::size_t m_chunkUsed = 0;
    std::size_t m_chunkSize = 0;
    std::size_t m_arenaBytes = 0;
};

std::uint32_t hashBytes(std::string_view text);

} // namespace wb
