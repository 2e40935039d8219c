//! Fixed-capacity ring buffer: bounded history however long a run lasts.

/// A fixed-capacity ring buffer. Pushing onto a full buffer overwrites the oldest item,
/// so memory never grows past `capacity` items.
#[derive(Debug, Clone)]
pub struct RingBuffer<T: Copy + Default> {
    items: Vec<T>,
    /// Index of the oldest item.
    head: usize,
    len: usize,
}

impl<T: Copy + Default> RingBuffer<T> {
    /// A buffer holding at most `capacity` items (a capacity of 0 is raised to 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            items: vec![T::default(); capacity],
            head: 0,
            len: 0,
        }
    }

    /// `head + offset` wrapped into the buffer. Both are below the capacity, so one
    /// subtraction replaces an integer division (`%`), which is slow in hot loops.
    #[inline]
    fn wrap(&self, offset: usize) -> usize {
        let idx = self.head + offset;
        let cap = self.items.len();
        if idx >= cap {
            idx - cap
        } else {
            idx
        }
    }

    /// Appends `item`, overwriting the oldest item when full.
    #[inline]
    pub fn push(&mut self, item: T) {
        let cap = self.items.len();
        if self.len < cap {
            let idx = self.wrap(self.len);
            self.items[idx] = item;
            self.len += 1;
        } else {
            let head = self.head;
            self.items[head] = item;
            self.head = self.wrap(1);
        }
    }

    /// Appends `item` and returns the item it overwrote, if the buffer was full (for
    /// running sums over a sliding window).
    #[inline]
    pub fn push_evict(&mut self, item: T) -> Option<T> {
        if self.is_full() {
            let head = self.head;
            let old = std::mem::replace(&mut self.items[head], item);
            self.head = self.wrap(1);
            Some(old)
        } else {
            self.push(item);
            None
        }
    }

    /// Number of items held.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is held.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Maximum number of items held.
    pub fn capacity(&self) -> usize {
        self.items.len()
    }

    /// True when the next push overwrites the oldest item.
    #[inline]
    pub fn is_full(&self) -> bool {
        self.len == self.items.len()
    }

    /// Drops every item (capacity is kept).
    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }

    /// The item `i` places after the oldest (0 = oldest), if any.
    #[inline]
    pub fn get(&self, i: usize) -> Option<T> {
        if i < self.len {
            Some(self.items[self.wrap(i)])
        } else {
            None
        }
    }

    /// A reference to the item `i` places after the oldest (0 = oldest), if any: no copy,
    /// for large items.
    #[inline]
    pub fn get_ref(&self, i: usize) -> Option<&T> {
        if i < self.len {
            Some(&self.items[self.wrap(i)])
        } else {
            None
        }
    }

    /// The oldest item, if any.
    #[inline]
    pub fn front(&self) -> Option<T> {
        self.get(0)
    }

    /// The newest item, if any.
    pub fn back(&self) -> Option<T> {
        if self.len == 0 {
            None
        } else {
            self.get(self.len - 1)
        }
    }

    /// Removes and returns the oldest item (FIFO queue use).
    #[inline]
    pub fn pop_front(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let item = self.items[self.head];
        self.head = self.wrap(1);
        self.len -= 1;
        Some(item)
    }

    /// Iterates from the oldest to the newest item.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        // The live items are at most two contiguous runs: head..end, then 0..wrap.
        let first_end = (self.head + self.len).min(self.items.len());
        let wrapped = self.head + self.len - first_end;
        self.items[self.head..first_end]
            .iter()
            .chain(self.items[..wrapped].iter())
            .copied()
    }

    /// Copies the items, oldest first, into a new Vec (for charts; not for hot loops).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

/// A ring that always holds exactly `capacity` items: it starts filled with a placeholder,
/// and every push replaces the oldest item and hands it back. For sliding windows whose
/// running counts treat the placeholder like any other item, so a push needs no "is it full
/// yet" branch.
#[derive(Debug, Clone)]
pub struct FullRing<T: Copy> {
    items: Vec<T>,
    /// Index of the oldest item (the next to be replaced), always below `items.len()`.
    head: usize,
}

impl<T: Copy> FullRing<T> {
    /// `capacity` copies of `fill` (a capacity of 0 is raised to 1).
    pub fn new(capacity: usize, fill: T) -> Self {
        Self {
            items: vec![fill; capacity.max(1)],
            head: 0,
        }
    }

    /// Items held (always the capacity).
    pub fn capacity(&self) -> usize {
        self.items.len()
    }

    /// Puts `item` in place of the oldest item and returns that one.
    #[inline]
    pub fn push_replace(&mut self, item: T) -> T {
        let head = self.head;
        let next = head + 1;
        // A select rather than `%` (a division) or a branch that mispredicts once per lap.
        self.head = if next == self.items.len() { 0 } else { next };
        // head < len always holds (it only ever moves by the select above).
        std::mem::replace(&mut self.items[head], item)
    }

    /// Replaces every item with `fill` (the oldest is then the first slot).
    pub fn reset(&mut self, fill: T) {
        self.items.iter_mut().for_each(|i| *i = fill);
        self.head = 0;
    }

    /// Iterates from the oldest to the newest item.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        let (newer, older) = self.items.split_at(self.head.min(self.items.len()));
        older.iter().chain(newer).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{FullRing, RingBuffer};

    #[test]
    fn push_overwrites_oldest_and_iterates_in_order() {
        let mut r = RingBuffer::new(3);
        for i in 1..=5 {
            r.push(i);
        }
        assert_eq!(r.len(), 3);
        assert_eq!(r.to_vec(), vec![3, 4, 5]);
        assert_eq!(r.front(), Some(3));
        assert_eq!(r.back(), Some(5));
        assert_eq!(r.pop_front(), Some(3));
        assert_eq!(r.to_vec(), vec![4, 5]);
        r.push(6);
        r.push(7);
        assert_eq!(r.to_vec(), vec![5, 6, 7]);
        r.clear();
        assert!(r.is_empty());
        assert_eq!(r.capacity(), 3);
    }

    #[test]
    fn full_ring_hands_back_placeholders_then_items_in_push_order() {
        let mut r = FullRing::new(3, -1);
        assert_eq!(r.capacity(), 3);
        // The placeholders leave first, then the items in the order they came.
        let out: Vec<i32> = (1..=7).map(|i| r.push_replace(i)).collect();
        assert_eq!(out, vec![-1, -1, -1, 1, 2, 3, 4]);
        assert_eq!(r.iter().collect::<Vec<_>>(), vec![5, 6, 7]);
        r.reset(0);
        assert_eq!(r.iter().collect::<Vec<_>>(), vec![0, 0, 0]);
        assert_eq!(r.push_replace(9), 0);
        assert_eq!(r.iter().collect::<Vec<_>>(), vec![0, 0, 9]);
        // Capacity 0 is raised to 1: every push hands back the previous one.
        let mut one = FullRing::new(0, 0);
        assert_eq!(one.push_replace(4), 0);
        assert_eq!(one.push_replace(5), 4);
        assert_eq!(one.iter().collect::<Vec<_>>(), vec![5]);
    }
}
