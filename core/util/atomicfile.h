// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace wb {

// Writes a whole file or nothing: the content goes to a temporary file beside the target, is
// flushed to disk, then renamed over it. An existing file is replaced only when `overwrite` is
// set, so nothing the user made is overwritten silently. Returns false with a message naming
// the file.
bool writeFileAtomically(const std::string& path, const std::string& content, bool overwrite, std::string* error);

} // namespace wb
