// SPDX-License-Identifier: Apache-2.0
// Any bytes as a workbench session file: a session or a message naming the file, never a crash;
// a session that loads saves and loads back the same.
#include "fuzzinput.h"
#include "workspace/sessionfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wb::fuzz::InputFile file(data, size, ".eqlwb.json");
    QString error;
    const auto state = SessionFile::load(QString::fromStdString(file.path()), &error);
    if (!state) {
        if (error.isEmpty()) __builtin_trap(); // a refusal always says why
        return 0;
    }
    wb::fuzz::InputFile again(nullptr, 0, ".again.eqlwb.json");
    if (!SessionFile::save(QString::fromStdString(again.path()), *state, &error)) return 0;
    const auto reread = SessionFile::load(QString::fromStdString(again.path()), &error);
    if (!reread || reread->ruleText != state->ruleText || reread->captures != state->captures) __builtin_trap();
    return 0;
}
