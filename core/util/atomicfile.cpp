// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wb {

bool writeFileAtomically(const std::string& path, const std::string& content, bool overwrite, std::string* error) {
    auto fail = [&](const std::string& what) {
        if (error) *error = path + ": " + what;
        return false;
    };
    struct stat st { };
    if (!overwrite && ::stat(path.c_str(), &st) == 0) return fail("already exists (use --force to replace it)");
    std::string temp = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) return fail(std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            ::unlink(temp.c_str());
            return fail("cannot write: " + reason);
        }
        written += std::size_t(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temp.c_str());
        return fail(std::string("cannot flush: ") + std::strerror(errno));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temp.c_str());
        return fail("cannot replace: " + reason);
    }
    return true;
}

} // namespace wb
