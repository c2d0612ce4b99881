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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Blocks {
    blocks: Vec<Block>,
    /// The same per [`COARSE_ROWS`] rows, worked out from `blocks`: ten
    /// million rows over a thousand pixels put 10,000 rows in a pixel
    /// column, so a full view merges 2,442 of these a series instead of
    /// 39,063 blocks.
    coarse: Vec<Block>,
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
        Blocks { blocks, coarse }
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

    /// The gap-free runs of rows that start at column row `row` and hold no
    /// more than `limit` rows, largest first (a coarse block, then a
    /// block), with their lengths: a caller merges the largest that suits.
    pub fn runs_at(&self, row: usize, limit: usize) -> impl Iterator<Item = (Block, usize)> + '_ {
        let coarse = (row % COARSE_ROWS == 0 && limit >= COARSE_ROWS)
            .then(|| self.coarse.get(row / COARSE_ROWS))
            .flatten()
            .filter(|b| !b.gap)
            .map(|&b| (b, COARSE_ROWS));
        let fine = (limit >= BLOCK_ROWS)
            .then(|| self.whole(row))
            .flatten()
            .map(|b| (b, BLOCK_ROWS));
        coarse.into_iter().chain(fine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
