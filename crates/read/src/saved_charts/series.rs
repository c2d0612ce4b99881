//! A chart's series (`c:ser`): its name, where its categories and values
//! are (formula and range), what the writer cached of them, and its look.
//!
//! Caches are placed point by point by their `idx`: writers leave out
//! blank cells and need not write points in order, so a missing point is
//! a gap (`NaN`, or empty text). A cache is as long as its `c:ptCount`
//! says, or as its last point needs; both are checked against the limits
//! before anything is allocated, so a `ptCount` of a billion costs nothing.

use sheetplot_model::saved_chart::{Cache, CellRange, SavedKind, SavedSeries, SeriesData};

use super::colour::Theme;
use super::formula::parse_range;
use super::tree::{Element, Point, MAX_CACHE_POINTS};
use super::{thousands, LeftOut};

/// Most points a chart's caches hold together.
pub const MAX_CHART_POINTS: u64 = 4_000_000;

/// The points a chart's caches have taken so far, against
/// [`MAX_CHART_POINTS`].
#[derive(Debug, Default)]
pub struct PointBudget {
    taken: u64,
}

impl PointBudget {
    /// Takes `points` for one cache, or says why the chart is left out.
    fn take(&mut self, points: u64) -> Result<(), LeftOut> {
        if points > MAX_CACHE_POINTS as u64 {
            return Err(LeftOut(format!(
                "a series caches {} points, more than the {} sheetplot reads",
                thousands(points),
                thousands(MAX_CACHE_POINTS as u64)
            )));
        }
        self.taken += points;
        if self.taken > MAX_CHART_POINTS {
            return Err(LeftOut(format!(
                "its series cache more than the {} points sheetplot reads of a chart",
                thousands(MAX_CHART_POINTS)
            )));
        }
        Ok(())
    }
}

/// The series of a plot, in the order Excel draws them (`c:order`).
pub fn plot_series(
    plot: &Element,
    kind: SavedKind,
    theme: &Theme,
    budget: &mut PointBudget,
) -> Result<Vec<SavedSeries>, LeftOut> {
    let mut ordered: Vec<(u64, usize, &Element)> = plot
        .children_named("ser")
        .enumerate()
        .map(|(at, ser)| {
            let order = ser
                .number_at("order")
                .filter(|o| *o >= 0.0)
                .map_or(at as u64, |o| o as u64);
            (order, at, ser)
        })
        .collect();
    ordered.sort_by_key(|&(order, at, _)| (order, at));
    ordered
        .into_iter()
        .map(|(_, _, ser)| read_series(ser, kind, theme, budget))
        .collect()
}

fn read_series(
    ser: &Element,
    kind: SavedKind,
    theme: &Theme,
    budget: &mut PointBudget,
) -> Result<SavedSeries, LeftOut> {
    let data = |names: [&str; 2], budget: &mut PointBudget| match names
        .iter()
        .find_map(|name| ser.child(name))
    {
        Some(element) => series_data(element, budget),
        None => Ok(None),
    };
    Ok(SavedSeries {
        name: ser.child("tx").and_then(text_of),
        categories: data(["cat", "xVal"], budget)?,
        values: data(["val", "yVal"], budget)?,
        style: theme.series_style(ser, kind),
    })
}

/// The text a `c:tx` holds: its own `c:v`, the cached text of the cells
/// it names (joined by spaces, as Excel joins a name of several cells), or
/// rich text. `None` when it holds none.
pub fn text_of(tx: &Element) -> Option<String> {
    let text = if let Some(value) = tx.child("v") {
        value.text.clone()
    } else if let Some(cache) = tx.at(&["strRef", "strCache"]) {
        let mut points: Vec<&Point> = cache.points.iter().collect();
        points.sort_by_key(|p| p.index.unwrap_or(u64::MAX));
        let texts: Vec<&str> = points.iter().map(|p| p.text.as_str()).collect();
        texts.join(" ")
    } else if let Some(rich) = tx.child("rich") {
        rich_text(rich)
    } else {
        return None;
    };
    (!text.trim().is_empty()).then_some(text)
}

/// The text of rich text (`c:rich`, `a:p` of `a:r`/`a:fld` runs): each
/// paragraph's runs joined, paragraphs joined by a space (a title is drawn
/// on one line).
pub fn rich_text(rich: &Element) -> String {
    let paragraphs: Vec<String> = rich
        .children_named("p")
        .map(|p| {
            p.children
                .iter()
                .filter(|run| run.name == "r" || run.name == "fld")
                .filter_map(|run| run.child("t"))
                .map(|t| t.text.as_str())
                .collect()
        })
        .filter(|p: &String| !p.is_empty())
        .collect();
    paragraphs.join(" ")
}

/// Categories or values (`c:cat`, `c:val`, `c:xVal`, `c:yVal`): a
/// reference with its cache, or a literal.
fn series_data(element: &Element, budget: &mut PointBudget) -> Result<Option<SeriesData>, LeftOut> {
    for source in &element.children {
        let formula = source.child("f").map(|f| f.text.trim().to_owned());
        let range = formula.as_deref().and_then(parse_range);
        let cache = match source.name.as_str() {
            "numRef" => numbers(source.child("numCache"), budget)?,
            "numLit" => numbers(Some(source), budget)?,
            "strRef" => text(source.child("strCache"), budget)?,
            "strLit" => text(Some(source), budget)?,
            "multiLvlStrRef" => {
                // The innermost level (the labels beside the axis) is first.
                let levels = source.child("multiLvlStrCache");
                let cache = match levels.and_then(|l| l.child("lvl").map(|first| (l, first))) {
                    Some((levels, first)) => Cache::Text(placed(
                        first,
                        point_count(levels),
                        budget,
                        String::new(),
                        str::to_owned,
                    )?),
                    None => Cache::None,
                };
                let range = range.map(|r| innermost_level(r, &cache));
                return Ok(Some(SeriesData {
                    formula,
                    range,
                    cache,
                }));
            }
            _ => continue,
        };
        return Ok(Some(SeriesData {
            formula,
            range,
            cache,
        }));
    }
    Ok(None)
}

/// Of the cells of multi-level categories, the innermost level's: the
/// last column when the levels stand side by side (as many rows as
/// labels), else the last row.
fn innermost_level(mut range: CellRange, cache: &Cache) -> CellRange {
    let labels = match cache {
        Cache::Text(labels) => labels.len() as u64,
        _ => 0,
    };
    let rows = u64::from(range.last_row - range.first_row) + 1;
    if rows == labels || labels == 0 {
        range.first_column = range.last_column;
    } else {
        range.first_row = range.last_row;
    }
    range
}

/// A number cache (`c:numCache`, `c:numLit`).
fn numbers(cache: Option<&Element>, budget: &mut PointBudget) -> Result<Cache, LeftOut> {
    let Some(cache) = cache else {
        return Ok(Cache::None);
    };
    let values = placed(cache, point_count(cache), budget, f64::NAN, |text| {
        text.trim().parse::<f64>().unwrap_or(f64::NAN)
    })?;
    let format = cache
        .child("formatCode")
        .map(|f| f.text.clone())
        .filter(|f| !f.is_empty());
    Ok(Cache::Numbers { values, format })
}

/// A text cache (`c:strCache`, `c:strLit`, a level of `c:multiLvlStrCache`).
fn text(cache: Option<&Element>, budget: &mut PointBudget) -> Result<Cache, LeftOut> {
    match cache {
        Some(cache) => Ok(Cache::Text(placed(
            cache,
            point_count(cache),
            budget,
            String::new(),
            str::to_owned,
        )?)),
        None => Ok(Cache::None),
    }
}

/// The points of `cache`, each at its `idx`, `gap` where none is: at
/// least `count` of them (its `ptCount`). Points without a readable `idx`
/// are dropped.
pub fn placed<T: Clone>(
    cache: &Element,
    count: u64,
    budget: &mut PointBudget,
    gap: T,
    read: impl Fn(&str) -> T,
) -> Result<Vec<T>, LeftOut> {
    let past_last = cache
        .points
        .iter()
        .filter_map(|p| p.index)
        .max()
        .map_or(0, |last| last.saturating_add(1));
    let len = count.max(past_last);
    budget.take(len)?;
    let mut out = vec![gap; len as usize];
    for point in &cache.points {
        if let Some(index) = point.index {
            out[index as usize] = read(&point.text);
        }
    }
    Ok(out)
}

/// `c:ptCount val` (or chartex's `ptCount` attribute), saturating.
pub fn point_count(cache: &Element) -> u64 {
    let text = cache
        .child("ptCount")
        .and_then(Element::val)
        .or_else(|| cache.attribute("ptCount"));
    let Some(digits) = text.map(str::trim) else {
        return 0;
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    digits.parse().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saved_charts::tree::parse;

    fn numbers_of(xml: &str) -> Result<Vec<f64>, LeftOut> {
        let cache = parse(xml).unwrap();
        placed(
            &cache,
            point_count(&cache),
            &mut PointBudget::default(),
            f64::NAN,
            |t| t.parse().unwrap_or(f64::NAN),
        )
    }

    /// NaN-aware equality for the tests.
    fn same(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }

    #[test]
    fn points_are_placed_by_their_index() {
        let values = numbers_of(
            r#"<numCache><ptCount val="5"/><pt idx="3"><v>4</v></pt><pt idx="0"><v>1</v></pt><pt idx="1"><v>x</v></pt></numCache>"#,
        )
        .unwrap();
        assert!(
            same(&values, &[1.0, f64::NAN, f64::NAN, 4.0, f64::NAN]),
            "{values:?}"
        );
        // A point past ptCount lengthens the cache rather than vanishing.
        let values =
            numbers_of(r#"<numCache><ptCount val="1"/><pt idx="2"><v>3</v></pt></numCache>"#)
                .unwrap();
        assert!(same(&values, &[f64::NAN, f64::NAN, 3.0]), "{values:?}");
        // No ptCount, no points: empty.
        assert!(numbers_of("<numCache/>").unwrap().is_empty());
    }

    #[test]
    fn huge_counts_are_refused_before_allocating() {
        for xml in [
            r#"<numCache><ptCount val="999999999"/></numCache>"#,
            r#"<numCache><ptCount val="99999999999999999999999999"/></numCache>"#,
            r#"<numCache><ptCount val="1"/><pt idx="1048576"><v>1</v></pt></numCache>"#,
            r#"<numCache><pt idx="18446744073709551615"><v>1</v></pt></numCache>"#,
        ] {
            let why = numbers_of(xml).unwrap_err().0;
            assert!(why.starts_with("a series caches "), "{why}");
        }
        assert_eq!(
            numbers_of(r#"<numCache><ptCount val="999999999"/></numCache>"#)
                .unwrap_err()
                .0,
            "a series caches 999,999,999 points, more than the 1,048,576 sheetplot reads"
        );
        assert_eq!(
            numbers_of(r#"<numCache><ptCount val="1048576"/></numCache>"#)
                .unwrap()
                .len(),
            1_048_576
        );
    }

    #[test]
    fn a_chart_has_a_budget_of_points() {
        let mut budget = PointBudget::default();
        for _ in 0..3 {
            budget.take(1_048_576).unwrap();
        }
        budget.take(4_000_000 - 3 * 1_048_576).unwrap();
        assert!(budget.take(1).is_err());
    }

    #[test]
    fn names_are_text_or_the_cached_text_of_their_cells() {
        let name = |xml: &str| text_of(&parse(xml).unwrap());
        assert_eq!(name("<tx><v>Margin</v></tx>").as_deref(), Some("Margin"));
        assert_eq!(
            name(r#"<tx><strRef><f>S!$A$1:$B$1</f><strCache><ptCount val="2"/><pt idx="1"><v>2024</v></pt><pt idx="0"><v>Revenue</v></pt></strCache></strRef></tx>"#).as_deref(),
            Some("Revenue 2024")
        );
        // openpyxl names a cell and caches nothing.
        assert_eq!(name("<tx><strRef><f>S!$A$1</f></strRef></tx>"), None);
        assert_eq!(
            name("<tx><rich><p><r><t>Height </t></r><r><t>(cm)</t></r></p><p><r><t>2024</t></r></p></rich></tx>").as_deref(),
            Some("Height (cm) 2024")
        );
    }

    #[test]
    fn multi_level_categories_read_their_innermost_level() {
        let element = parse(
            r#"<cat><multiLvlStrRef><f>Data!$A$2:$B$4</f><multiLvlStrCache><ptCount val="3"/><lvl><pt idx="0"><v>Jan</v></pt><pt idx="1"><v>Feb</v></pt><pt idx="2"><v>Jan</v></pt></lvl><lvl><pt idx="0"><v>2023</v></pt><pt idx="2"><v>2024</v></pt></lvl></multiLvlStrCache></multiLvlStrRef></cat>"#,
        )
        .unwrap();
        let data = series_data(&element, &mut PointBudget::default())
            .unwrap()
            .unwrap();
        assert_eq!(
            data.cache,
            Cache::Text(vec!["Jan".into(), "Feb".into(), "Jan".into()])
        );
        let range = data.range.unwrap();
        assert_eq!((range.first_column, range.last_column), (1, 1));
        assert_eq!((range.first_row, range.last_row), (1, 3));
    }
}
