// SPDX-License-Identifier: Apache-2.0
#include "events/eventdocumentview.h"

#include "workspace/workspace.h"

#include <QFontDatabase>
#include <nlohmann/json.hpp>

EventDocumentView::EventDocumentView(Workspace* workspace, QWidget* parent)
    : QPlainTextEdit(parent)
    , m_workspace(workspace) {
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(tr("Select an event to see its original document"));
    connect(m_workspace, &Workspace::selectionChanged, this, &EventDocumentView::showSelection);
    connect(m_workspace, &Workspace::captureChanged, this, &QPlainTextEdit::clear);
}

void EventDocumentView::showSelection() {
    const Workspace::Selection& selection = m_workspace->selection();
    const auto& store = m_workspace->store();
    if (!store || selection.events.empty()) return;
    const wb::EventIndex e = selection.event ? *selection.event : selection.events.front();
    std::string text;
    if (!store->sourceDocument(e, text)) {
        setPlainText(tr("The original document of this event cannot be read back from its file."));
        return;
    }
    try {
        setPlainText(QString::fromStdString(nlohmann::json::parse(text).dump(2)));
    } catch (const nlohmann::json::exception&) {
        setPlainText(QString::fromStdString(text));
    }
}
