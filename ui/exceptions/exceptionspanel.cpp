// SPDX-License-Identifier: Apache-2.0
#include "exceptions/exceptionspanel.h"

#include "exceptions/addexceptiondialog.h"
#include "exceptions/exceptionio.h"
#include "exceptions/exceptionitemdialog.h"
#include "exceptions/exports.h"
#include "util/timestamp.h"
#include "workspace/workspace.h"

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

ExceptionsPanel::ExceptionsPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
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
        &QToolButton::clicked, this, [this] { AddExceptionDialog::addForSelectedAlert(*m_workspace, this); });
    connect(button(tr("Import…"), tr("Import Kibana exception lists (NDJSON) or detection-rules TOML")),
        &QToolButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Import Exceptions"), QString(),
                tr("Exception lists (*.ndjson *.json *.toml);;All files (*)"));
            QString error;
            if (!path.isEmpty() && !m_workspace->importExceptions(path, &error))
                QMessageBox::warning(this, tr("Import Exceptions"), error);
        });
    connect(button(tr("Edit…"), tr("Edit the selected item's name, expiry and entries")), &QToolButton::clicked, this,
        &ExceptionsPanel::editSelected);
    connect(button(tr("Expire"), tr("Set the selected item's expire_time to now")), &QToolButton::clicked, this,
        &ExceptionsPanel::expireSelected);
    connect(button(tr("Comment…"), tr("Add a comment to the selected item")), &QToolButton::clicked, this,
        &ExceptionsPanel::commentSelected);
    connect(button(tr("Delete"), tr("Delete the selected item")), &QToolButton::clicked, this, [this] {
        const auto [l, i] = selected();
        if (l >= 0) m_workspace->removeExceptionItem(l, i);
    });
    auto* exportButton = button(tr("Export"), tr("Export the exception lists or the tuned rule"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    Exports::addActions(menu, m_workspace, this);
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
    m_warnings->setStyleSheet(QStringLiteral("color: #d03040"));
    layout->addWidget(m_warnings);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* node, int column) {
        if (m_rebuilding || column != Name || !node->parent()) return;
        const int list = m_tree->indexOfTopLevelItem(node->parent()), item = node->parent()->indexOfChild(node);
        const bool enabled = node->checkState(Name) == Qt::Checked;
        // Queued: the workspace's answer rebuilds this tree, which must not happen while Qt is
        // still inside the item that changed.
        QMetaObject::invokeMethod(
            this, [this, list, item, enabled] { m_workspace->setExceptionItemEnabled(list, item, enabled); },
            Qt::QueuedConnection);
    });
    connect(m_workspace, &Workspace::exceptionsChanged, this, &ExceptionsPanel::rebuild);
    connect(m_workspace, &Workspace::runFinished, this, [this] {
        QStringList w;
        for (const auto& s : m_workspace->lastRun().exceptionWarnings)
            w << QString::fromStdString(s);
        m_warnings->setText(w.join(QLatin1Char('\n')));
        rebuild();
    });
    rebuild();
}

const wb::exceptions::ExceptionSet& ExceptionsPanel::exceptions() const {
    return m_workspace->exceptions();
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
    const auto& effects = m_workspace->lastRun().itemEffects;
    m_tree->clear();
    for (const auto& list : m_workspace->exceptions().lists) {
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
            auto it = effects.find(list.listId + "/" + item.itemId);
            const bool known = it != effects.end() && item.enabled;
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

const wb::exceptions::ExceptionItem* ExceptionsPanel::selectedItem() const {
    const auto [l, i] = selected();
    if (l < 0) return nullptr;
    return &m_workspace->exceptions().lists[std::size_t(l)].items[std::size_t(i)];
}

void ExceptionsPanel::editSelected() {
    const auto [l, i] = selected();
    const wb::exceptions::ExceptionItem* item = selectedItem();
    if (!item) return;
    ExceptionItemDialog dialog(*item, this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (auto edited = dialog.result(nullptr)) m_workspace->replaceExceptionItem(l, i, *edited);
}

void ExceptionsPanel::expireSelected() {
    const auto [l, i] = selected();
    const wb::exceptions::ExceptionItem* item = selectedItem();
    if (!item) return;
    wb::exceptions::ExceptionItem edited = *item;
    edited.expireTime = wb::formatTimestampMillis(QDateTime::currentMSecsSinceEpoch() * 1'000'000);
    m_workspace->replaceExceptionItem(l, i, edited);
}

void ExceptionsPanel::commentSelected() {
    const auto [l, i] = selected();
    const wb::exceptions::ExceptionItem* item = selectedItem();
    if (!item) return;
    bool ok = false;
    const QString text
        = QInputDialog::getMultiLineText(this, tr("Comment"), tr("Why this exception exists:"), QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return;
    wb::exceptions::ExceptionItem edited = *item;
    edited.comments.push_back(text.trimmed().toStdString());
    m_workspace->replaceExceptionItem(l, i, edited);
}
