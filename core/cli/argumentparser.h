// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace wb {

// A small GNU-style option parser: `--name value`, `--name=value`, repeated options, flags, and
// positional arguments. Options that take several values (`--events a b c`) collect every
// following argument up to the next option.
class ArgumentParser {
public:
    void addFlag(const std::string& name);
    void addOption(const std::string& name);
    void addMultiOption(const std::string& name);

    // Returns false and sets error() on an unknown option or a missing value.
    bool parse(const std::vector<std::string>& args);
    const std::string& error() const { return m_error; }

    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    enum class Kind { Flag, Single, Multi };
    std::map<std::string, Kind> m_known;
    std::set<std::string> m_flags;
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positional;
    std::string m_error;
};

} // namespace wb
