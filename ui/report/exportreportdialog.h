// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "workspace/reportexport.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLineEdit;
class QRadioButton;

// File → Export Report…: which alerts (every one of the run, or the selected one), PDF or HTML,
// and where. The file's extension follows the format; a file that is there is replaced only
// when the user says so.
class ExportReportDialog : public QDialog {
    Q_OBJECT
public:
    // `alerts`: in the last run; `selected`: the selected alert (from 0), -1 for none;
    // `tunedFrom`: what the rule was tuned from, empty when it is not tuned.
    ExportReportDialog(
        int alerts, int selected, const QString& suggestedPath, const QString& tunedFrom, QWidget* parent = nullptr);

    QString path() const;
    ReportExportJob::Format format() const;
    std::optional<int> alert() const; // nullopt: every alert

    void setFormat(ReportExportJob::Format format);
    void setPath(const QString& path);
    QRadioButton* selectedAlertButton() const { return m_selected; }

    void accept() override;

private:
    void chooseFile();
    void formatChanged();

    QRadioButton* m_every;
    QRadioButton* m_selected;
    QComboBox* m_format;
    QLineEdit* m_path;
    int m_selectedAlert;
    QString m_confirmed; // a path the file dialog already asked to replace
};
