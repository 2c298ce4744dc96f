// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPlainTextEdit>

class Workspace;

// The original JSON document of the selected event (or of the selected alert's first event),
// read back exactly from its capture file.
class EventDocumentView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit EventDocumentView(Workspace* workspace, QWidget* parent = nullptr);

private:
    void showSelection();

    Workspace* m_workspace;
};
