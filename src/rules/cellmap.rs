//! A map from cells to values stored as a dense grid over one table's range,
//! for the per-cell maps every rule reads (figures, rates).
//!
//! A hash map of a million cells is looked up at random and misses the cache
//! on nearly every access; rules walk a table row by row, so a row-major grid
//! turns those lookups into sequential reads. Cells outside the range (rare)
//! go to a small hash map, so any cell can be stored.

use rustc_hash::FxHashMap;

use crate::workbook::{CellRange, CellRef};

#[derive(Debug, Clone)]
pub struct CellMap<V> {
    range: CellRange,
    width: usize,
    slots: Vec<Option<V>>,
    outside: FxHashMap<CellRef, V>,
    len: usize,
}

impl<V> CellMap<V> {
    /// An empty map whose grid covers `range`; the grid is allocated on the first insert.
    pub fn new(range: CellRange) -> Self {
        CellMap {
            range,
            width: (range.last.col.saturating_sub(range.first.col) + 1) as usize,
            slots: Vec::new(),
            outside: FxHashMap::default(),
            len: 0,
        }
    }

    fn slot(&self, cell: CellRef) -> Option<usize> {
        self.range.contains(cell).then(|| {
            (cell.row - self.range.first.row) as usize * self.width
                + (cell.col - self.range.first.col) as usize
        })
    }

    pub fn get(&self, cell: &CellRef) -> Option<&V> {
        match self.slot(*cell) {
            Some(i) => self.slots.get(i).and_then(Option::as_ref),
            None => self.outside.get(cell),
        }
    }

    pub fn contains_key(&self, cell: &CellRef) -> bool {
        self.get(cell).is_some()
    }

    /// Stores `value` at `cell`, returning the value it replaces.
    pub fn insert(&mut self, cell: CellRef, value: V) -> Option<V> {
        let old = match self.slot(cell) {
            Some(i) => {
                if self.slots.is_empty() {
                    let height = (self.range.last.row - self.range.first.row + 1) as usize;
                    self.slots.resize_with(height * self.width, || None);
                }
                self.slots.get_mut(i).and_then(|slot| slot.replace(value))
            }
            None => self.outside.insert(cell, value),
        };
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every stored cell with its value: the grid row by row, then the cells outside it.
    pub fn iter(&self) -> impl Iterator<Item = (CellRef, &V)> + '_ {
        let (first, width) = (self.range.first, self.width.max(1));
        self.slots
            .iter()
            .enumerate()
            .filter_map(move |(i, slot)| {
                let cell = CellRef::new(
                    first.row + (i / width) as u32,
                    first.col + (i % width) as u32,
                );
                slot.as_ref().map(|v| (cell, v))
            })
            .chain(self.outside.iter().map(|(c, v)| (*c, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_inside_and_outside_the_range() {
        let range = CellRange::new(CellRef::new(2, 1), CellRef::new(4, 3));
        let mut map = CellMap::new(range);
        assert_eq!(map.get(&CellRef::new(2, 1)), None);
        assert_eq!(map.insert(CellRef::new(2, 1), "B3"), None);
        assert_eq!(map.insert(CellRef::new(4, 3), "D5"), None);
        assert_eq!(map.insert(CellRef::new(9, 9), "J10"), None);
        assert_eq!(map.insert(CellRef::new(4, 3), "D5 again"), Some("D5"));
        assert_eq!(map.len(), 3);
        assert_eq!(map.get(&CellRef::new(4, 3)), Some(&"D5 again"));
        assert_eq!(map.get(&CellRef::new(9, 9)), Some(&"J10"));
        assert_eq!(map.get(&CellRef::new(3, 2)), None);
        let cells: Vec<String> = map.iter().map(|(c, v)| format!("{c}={v}")).collect();
        assert_eq!(cells, ["B3=B3", "D5=D5 again", "J10=J10"]);
    }
}
