// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "replay/replaycontroller.h"

#include <QDialog>
#include <optional>
#include <vector>

class QTableWidget;

// Edits the story captions of a replay: a row per caption (its time, ISO-8601 UTC, and its
// text), one added at the replay clock's time, rows removed. Nothing is kept until every row has
// a time that parses and a text; the error names the row.
class CaptionsDialog : public QDialog {
    Q_OBJECT
public:
    CaptionsDialog(const std::vector<ReplayController::Caption>& captions, std::int64_t nowNs, const QString& path,
        QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    void addRow(std::int64_t ns, const QString& text = {});
    void removeSelectedRows();
    // The captions as edited, in time order, or nothing and why.
    std::optional<std::vector<ReplayController::Caption>> captions(QString* error) const;

    void accept() override;

private:
    QTableWidget* m_table;
    std::int64_t m_now;
};
