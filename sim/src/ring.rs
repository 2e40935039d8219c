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

    /// Appends `item`, overwriting the oldest item when full.
    pub fn push(&mut self, item: T) {
        let cap = self.items.len();
        if self.len < cap {
            let idx = (self.head + self.len) % cap;
            self.items[idx] = item;
            self.len += 1;
        } else {
            self.items[self.head] = item;
            self.head = (self.head + 1) % cap;
        }
    }

    /// Number of items held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Maximum number of items held.
    pub fn capacity(&self) -> usize {
        self.items.len()
    }

    /// True when the next push overwrites the oldest item.
    pub fn is_full(&self) -> bool {
        self.len == self.items.len()
    }

    /// Drops every item (capacity is kept).
    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }

    /// The item `i` places after the oldest (0 = oldest), if any.
    pub fn get(&self, i: usize) -> Option<T> {
        if i < self.len {
            Some(self.items[(self.head + i) % self.items.len()])
        } else {
            None
        }
    }

    /// The oldest item, if any.
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
    pub fn pop_front(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let item = self.items[self.head];
        self.head = (self.head + 1) % self.items.len();
        self.len -= 1;
        Some(item)
    }

    /// Iterates from the oldest to the newest item.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        (0..self.len).map(move |i| self.items[(self.head + i) % self.items.len()])
    }

    /// Copies the items, oldest first, into a new Vec (for charts; not for hot loops).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RingBuffer;

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
}
