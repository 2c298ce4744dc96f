// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace wb {

// Random access to the bytes a capture was loaded from, so the exact original record can be shown
// and exported without keeping gigabytes of JSON in memory. Plain files are read in place;
// compressed files are decompressed once into an anonymous temporary file.
class SourceText {
public:
    ~SourceText();
    SourceText(const SourceText&) = delete;
    SourceText& operator=(const SourceText&) = delete;

    static std::unique_ptr<SourceText> openFile(const std::string& path, std::string& error);
    static std::unique_ptr<SourceText> createSpill(std::string& error);

    bool append(const char* data, std::size_t size);
    // Returns false if the bytes cannot be read any more (file truncated or removed).
    bool read(std::uint64_t offset, std::uint32_t length, std::string& out) const;

private:
    explicit SourceText(int fd, bool spill)
        : m_fd(fd)
        , m_spill(spill) { }
    int m_fd = -1;
    bool m_spill = false;
    std::uint64_t m_size = 0;
};

} // namespace wb
