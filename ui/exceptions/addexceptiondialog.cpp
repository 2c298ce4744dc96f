// SPDX-License-Identifier: Apache-2.0
#include "exceptions/addexceptiondialog.h"

#include "exceptions/exceptionfilter.h"
#include "util/timestamp.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QTableWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace {
enum Column { Use, Field, Type, Value };
// Fields that identify the benign activity behind a false positive, most specific first.
const char* const ProposedFields[]
    = {"process.parent.name", "process.name", "process.args", "process.code_signature.subject_name",
        "process.executable", "destination.domain", "destination.ip", "dns.question.name", "host.name", "user.name"};
} // namespace

AddExceptionDialog::AddExceptionDialog(std::shared_ptr<const wb::EventStore> store,
    std::vector<std::vector<wb::EventIndex>> alerts, int alert, const QStringList& existingLists, QWidget* parent)
    : QDialog(parent)
    , m_store(std::move(store))
    , m_alerts(std::move(alerts))
    , m_alert(alert)
    , m_entries(new QTableWidget(0, 4))
    , m_name(new QLineEdit)
    , m_comment(new QLineEdit)
    , m_list(new QComboBox)
    , m_expires(new QLineEdit)
    , m_preview(new QLabel) {
    setWindowTitle(tr("Add Exception"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Entries (all checked entries must match; values are case-sensitive):")));
    m_entries->setHorizontalHeaderLabels({tr("Use"), tr("Field"), tr("Type"), tr("Value")});
    m_entries->horizontalHeader()->setStretchLastSection(true);
    m_entries->verticalHeader()->setVisible(false);
    layout->addWidget(m_entries, 1);
    auto* form = new QFormLayout;
    m_name->setText(tr("Workbench exclusion"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Comment"), m_comment);
    m_list->setEditable(true);
    m_list->addItems(existingLists.isEmpty() ? QStringList{QStringLiteral("workbench-exclusions")} : existingLists);
    m_list->setToolTip(tr("The exception list (list_id) the item goes into; type a new id for a new list"));
    form->addRow(tr("List"), m_list);
    m_expires->setPlaceholderText(tr("never (or an ISO date such as 2027-01-01T00:00:00Z)"));
    form->addRow(tr("Expires"), m_expires);
    layout->addLayout(form);
    m_preview->setWordWrap(true);
    m_preview->setTextFormat(Qt::RichText);
    layout->addWidget(m_preview);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    propose();
    connect(m_entries, &QTableWidget::itemChanged, this, &AddExceptionDialog::updatePreview);
    connect(m_expires, &QLineEdit::textChanged, this, &AddExceptionDialog::updatePreview);
    resize(760, 520);
    updatePreview();
}

void AddExceptionDialog::propose() {
    if (m_alert < 0 || m_alert >= int(m_alerts.size())) return;
    QSet<QString> seen;
    for (const char* field : ProposedFields) {
        for (wb::EventIndex e : m_alerts[std::size_t(m_alert)]) {
            const wb::FieldId id = m_store->fields().find(field);
            if (id == wb::FieldTable::npos) continue;
            std::vector<std::string> values;
            m_store->forEachValue(e, id, [&](const wb::Value& v) {
                if (v.kind == wb::ValueKind::String) values.emplace_back(m_store->strings().view(v.string));
            });
            if (values.empty()) continue;
            QString type = QStringLiteral("match");
            QString value = QString::fromStdString(values.front());
            if (QLatin1String(field) == QLatin1String("process.args")) { // the most telling argument, as a wildcard
                std::string longest;
                for (const auto& v : values)
                    if (v.size() > longest.size()) longest = v;
                type = QStringLiteral("wildcard");
                value = QStringLiteral("*%1*").arg(QString::fromStdString(longest));
            }
            const QString key = QString::fromLatin1(field) + QLatin1Char('=') + value;
            if (seen.contains(key)) continue;
            seen.insert(key);
            const int row = m_entries->rowCount();
            m_entries->insertRow(row);
            auto* use = new QTableWidgetItem;
            use->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            use->setCheckState(row == 0 ? Qt::Checked : Qt::Unchecked);
            m_entries->setItem(row, Use, use);
            auto* f = new QTableWidgetItem(QString::fromLatin1(field));
            f->setFlags(Qt::ItemIsEnabled);
            m_entries->setItem(row, Field, f);
            m_entries->setItem(row, Type, new QTableWidgetItem(type));
            m_entries->setItem(row, Value, new QTableWidgetItem(value));
        }
    }
    m_entries->resizeColumnsToContents();
}

bool AddExceptionDialog::setEntryChecked(const QString& field, bool checked) {
    for (int r = 0; r < m_entries->rowCount(); ++r)
        if (m_entries->item(r, Field)->text() == field) {
            m_entries->item(r, Use)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
            return true;
        }
    return false;
}

wb::exceptions::ExceptionItem AddExceptionDialog::item() const {
    wb::exceptions::ExceptionItem item;
    item.itemId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    item.listId = listId().toStdString();
    item.name = m_name->text().toStdString();
    item.description = tr("Added in EQL Workbench").toStdString();
    if (!m_comment->text().isEmpty()) item.comments.push_back(m_comment->text().toStdString());
    if (!m_expires->text().trimmed().isEmpty()) item.expireTime = m_expires->text().trimmed().toStdString();
    for (int r = 0; r < m_entries->rowCount(); ++r) {
        if (m_entries->item(r, Use)->checkState() != Qt::Checked) continue;
        wb::exceptions::ExceptionEntry e;
        e.field = m_entries->item(r, Field)->text().toStdString();
        e.type = m_entries->item(r, Type)->text() == QLatin1String("wildcard")
            ? wb::exceptions::ExceptionEntry::Type::Wildcard
            : wb::exceptions::ExceptionEntry::Type::Match;
        e.value = m_entries->item(r, Value)->text().toStdString();
        item.entries.push_back(e);
    }
    return item;
}

QString AddExceptionDialog::listId() const {
    return m_list->currentText().trimmed();
}
QString AddExceptionDialog::previewText() const {
    return m_preview->text();
}

void AddExceptionDialog::updatePreview() {
    const wb::exceptions::ExceptionItem candidate = item();
    if (candidate.entries.empty()) {
        m_preview->setText(tr("<b>Check at least one entry.</b>"));
        return;
    }
    wb::exceptions::ExceptionSet set;
    set.lists.push_back({});
    set.lists[0].listId = candidate.listId;
    set.lists[0].items.push_back(candidate);
    const wb::exceptions::ExceptionFilter filter(*m_store, set, QDateTime::currentMSecsSinceEpoch() * 1'000'000);
    if (filter.activeItems().empty()) {
        m_preview->setText(tr("This item has already expired and would change nothing."));
        return;
    }
    const wb::exceptions::ExceptionItem& active = *filter.activeItems().front();
    std::size_t events = 0;
    for (wb::EventIndex e = 0; e < m_store->size(); ++e)
        events += filter.itemMatches(active, e);
    bool selectedGoes = false;
    QStringList others;
    for (int a = 0; a < int(m_alerts.size()); ++a) {
        bool hit = false;
        for (wb::EventIndex e : m_alerts[std::size_t(a)])
            hit = hit || filter.itemMatches(active, e);
        if (!hit) continue;
        if (a == m_alert)
            selectedGoes = true;
        else
            others << QStringLiteral("#%1").arg(a + 1);
    }
    QString text = tr("Removes <b>%1</b> events before the rule runs. ").arg(events);
    text += selectedGoes
        ? tr("The selected alert <b>goes away</b>. ")
        : tr("<span style='color:#b00020'>The selected alert stays</span>: no entry matches its events. ");
    if (others.isEmpty())
        text += tr("No other alert is affected.");
    else
        text += tr("<span style='color:#b00020'>It would also suppress %1 other alert(s): %2</span>")
                    .arg(others.size())
                    .arg(others.mid(0, 20).join(QStringLiteral(", "))
                        + (others.size() > 20 ? QStringLiteral(" …") : QString()));
    m_preview->setText(text);
}

std::unique_ptr<AddExceptionDialog> AddExceptionDialog::forSelectedAlert(const Workspace& workspace, QWidget* parent) {
    const int alert = workspace.selection().alert;
    if (!workspace.store() || alert < 0 || alert >= workspace.alertCount()) return nullptr;
    std::vector<std::vector<wb::EventIndex>> alerts;
    for (int a = 0; a < workspace.alertCount(); ++a)
        alerts.push_back(workspace.alertEvents(a));
    QStringList lists;
    for (const auto& l : workspace.exceptions().lists)
        lists << QString::fromStdString(l.listId);
    return std::make_unique<AddExceptionDialog>(workspace.store(), alerts, alert, lists, parent);
}

void AddExceptionDialog::addForSelectedAlert(Workspace& workspace, QWidget* parent) {
    auto dialog = forSelectedAlert(workspace, parent);
    if (!dialog) {
        QMessageBox::information(parent, tr("Add Exception"), tr("Select an alert to build an exception from."));
        return;
    }
    if (dialog->exec() == QDialog::Accepted) dialog->applyTo(workspace);
}

void AddExceptionDialog::applyTo(Workspace& workspace) const {
    const wb::exceptions::ExceptionItem made = item();
    if (!made.entries.empty()) workspace.addExceptionItem(listId(), made);
}
