// SPDX-License-Identifier: Apache-2.0
#include "bytereader.h"

#include "store/sourcetext.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace wb {

ByteReader::~ByteReader() {
    if (m_gz)
        gzclose(static_cast<gzFile>(m_gz));
    else if (m_fd >= 0)
        ::close(m_fd);
}

std::unique_ptr<ByteReader> ByteReader::open(const std::string& path, std::string& error) {
    std::unique_ptr<ByteReader> reader(new ByteReader());
    reader->m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader->m_fd < 0) {
        error = std::strerror(errno);
        return nullptr;
    }
    struct stat st { };
    if (::fstat(reader->m_fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
        return nullptr;
    }
    reader->m_fileSize = static_cast<std::uint64_t>(st.st_size);

    unsigned char magic[2] = {0, 0};
    const ssize_t got = ::pread(reader->m_fd, magic, 2, 0);
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        const int dupFd = ::dup(reader->m_fd);
        gzFile gz = dupFd >= 0 ? gzdopen(dupFd, "rb") : nullptr;
        if (!gz) {
            error = "cannot open the gzip stream";
            return nullptr;
        }
        gzbuffer(gz, 1 << 18);
        reader->m_gz = gz;
        std::string spillError;
        auto spill = SourceText::createSpill(spillError);
        if (!spill) {
            error = spillError;
            return nullptr;
        }
        reader->m_text = std::move(spill);
    } else {
        auto text = SourceText::openFile(path, error);
        if (!text) return nullptr;
        reader->m_text = std::move(text);
    }
    return reader;
}

long ByteReader::read(char* buffer, std::size_t capacity) {
    if (m_gz) {
        const int got = gzread(static_cast<gzFile>(m_gz), buffer, static_cast<unsigned>(capacity));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(static_cast<gzFile>(m_gz), &code);
            m_error = std::string("corrupt gzip data: ") + (message ? message : "unknown error");
            return -1;
        }
        if (got == 0) {
            int code = 0;
            gzerror(static_cast<gzFile>(m_gz), &code);
            if (code == Z_BUF_ERROR) {
                m_error = "the gzip file is truncated";
                return -1;
            }
        }
        if (got > 0 && !m_text->append(buffer, static_cast<std::size_t>(got))) {
            m_error = "cannot write the decompressed data to the temporary directory";
            return -1;
        }
        m_position = static_cast<std::uint64_t>(gzoffset(static_cast<gzFile>(m_gz)));
        return got;
    }
    for (;;) {
        const ssize_t got = ::read(m_fd, buffer, capacity);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            m_error = std::strerror(errno);
            return -1;
        }
        m_position += static_cast<std::uint64_t>(got);
        return got;
    }
}

std::uint64_t ByteReader::position() const {
    return m_position;
}

} // namespace wb
