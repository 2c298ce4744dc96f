// SPDX-License-Identifier: Apache-2.0
#include "exceptionspanel.h"

#include "exceptionitemdialog.h"
#include "exceptions/exceptionio.h"
#include "util/timestamp.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { Name, Entries, Alerts, Events, Expires };

QString entryText(const wb::exceptions::ExceptionEntry& e) {
    using T = wb::exceptions::ExceptionEntry::Type;
    const QString field = QString::fromStdString(e.field);
    const QString op = e.excluded ? QStringLiteral(" is not ") : QStringLiteral(" is ");
    switch (e.type) {
    case T::Match:
        return field + op + QString::fromStdString(e.value);
    case T::Wildcard:
        return field + (e.excluded ? QStringLiteral(" not like ") : QStringLiteral(" like "))
            + QString::fromStdString(e.value);
    case T::MatchAny: {
        QStringList v;
        for (const auto& s : e.values)
            v << QString::fromStdString(s);
        return field + (e.excluded ? QStringLiteral(" not in (") : QStringLiteral(" in ("))
            + v.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    case T::Exists:
        return field + (e.excluded ? QStringLiteral(" does not exist") : QStringLiteral(" exists"));
    case T::List:
        return field + QStringLiteral(" in value list ") + QString::fromStdString(e.listId);
    case T::Nested: {
        QStringList parts;
        for (const auto& sub : e.entries)
            parts << entryText(sub);
        return field + QStringLiteral(" { ") + parts.join(QStringLiteral(" AND ")) + QStringLiteral(" }");
    }
    }
    return field;
}
} // namespace

ExceptionsPanel::ExceptionsPanel(QWidget* parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget)
    , m_warnings(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* bar = new QHBoxLayout;
    auto button = [&](const QString& text, const QString& tip) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        bar->addWidget(b);
        return b;
    };
    connect(button(tr("Add from alert…"), tr("Build an exception from the selected alert's events, with a preview")),
        &QToolButton::clicked, this, &ExceptionsPanel::addFromAlertRequested);
    connect(button(tr("Import…"), tr("Import Kibana exception lists (NDJSON) or detection-rules TOML")),
        &QToolButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Import Exceptions"), QString(),
                tr("Exception lists (*.ndjson *.json *.toml);;All files (*)"));
            QString error;
            if (!path.isEmpty() && !importFile(path, &error))
                QMessageBox::warning(this, tr("Import Exceptions"), error);
        });
    connect(button(tr("Edit…"), tr("Edit the selected item's name, expiry and entries")), &QToolButton::clicked, this,
        &ExceptionsPanel::editSelected);
    connect(button(tr("Expire"), tr("Set the selected item's expire_time to now")), &QToolButton::clicked, this,
        &ExceptionsPanel::expireSelected);
    connect(button(tr("Comment…"), tr("Add a comment to the selected item")), &QToolButton::clicked, this,
        &ExceptionsPanel::commentSelected);
    connect(button(tr("Delete"), tr("Delete the selected item")), &QToolButton::clicked, this,
        &ExceptionsPanel::deleteSelected);
    auto* exportButton = button(tr("Export"), tr("Export the exception lists or the tuned rule"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    const std::pair<QString, QString> exports[]
        = {{tr("Exception lists for Kibana (NDJSON)…"), QStringLiteral("kibana-lists")},
            {tr("Exception list for detection-rules (TOML)…"), QStringLiteral("toml-list")},
            {tr("Tuned rule for Kibana (NDJSON)…"), QStringLiteral("kibana-rule")},
            {tr("Tuned rule for detection-rules (TOML)…"), QStringLiteral("toml-rule")},
            {tr("Tuned rule as EQL…"), QStringLiteral("eql")},
            {tr("Copy as Elasticsearch request"), QStringLiteral("es-request")},
            {tr("Copy as curl command"), QStringLiteral("curl")}};
    for (const auto& [label, key] : exports)
        menu->addAction(label, this, [this, key = key] { emit exportRequested(key); });
    exportButton->setMenu(menu);
    bar->addStretch();
    layout->addLayout(bar);
    m_tree->setColumnCount(5);
    m_tree->setHeaderLabels({tr("Exception"), tr("Entries (AND)"), tr("Alerts"), tr("Events"), tr("Expires")});
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(Entries, QHeaderView::Stretch);
    m_tree->header()->setMinimumSectionSize(40);
    m_tree->setToolTip(tr("Uncheck an item to switch it off; counts are what each item suppresses on its own"));
    layout->addWidget(m_tree);
    m_warnings->setWordWrap(true);
    m_warnings->setStyleSheet(QStringLiteral("color: #b00020"));
    layout->addWidget(m_warnings);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* node, int column) {
        if (m_rebuilding || column != Name || !node->parent()) return;
        const int list = m_tree->indexOfTopLevelItem(node->parent());
        const int item = node->parent()->indexOfChild(node);
        m_set.lists[std::size_t(list)].items[std::size_t(item)].enabled = node->checkState(Name) == Qt::Checked;
        emit changed();
    });
    rebuild();
}

void ExceptionsPanel::setExceptions(const wb::exceptions::ExceptionSet& set) {
    m_set = set;
    rebuild();
    emit changed();
}

void ExceptionsPanel::addItem(const QString& listId, const wb::exceptions::ExceptionItem& item) {
    wb::exceptions::ExceptionList* list = m_set.find(listId.toStdString());
    if (!list) {
        wb::exceptions::ExceptionList created;
        created.listId = listId.toStdString();
        created.name = listId.toStdString();
        created.description = tr("Exclusions made in EQL Workbench").toStdString();
        m_set.lists.push_back(created);
        list = &m_set.lists.back();
    }
    list->items.push_back(item);
    list->items.back().listId = list->listId;
    rebuild();
    emit changed();
}

bool ExceptionsPanel::importFile(const QString& path, QString* error) {
    wb::exceptions::ReadResult r = wb::exceptions::readExceptions(path.toStdString());
    if (!r.ok()) {
        QStringList problems;
        for (const auto& issue : r.issues)
            problems << QString::fromStdString(issue.text());
        if (error) *error = tr("Nothing was imported:\n%1").arg(problems.join(QLatin1Char('\n')));
        return false;
    }
    wb::exceptions::merge(m_set, std::move(r.set));
    rebuild();
    emit changed();
    return true;
}

void ExceptionsPanel::setEffects(
    const std::map<std::string, RuleRun::ItemEffect>& effects, const std::vector<std::string>& warnings) {
    m_effects = effects;
    QStringList w;
    for (const auto& s : warnings)
        w << QString::fromStdString(s);
    m_warnings->setText(w.join(QLatin1Char('\n')));
    rebuild();
}

std::pair<int, int> ExceptionsPanel::selected() const {
    QTreeWidgetItem* node = m_tree->currentItem();
    if (!node || !node->parent()) return {-1, -1};
    return {m_tree->indexOfTopLevelItem(node->parent()), node->parent()->indexOfChild(node)};
}

void ExceptionsPanel::setItemEnabled(int list, int item, bool enabled) {
    m_tree->topLevelItem(list)->child(item)->setCheckState(Name, enabled ? Qt::Checked : Qt::Unchecked);
}

void ExceptionsPanel::rebuild() {
    m_rebuilding = true;
    const auto [selList, selItem] = selected();
    m_tree->clear();
    for (const auto& list : m_set.lists) {
        auto* top
            = new QTreeWidgetItem(m_tree, {QString::fromStdString(list.name), QString::fromStdString(list.listId)});
        top->setToolTip(Name, QString::fromStdString(list.description));
        std::size_t alerts = 0, events = 0;
        for (const auto& item : list.items) {
            QStringList entries;
            for (const auto& e : item.entries)
                entries << entryText(e);
            if (!item.osTypes.empty()) {
                QStringList os;
                for (const auto& o : item.osTypes)
                    os << QString::fromStdString(o);
                entries << tr("OS %1").arg(os.join(QStringLiteral("/")));
            }
            auto it = m_effects.find(list.listId + "/" + item.itemId);
            const bool known = it != m_effects.end() && item.enabled;
            auto* child = new QTreeWidgetItem(top,
                {QString::fromStdString(item.name), entries.join(QStringLiteral(" AND ")),
                    known ? QString::number(it->second.alerts) : QStringLiteral("–"),
                    known ? QString::number(it->second.events) : QStringLiteral("–"),
                    QString::fromStdString(item.expireTime.value_or(""))});
            child->setFlags(child->flags() | Qt::ItemIsUserCheckable);
            child->setCheckState(Name, item.enabled ? Qt::Checked : Qt::Unchecked);
            QStringList comments;
            for (const auto& c : item.comments)
                comments << QString::fromStdString(c);
            child->setToolTip(
                Name, comments.isEmpty() ? QString::fromStdString(item.description) : comments.join(QLatin1Char('\n')));
            if (known) {
                alerts += it->second.alerts;
                events += it->second.events;
            }
        }
        top->setText(Alerts, QString::number(alerts));
        top->setText(Events, QString::number(events));
        top->setExpanded(true);
    }
    if (selList >= 0 && selList < m_tree->topLevelItemCount() && selItem < m_tree->topLevelItem(selList)->childCount())
        m_tree->setCurrentItem(m_tree->topLevelItem(selList)->child(selItem));
    m_tree->resizeColumnToContents(Name);
    m_tree->resizeColumnToContents(Alerts);
    m_tree->resizeColumnToContents(Events);
    m_rebuilding = false;
}

void ExceptionsPanel::replaceItem(int list, int item, const wb::exceptions::ExceptionItem& edited) {
    m_set.lists[std::size_t(list)].items[std::size_t(item)] = edited;
    rebuild();
    emit changed();
}

void ExceptionsPanel::editSelected() {
    const auto [l, i] = selected();
    if (l < 0) return;
    ExceptionItemDialog dialog(m_set.lists[std::size_t(l)].items[std::size_t(i)], this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (auto edited = dialog.result(nullptr)) replaceItem(l, i, *edited);
}

void ExceptionsPanel::expireSelected() {
    const auto [l, i] = selected();
    if (l < 0) return;
    m_set.lists[std::size_t(l)].items[std::size_t(i)].expireTime
        = wb::formatTimestampMillis(QDateTime::currentMSecsSinceEpoch() * 1'000'000);
    rebuild();
    emit changed();
}

void ExceptionsPanel::commentSelected() {
    const auto [l, i] = selected();
    if (l < 0) return;
    bool ok = false;
    const QString text
        = QInputDialog::getMultiLineText(this, tr("Comment"), tr("Why this exception exists:"), QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return;
    m_set.lists[std::size_t(l)].items[std::size_t(i)].comments.push_back(text.trimmed().toStdString());
    rebuild();
    emit changed();
}

void ExceptionsPanel::deleteSelected() {
    const auto [l, i] = selected();
    if (l < 0) return;
    auto& items = m_set.lists[std::size_t(l)].items;
    items.erase(items.begin() + i);
    rebuild();
    emit changed();
}
