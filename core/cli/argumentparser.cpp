// SPDX-License-Identifier: Apache-2.0
#include "argumentparser.h"

namespace wb {

void ArgumentParser::addFlag(const std::string& name) {
    m_known[name] = Kind::Flag;
}
void ArgumentParser::addOption(const std::string& name) {
    m_known[name] = Kind::Single;
}
void ArgumentParser::addMultiOption(const std::string& name) {
    m_known[name] = Kind::Multi;
}

bool ArgumentParser::parse(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            m_positional.insert(m_positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            return true;
        }
        if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        const auto known = m_known.find(name);
        if (known == m_known.end()) {
            m_error = "unknown option " + name;
            return false;
        }
        if (known->second == Kind::Flag) {
            if (inlineValue) {
                m_error = name + " takes no value";
                return false;
            }
            m_flags.insert(name);
            continue;
        }
        auto& list = m_values[name];
        if (inlineValue) {
            list.push_back(*inlineValue);
        } else {
            if (i + 1 >= args.size()) {
                m_error = name + " needs a value";
                return false;
            }
            list.push_back(args[++i]);
        }
        if (known->second == Kind::Multi) {
            while (i + 1 < args.size() && (args[i + 1].empty() || args[i + 1][0] != '-' || args[i + 1] == "-"))
                list.push_back(args[++i]);
        } else if (list.size() > 1) {
            m_error = name + " given more than once";
            return false;
        }
    }
    return true;
}

std::optional<std::string> ArgumentParser::value(const std::string& name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> ArgumentParser::values(const std::string& name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>() : it->second;
}

} // namespace wb
