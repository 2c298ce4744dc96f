// SPDX-License-Identifier: Apache-2.0
#include "sourcetext.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace wb {

SourceText::~SourceText() {
    if (m_fd >= 0) ::close(m_fd);
}

std::unique_ptr<SourceText> SourceText::openFile(const std::string& path, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return nullptr;
    }
    return std::unique_ptr<SourceText>(new SourceText(fd, false));
}

std::unique_ptr<SourceText> SourceText::createSpill(std::string& error) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/eqlwb-spill-XXXXXX";
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        error = std::string("cannot create a temporary file: ") + std::strerror(errno);
        return nullptr;
    }
    ::unlink(pattern.c_str()); // the file lives as long as the descriptor
    return std::unique_ptr<SourceText>(new SourceText(fd, true));
}

bool SourceText::append(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t written = ::pwrite(m_fd, data, size, static_cast<off_t>(m_size));
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
        m_size += static_cast<std::uint64_t>(written);
    }
    return true;
}

bool SourceText::read(std::uint64_t offset, std::uint32_t length, std::string& out) const {
    out.resize(length);
    std::size_t done = 0;
    while (done < length) {
        const ssize_t got = ::pread(m_fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            out.clear();
            return false;
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

} // namespace wb
