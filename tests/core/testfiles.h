// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace wb::test {

// A temporary directory removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    std::string write(const std::string& name, const std::string& content) const;
    std::string writeGzip(const std::string& name, const std::string& content) const;

private:
    std::string m_path;
};

std::string readFile(const std::string& path);

} // namespace wb::test
