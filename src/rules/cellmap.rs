//! A map from cells to values stored as dense columns over one table's
//! range, for the per-cell maps every rule reads (figures, rates).
//!
//! A hash map of a million cells is looked up at random and misses the cache
//! on nearly every access; rules walk a table row by row, so dense storage
//! turns those lookups into near-sequential reads. Each column of the range
//! is allocated on its first insert: the rates of a table fill a third of its
//! columns, its figures two thirds, and a grid over the whole range held
//! (and cleared) memory for the rest. Cells outside the range (rare) go to a
//! small hash map, so any cell can be stored.

use rustc_hash::FxHashMap;

use crate::workbook::{CellRange, CellRef};

#[derive(Debug, Clone)]
pub struct CellMap<V> {
    range: CellRange,
    height: usize,
    /// One column of slots per column of the range, top to bottom; None until
    /// a value is stored in it.
    columns: Vec<Option<Vec<Option<V>>>>,
    outside: FxHashMap<CellRef, V>,
    len: usize,
}

impl<V> CellMap<V> {
    /// An empty map whose columns cover `range`; each is allocated on its first insert.
    pub fn new(range: CellRange) -> Self {
        let width = (range.last.col.saturating_sub(range.first.col) + 1) as usize;
        CellMap {
            range,
            height: (range.last.row.saturating_sub(range.first.row) + 1) as usize,
            columns: (0..width).map(|_| None).collect(),
            outside: FxHashMap::default(),
            len: 0,
        }
    }

    /// The column and row of a cell inside the range.
    fn slot(&self, cell: CellRef) -> Option<(usize, usize)> {
        self.range.contains(cell).then(|| {
            (
                (cell.col - self.range.first.col) as usize,
                (cell.row - self.range.first.row) as usize,
            )
        })
    }

    pub fn get(&self, cell: &CellRef) -> Option<&V> {
        match self.slot(*cell) {
            Some((col, row)) => self.columns[col].as_ref()?[row].as_ref(),
            None => self.outside.get(cell),
        }
    }

    pub fn contains_key(&self, cell: &CellRef) -> bool {
        self.get(cell).is_some()
    }

    /// Stores `value` at `cell`, returning the value it replaces.
    pub fn insert(&mut self, cell: CellRef, value: V) -> Option<V> {
        let old = match self.slot(cell) {
            Some((col, row)) => {
                let height = self.height;
                let column = self.columns[col].get_or_insert_with(|| {
                    let mut slots = Vec::with_capacity(height);
                    slots.resize_with(height, || None);
                    slots
                });
                column[row].replace(value)
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

    /// Every stored cell with its value: the range row by row, then the cells outside it.
    pub fn iter(&self) -> impl Iterator<Item = (CellRef, &V)> + '_ {
        let first = self.range.first;
        let filled: Vec<(u32, &[Option<V>])> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(c, column)| Some((first.col + c as u32, column.as_deref()?)))
            .collect();
        let width = filled.len().max(1);
        (0..self.height * filled.len())
            .filter_map(move |i| {
                let (row, (col, slots)) = (i / width, filled[i % width]);
                let value = slots[row].as_ref()?;
                Some((CellRef::new(first.row + row as u32, col), value))
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
