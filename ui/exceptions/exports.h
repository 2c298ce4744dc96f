// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QMenu;
class QWidget;
class Workspace;

// What the workspace's exceptions and tuned rule export as: Kibana exception lists (NDJSON), a
// detection-rules exception list (TOML), the tuned rule for Kibana (NDJSON) or detection-rules
// (TOML), EQL, and the _eql/search request Kibana would send (also as curl).
namespace Exports {
// The keys: kibana-lists, toml-list, kibana-rule, toml-rule, eql, es-request, curl.
QString text(const Workspace& workspace, const QString& what);
// Writes atomically; false with a message naming the file.
bool toFile(const Workspace& workspace, const QString& what, const QString& path, QString* error);
// The export entries, each asking for a file (or copying to the clipboard for the requests).
void addActions(QMenu* menu, Workspace* workspace, QWidget* dialogParent);
} // namespace Exports
