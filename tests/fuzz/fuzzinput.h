// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared by the libFuzzer targets: the input as text, and as a file for readers that take paths.

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace wb::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// A file holding the input, removed when it goes away.
class InputFile {
public:
    InputFile(const std::uint8_t* data, std::size_t size, const char* suffix) {
        m_path = "/tmp/eqlwb-fuzz-" + std::to_string(getpid()) + suffix;
        if (FILE* f = std::fopen(m_path.c_str(), "wb")) {
            std::fwrite(data, 1, size, f);
            std::fclose(f);
        }
    }
    ~InputFile() { std::remove(m_path.c_str()); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace wb::fuzz
