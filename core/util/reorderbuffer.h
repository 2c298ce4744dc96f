// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace wb {

// Hands out work finished in any order in the order it was numbered: parallel stages put their
// results as they finish, one consumer takes them 0, 1, 2, … so what it builds does not depend on
// which thread was quicker. close() wakes the consumer; take() then returns nothing.
template <typename T> class ReorderBuffer {
public:
    void put(std::uint64_t sequence, T value) {
        std::lock_guard lock(m_mutex);
        m_items.emplace(sequence, std::move(value));
        m_ready.notify_all();
    }

    std::optional<T> take(std::uint64_t sequence) {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return m_closed || m_items.count(sequence) > 0; });
        const auto it = m_items.find(sequence);
        if (it == m_items.end()) return std::nullopt;
        T value = std::move(it->second);
        m_items.erase(it);
        return value;
    }

    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_ready.notify_all();
    }

private:
    std::map<std::uint64_t, T> m_items;
    bool m_closed = false;
    std::mutex m_mutex;
    std::condition_variable m_ready;
};

} // namespace wb
