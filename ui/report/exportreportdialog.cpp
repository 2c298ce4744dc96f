// SPDX-License-Identifier: Apache-2.0
#include "report/exportreportdialog.h"

#include "report/reportbuilder.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {
QString extensionOf(ReportExportJob::Format format) {
    return format == ReportExportJob::Format::Pdf ? QStringLiteral("pdf") : QStringLiteral("html");
}
} // namespace

ExportReportDialog::ExportReportDialog(
    int alerts, int selected, const QString& suggestedPath, const QString& tunedFrom, QWidget* parent)
    : QDialog(parent)
    , m_selectedAlert(selected) {
    setWindowTitle(tr("Export Report"));
    auto* form = new QFormLayout;

    auto* which = new QVBoxLayout;
    const int limit = int(wb::report::MaxReportedAlerts);
    m_every = new QRadioButton(alerts > limit ? tr("The first %1 of the run's %2 alerts").arg(limit).arg(alerts)
                                              : tr("Every alert of the run (%1)").arg(alerts));
    m_selected = new QRadioButton(
        selected >= 0 ? tr("The selected alert (#%1)").arg(selected + 1) : tr("The selected alert (none selected)"));
    m_selected->setEnabled(selected >= 0);
    (selected >= 0 ? m_selected : m_every)->setChecked(true);
    which->addWidget(m_every);
    which->addWidget(m_selected);
    form->addRow(tr("Alerts:"), which);

    m_format = new QComboBox;
    m_format->addItem(tr("PDF document — to print or attach"), int(ReportExportJob::Format::Pdf));
    m_format->addItem(tr("HTML page — one self-contained file"), int(ReportExportJob::Format::Html));
    form->addRow(tr("Format:"), m_format);

    auto* where = new QHBoxLayout;
    m_path = new QLineEdit(suggestedPath);
    m_path->setMinimumWidth(360);
    auto* choose = new QPushButton(tr("Choose…"));
    where->addWidget(m_path, 1);
    where->addWidget(choose);
    form->addRow(tr("File:"), where);

    auto* about = new QLabel(
        tr("The rule with its settings and MITRE mapping, the exception lists and what each suppressed, the capture, "
           "and for each alert its stages, the lanes of its window, its attack graph and why every condition held.")
        + (tunedFrom.isEmpty() ? QString()
                               : tr(" The rule is tuned: the report shows what changed from %1.").arg(tunedFrom)));
    about->setWordWrap(true);
    about->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(about);
    layout->addWidget(buttons);

    connect(choose, &QPushButton::clicked, this, &ExportReportDialog::chooseFile);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportReportDialog::formatChanged);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportReportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportReportDialog::reject);
    formatChanged();
}

QString ExportReportDialog::path() const {
    return m_path->text().trimmed();
}

ReportExportJob::Format ExportReportDialog::format() const {
    return ReportExportJob::Format(m_format->currentData().toInt());
}

std::optional<int> ExportReportDialog::alert() const {
    if (m_selected->isChecked() && m_selectedAlert >= 0) return m_selectedAlert;
    return std::nullopt;
}

void ExportReportDialog::setFormat(ReportExportJob::Format format) {
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ExportReportDialog::setPath(const QString& path) {
    m_path->setText(path);
}

void ExportReportDialog::formatChanged() {
    // report.pdf becomes report.html and back; a name without either extension gets one.
    const QString wanted = extensionOf(format());
    QString text = path();
    if (text.isEmpty()) return;
    const QFileInfo info(text);
    const QString suffix = info.suffix().toLower();
    if (suffix == wanted) return;
    if (suffix == QLatin1String("pdf") || suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        text.chop(suffix.size() + 1);
    m_path->setText(text + QLatin1Char('.') + wanted);
}

void ExportReportDialog::chooseFile() {
    const QString filter
        = format() == ReportExportJob::Format::Pdf ? tr("PDF documents (*.pdf)") : tr("HTML pages (*.html *.htm)");
    // The file dialog asks before replacing a file; accept() then does not ask again.
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Report"), path(), filter);
    if (chosen.isEmpty()) return;
    m_path->setText(chosen);
    formatChanged();
    m_confirmed = chosen;
}

void ExportReportDialog::accept() {
    const QString target = path();
    if (target.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Say where the report goes."));
        return;
    }
    const QFileInfo info(target);
    if (info.isDir()) {
        QMessageBox::warning(this, windowTitle(), tr("%1 is a folder: give a file name.").arg(target));
        return;
    }
    if (!info.absoluteDir().exists()) {
        QMessageBox::warning(this, windowTitle(), tr("There is no folder %1.").arg(info.absolutePath()));
        return;
    }
    if (info.exists() && target != m_confirmed
        && QMessageBox::question(this, windowTitle(), tr("%1 is there already. Replace it?").arg(info.fileName()))
            != QMessageBox::Yes)
        return;
    QDialog::accept();
}
