// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace wb {

class SourceText;

// Reads a capture file in chunks, transparently gunzipping it (detected by its magic bytes, not its
// name). The decompressed bytes of a gzip file are also kept in a spill file so that records can
// be read back later by offset.
class ByteReader {
public:
    ~ByteReader();
    ByteReader(const ByteReader&) = delete;
    ByteReader& operator=(const ByteReader&) = delete;

    static std::unique_ptr<ByteReader> open(const std::string& path, std::string& error);

    // Fills up to `capacity` bytes; returns 0 at the end, -1 on error (see error()).
    long read(char* buffer, std::size_t capacity);
    bool compressed() const { return m_gz != nullptr; }
    std::uint64_t fileSize() const { return m_fileSize; }
    // Bytes of the file consumed so far (compressed bytes for gzip), for progress.
    std::uint64_t position() const;
    const std::string& error() const { return m_error; }

    // The random-access text for records: the file itself, or the decompressed spill.
    std::shared_ptr<const SourceText> sourceText() const { return m_text; }

private:
    ByteReader() = default;
    int m_fd = -1;
    void* m_gz = nullptr; // gzFile
    std::uint64_t m_fileSize = 0;
    std::uint64_t m_position = 0;
    std::shared_ptr<SourceText> m_text;
    std::string m_error;
};

} // namespace wb
