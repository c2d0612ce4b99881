//! Facts about a column that drawing needs again and again, worked out once
//! while the column is typed (in the worker) and shipped with it, so that
//! no frame on the page rescans a million rows and the page never spends a
//! task summarising columns before its first chart.

/// Rows per block of a column's [`Blocks`].
pub const BLOCK_ROWS: usize = 256;

/// What is known of a numeric column's values as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnStats {
    /// Every value is finite and none is smaller than the one before, so
    /// rows can be binary-searched by value.
    pub searchable: bool,
    /// The smallest finite value; `None` when every value is a gap.
    pub min: Option<f64>,
    /// The lowest and highest row of each block of [`BLOCK_ROWS`] rows.
    pub blocks: Blocks,
}

impl ColumnStats {
    pub fn of(values: &[f64]) -> ColumnStats {
        ColumnStats {
            searchable: values.iter().all(|x| x.is_finite())
                && values.windows(2).all(|w| w[0] <= w[1]),
            min: values
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .reduce(f64::min),
            blocks: Blocks::of(values),
        }
    }
}

/// A column's lowest and highest row per block of [`BLOCK_ROWS`] rows.
/// Drawing merges a whole block that falls in one pixel column at once, so
/// a full view of a million rows costs a few thousand steps, not a million.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    blocks: Vec<Block>,
    /// The same per [`COARSE_ROWS`] rows, worked out from `blocks`: ten
    /// million rows over a thousand pixels put 10,000 rows in a pixel
    /// column, so a full view merges 2,442 of these a series instead of
    /// 39,063 blocks.
    coarse: Vec<Block>,
    /// The lowest and highest value of each block and coarse block, beside
    /// them: merging a block reads these, not two rows far apart in the
    /// column (at ten million rows a frame was mostly such cache misses).
    values: Vec<(f64, f64)>,
    coarse_values: Vec<(f64, f64)>,
}

/// Blocks are equal when their blocks are: the rest is worked out from
/// them (and a gap's value is NaN, equal to nothing).
impl PartialEq for Blocks {
    fn eq(&self, other: &Blocks) -> bool {
        self.blocks == other.blocks
    }
}

/// The first lowest and the first highest row of a run of rows, with their
/// values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extremes {
    pub min: usize,
    pub max: usize,
    pub min_y: f64,
    pub max_y: f64,
}

impl Extremes {
    fn of_row(row: usize, y: f64) -> Extremes {
        Extremes {
            min: row,
            max: row,
            min_y: y,
            max_y: y,
        }
    }

    /// These, then `later` (rows after these): strictly lower or higher
    /// wins, so the first of equal extremes is kept, as row by row.
    fn then(self, later: Extremes) -> Extremes {
        let (min, min_y) = if later.min_y < self.min_y {
            (later.min, later.min_y)
        } else {
            (self.min, self.min_y)
        };
        let (max, max_y) = if later.max_y > self.max_y {
            (later.max, later.max_y)
        } else {
            (self.max, self.max_y)
        };
        Extremes {
            min,
            max,
            min_y,
            max_y,
        }
    }

    /// A block's, its rows counted from column row `offset`.
    fn of_block(block: &Block, (min_y, max_y): (f64, f64), offset: usize) -> Extremes {
        Extremes {
            min: block.min - offset,
            max: block.max - offset,
            min_y,
            max_y,
        }
    }
}

/// The rows of the first lowest and the first highest finite value of
/// `ys`, gaps skipped; `None` when every value is a gap.
pub fn finite_extreme_rows(ys: &[f64]) -> Option<(usize, usize)> {
    let mut finite = ys.iter().enumerate().filter(|(_, y)| y.is_finite());
    let (first, &y) = finite.next()?;
    let mut e = Extremes::of_row(first, y);
    for (i, &y) in finite {
        e = e.then(Extremes::of_row(i, y));
    }
    Some((e.min, e.max))
}

/// The extremes of `ys[rows]` row by row; `None` if one is not finite.
pub fn scan_extremes(ys: &[f64], rows: std::ops::Range<usize>) -> Option<Extremes> {
    let start = rows.start;
    let first = *ys.get(start).filter(|y| y.is_finite())?;
    let mut e = Extremes::of_row(start, first);
    for (i, &y) in ys[rows].iter().enumerate().skip(1) {
        if !y.is_finite() {
            return None;
        }
        if y < e.min_y {
            (e.min, e.min_y) = (start + i, y);
        }
        if y > e.max_y {
            (e.max, e.max_y) = (start + i, y);
        }
    }
    Some(e)
}

/// Blocks in a coarse block.
const COARSE_BLOCKS: usize = 16;
/// Rows of a coarse block.
pub const COARSE_ROWS: usize = BLOCK_ROWS * COARSE_BLOCKS;

/// One block of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Rows (of the whole column) of the lowest and highest value.
    pub min: usize,
    pub max: usize,
    /// The block holds a gap, so it must be walked row by row.
    pub gap: bool,
}

impl Blocks {
    pub fn of(ys: &[f64]) -> Blocks {
        let blocks = ys
            .chunks(BLOCK_ROWS)
            .enumerate()
            .map(|(n, chunk)| {
                let base = n * BLOCK_ROWS;
                let mut block = Block {
                    min: base,
                    max: base,
                    gap: false,
                };
                for (j, &y) in chunk.iter().enumerate() {
                    if !y.is_finite() {
                        block.gap = true;
                        continue;
                    }
                    if !ys[block.min].is_finite() || y < ys[block.min] {
                        block.min = base + j;
                    }
                    if !ys[block.max].is_finite() || y > ys[block.max] {
                        block.max = base + j;
                    }
                }
                block
            })
            .collect();
        Blocks::from_blocks(blocks, ys)
    }

    /// Blocks as they were shipped (see [`Blocks::as_slice`]) for `ys`.
    pub fn from_blocks(blocks: Vec<Block>, ys: &[f64]) -> Blocks {
        let coarse = blocks
            .chunks(COARSE_BLOCKS)
            .map(|group| {
                let mut coarse = group[0];
                for b in &group[1..] {
                    coarse.gap |= b.gap;
                    // Strictly: the first of equal extremes, as row by row.
                    if ys[b.min] < ys[coarse.min] {
                        coarse.min = b.min;
                    }
                    if ys[b.max] > ys[coarse.max] {
                        coarse.max = b.max;
                    }
                }
                coarse
            })
            .collect();
        let values_of =
            |blocks: &Vec<Block>| blocks.iter().map(|b| (ys[b.min], ys[b.max])).collect();
        Blocks {
            values: values_of(&blocks),
            coarse_values: values_of(&coarse),
            blocks,
            coarse,
        }
    }

    /// The extremes of `ys[rows]`, where `ys` is the rows `offset..` of the
    /// column these blocks are of: whole blocks read from the blocks, the
    /// rest scanned; `None` if a value in them is not finite. Rows are of
    /// `ys`, in and out.
    pub fn extremes(
        &self,
        ys: &[f64],
        offset: usize,
        rows: std::ops::Range<usize>,
    ) -> Option<Extremes> {
        let end = rows.end + offset;
        let mut row = rows.start + offset;
        let mut found: Option<Extremes> = None;
        let mut take = |e: Extremes| {
            found = Some(found.map_or(e, |f| f.then(e)));
        };
        while row < end {
            let (n, fine) = (row / BLOCK_ROWS, row % BLOCK_ROWS == 0);
            if row % COARSE_ROWS == 0 && row + COARSE_ROWS <= end {
                let c = row / COARSE_ROWS;
                let block = self.coarse.get(c).filter(|b| !b.gap)?;
                take(Extremes::of_block(block, self.coarse_values[c], offset));
                row += COARSE_ROWS;
            } else if fine && row + BLOCK_ROWS <= end {
                let block = self.blocks.get(n).filter(|b| !b.gap)?;
                take(Extremes::of_block(block, self.values[n], offset));
                row += BLOCK_ROWS;
            } else {
                // Up to the next block, or the end.
                let next = ((n + 1) * BLOCK_ROWS).min(end);
                take(scan_extremes(ys, row - offset..next - offset)?);
                row = next;
            }
        }
        found
    }

    pub fn as_slice(&self) -> &[Block] {
        &self.blocks
    }

    /// The gap-free block starting at column row `row`, if `row` starts one.
    pub fn whole(&self, row: usize) -> Option<Block> {
        if row % BLOCK_ROWS != 0 {
            return None;
        }
        self.blocks
            .get(row / BLOCK_ROWS)
            .copied()
            .filter(|b| !b.gap)
    }

    /// The rows of the first lowest and the first highest finite value of
    /// the whole column, with their values, from the blocks alone (a
    /// block's are of its finite values); `None` when every value is a gap.
    pub fn finite_extremes(&self) -> Option<Extremes> {
        self.blocks
            .iter()
            .zip(&self.values)
            .filter(|(_, v)| v.0.is_finite())
            .map(|(b, &v)| Extremes::of_block(b, v, 0))
            .reduce(Extremes::then)
    }

    /// The lowest and highest value of the largest gap-free run of rows (a
    /// coarse block, else a block) that starts at column row `row` and
    /// holds no more than `limit` rows, with its length.
    pub fn run_at(&self, row: usize, limit: usize) -> Option<((f64, f64), usize)> {
        let coarse = (row % COARSE_ROWS == 0 && limit >= COARSE_ROWS)
            .then_some(row / COARSE_ROWS)
            .filter(|&c| self.coarse.get(c).is_some_and(|b| !b.gap))
            .map(|c| (self.coarse_values[c], COARSE_ROWS));
        coarse.or_else(|| {
            (limit >= BLOCK_ROWS)
                .then(|| self.whole(row))
                .flatten()
                .map(|_| (self.values[row / BLOCK_ROWS], BLOCK_ROWS))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extremes_of_any_rows_are_those_of_a_scan() {
        let mut ys: Vec<f64> = (0..20_000).map(|i| ((i * 7919) % 1013) as f64).collect();
        ys[9_000] = f64::NAN;
        let blocks = Blocks::of(&ys);
        for offset in [0, 1, 255, 4096, 5000] {
            let window = &ys[offset..];
            for rows in [
                0..1,
                0..300,
                3..4096,
                250..8300,
                4000..8192,
                100..12_000,
                9_500..14_000,
            ] {
                let rows = rows.start..rows.end.min(window.len());
                assert_eq!(
                    blocks.extremes(window, offset, rows.clone()),
                    scan_extremes(window, rows.clone()),
                    "rows {rows:?} from {offset}"
                );
            }
        }
        // The whole column, gaps skipped.
        let whole = blocks.finite_extremes().unwrap();
        let first = |v: f64| ys.iter().position(|&y| y == v).unwrap();
        assert_eq!((whole.min, whole.max), (first(0.0), first(1012.0)));
        assert_eq!(finite_extreme_rows(&ys), Some((whole.min, whole.max)));
        let mut gaps = vec![f64::NAN; 600];
        gaps[300] = 4.0;
        gaps[599] = -1.0;
        let e = Blocks::of(&gaps).finite_extremes().unwrap();
        assert_eq!((e.min, e.max, e.min_y, e.max_y), (599, 300, -1.0, 4.0));
        assert!(Blocks::of(&[f64::NAN; 300]).finite_extremes().is_none());
        assert_eq!(finite_extreme_rows(&gaps), Some((599, 300)));
        assert_eq!(finite_extreme_rows(&[f64::NAN; 3]), None);
        // Ties: the first lowest and highest, as row by row.
        let flat = vec![1.0; 10_000];
        let e = Blocks::of(&flat).extremes(&flat, 0, 17..9_999).unwrap();
        assert_eq!((e.min, e.max), (17, 17));
        // A gap in the rows asked about, and only there, says so.
        assert!(blocks.extremes(&ys, 0, 8_000..9_001).is_none());
        assert!(blocks.extremes(&ys, 0, 9_001..20_000).is_some());
    }

    #[test]
    fn blocks_name_the_extreme_rows_and_gaps() {
        let mut ys: Vec<f64> = (0..600).map(|i| f64::from(i % 300)).collect();
        ys[10] = -5.0;
        ys[520] = f64::NAN;
        let blocks = Blocks::of(&ys);
        assert_eq!(blocks.as_slice().len(), 3);
        let first = blocks.whole(0).unwrap();
        assert_eq!((first.min, first.max), (10, 255));
        // Not the start of a block; a block with a gap is walked row by row.
        assert!(blocks.whole(1).is_none());
        assert!(blocks.whole(512).is_none());
        let stats = ColumnStats::of(&ys);
        assert_eq!(stats.min, Some(-5.0));
        assert!(!stats.searchable);
        assert!(ColumnStats::of(&[1.0, 2.0, 2.0, 3.0]).searchable);
    }
}
