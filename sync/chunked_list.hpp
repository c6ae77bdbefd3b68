#pragma once
// A list of values in fixed-size chunks that copies share: copying a list
// copies chunk pointers, and changing an element clones only its chunk.
// This keeps snapshots immutable while a delta of k changes to a board of
// n objects costs O(k * chunk + n / chunk) instead of O(n) deep copies.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace regiebord {

template <typename T> class ChunkedList {
public:
    static constexpr std::size_t kChunk = 256; ///< elements per chunk
    static constexpr std::size_t kBlock = 32;  ///< chunks per block
    using value_type = T;
    using size_type = std::size_t;

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        const_iterator(const ChunkedList* list, std::size_t index) : m_list(list), m_index(index) {}
        reference operator*() const { return (*m_list)[m_index]; }
        pointer operator->() const { return &(*m_list)[m_index]; }
        reference operator[](difference_type n) const {
            return (*m_list)[m_index + static_cast<std::size_t>(n)];
        }
        const_iterator& operator++() {
            ++m_index;
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++m_index;
            return copy;
        }
        const_iterator& operator--() {
            --m_index;
            return *this;
        }
        const_iterator operator--(int) {
            auto copy = *this;
            --m_index;
            return copy;
        }
        const_iterator& operator+=(difference_type n) {
            m_index = static_cast<std::size_t>(static_cast<difference_type>(m_index) + n);
            return *this;
        }
        const_iterator& operator-=(difference_type n) { return *this += -n; }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.m_index) - static_cast<difference_type>(b.m_index);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.m_index == b.m_index;
        }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
            return a.m_index <=> b.m_index;
        }
        std::size_t index() const { return m_index; }

    private:
        const ChunkedList* m_list = nullptr;
        std::size_t m_index = 0;
    };
    using iterator = const_iterator;

    ChunkedList() = default;
    ChunkedList(std::initializer_list<T> items) {
        for (const auto& item : items)
            push_back(item);
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return chunk(i / kChunk)[i % kChunk]; }
    const T& at(std::size_t i) const {
        if (i >= m_size) throw std::out_of_range("ChunkedList::at");
        return (*this)[i];
    }
    const T& front() const { return (*this)[0]; }
    const T& back() const { return (*this)[m_size - 1]; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

    void push_back(T value) {
        const std::size_t c = m_size / kChunk;
        if (m_size % kChunk == 0) {
            if (c % kBlock == 0) {
                m_blocks.push_back(std::make_shared<Block>());
                m_blocks.back()->reserve(kBlock);
            } else {
                ownBlock(m_blocks.size() - 1);
            }
            m_blocks.back()->push_back(std::make_shared<Chunk>());
            m_blocks.back()->back()->reserve(kChunk);
        } else {
            own(c);
        }
        (*m_blocks.back()).back()->push_back(std::move(value));
        ++m_size;
    }
    void emplace_back(T value) { push_back(std::move(value)); }

    /// Replaces element i, cloning its chunk (and block) if another list shares it.
    void set(std::size_t i, T value) { own(i / kChunk)[i % kChunk] = std::move(value); }
    /// Mutable access for building (clones the chunk when shared).
    T& mutableAt(std::size_t i) { return own(i / kChunk)[i % kChunk]; }

    void clear() {
        m_blocks.clear();
        m_size = 0;
    }
    /// Keeps the first n elements (n <= size()).
    void truncate(std::size_t n) {
        if (n >= m_size) return;
        ChunkedList kept;
        for (std::size_t i = 0; i < n; ++i)
            kept.push_back((*this)[i]);
        *this = std::move(kept);
    }
    /// Removes the elements matching pred; O(n), for the rare deletions. Returns how many.
    template <typename Pred> std::size_t eraseIf(Pred pred) {
        ChunkedList kept;
        for (const auto& item : *this)
            if (!pred(item)) kept.push_back(item);
        const std::size_t removed = m_size - kept.size();
        if (removed > 0) *this = std::move(kept);
        return removed;
    }

private:
    // Two levels of sharing: a copy of the list copies only the block pointers
    // (one per 8,192 elements), and a change clones one block of chunk
    // pointers and one chunk. So a new version of a 100k-element list after a
    // small change touches ~50 reference counts, not one per chunk.
    using Chunk = std::vector<T>;
    using Block = std::vector<std::shared_ptr<Chunk>>;

    const Chunk& chunk(std::size_t c) const { return *(*m_blocks[c / kBlock])[c % kBlock]; }
    void ownBlock(std::size_t b) {
        auto& ptr = m_blocks[b];
        if (ptr.use_count() > 1) {
            auto copy = std::make_shared<Block>(*ptr);
            copy->reserve(kBlock);
            ptr = std::move(copy);
        }
    }
    Chunk& own(std::size_t c) {
        ownBlock(c / kBlock);
        auto& ptr = (*m_blocks[c / kBlock])[c % kBlock];
        if (ptr.use_count() > 1) {
            auto copy = std::make_shared<Chunk>(*ptr);
            copy->reserve(kChunk);
            ptr = std::move(copy);
        }
        return *ptr;
    }

    std::vector<std::shared_ptr<Block>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace regiebord
