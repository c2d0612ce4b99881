//! A chart prepared once per sheet and spec: what drawing and hovering
//! both need and that costs a pass over the rows (category totals, bins,
//! box statistics), so a frame or a mousemove costs what it shows instead.
//!
//! A zoom or a new title keeps a [`Prepared`]; anything else that changes
//! what is drawn asks for a new one ([`Prepared::fits`]).

use crate::overlay::{self, Trends};
use crate::render::XValues;
use crate::shapes::{box_stats, categories, histogram, pie_slices, BoxStats, Categories};
use crate::shapes::{Histogram, Slice};
use crate::spec::{ChartError, ChartKind, ChartSpec, XSource};
use crate::transform::{shape, Shaped, Shaping};
use crate::trend::TrendKind;
use sheetplot_model::Sheet;

/// Everything about a chart that depends on the sheet and the spec but not
/// on the zoom window or the title.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    made_for: Key,
    /// The sheet's row count: a cheap sign that it is still the same sheet.
    rows: usize,
    shape: Shape,
    /// The trend of each series, fitted once (line and scatter charts
    /// with a trend only).
    trends: Option<Trends>,
}

/// The parts of a spec a [`Prepared`] depends on: all but the view and
/// the title.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    kind: ChartKind,
    x: XSource,
    y: Vec<usize>,
    log_y: bool,
    bins: Option<usize>,
    shaping: Shaping,
    stack: bool,
    /// A trend is fitted when the chart is prepared, so another trend
    /// prepares again (a zoom does not: the fit is of all the rows).
    trend: Option<TrendKind>,
    y2: Vec<usize>,
    y2_bars: bool,
}

impl Key {
    fn of(spec: &ChartSpec) -> Key {
        // Destructured so that a new field of ChartSpec must be placed here.
        let ChartSpec {
            title: _,
            x_view: _,
            kind,
            x,
            y,
            log_y,
            bins,
            shaping,
            stack,
            trend,
            y2,
            y2_bars,
            y_title: _,
            y_bars: _,
            style: _,
        } = spec;
        Key {
            kind: *kind,
            x: *x,
            y: y.clone(),
            log_y: *log_y,
            bins: *bins,
            shaping: shaping.clone(),
            stack: *stack,
            trend: *trend,
            y2: y2.clone(),
            y2_bars: *y2_bars,
        }
    }

    fn matches(&self, spec: &ChartSpec) -> bool {
        self.kind == spec.kind
            && self.x == spec.x
            && self.y == spec.y
            && self.log_y == spec.log_y
            && self.bins == spec.bins
            && self.shaping == spec.shaping
            && self.stack == spec.stack
            && self.trend == spec.trend
            && self.y2 == spec.y2
            && self.y2_bars == spec.y2_bars
    }
}

/// What each kind derives from the rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Bars: the totals of each series by category.
    Bars(Categories),
    /// A pie: the first series' totals by category, and its slices.
    Pie {
        categories: Categories,
        slices: Vec<Slice>,
    },
    Histogram(Histogram),
    /// One box per series that has values, in the spec's order.
    Boxes(Vec<SeriesBox>),
    /// Line, scatter and area read the rows at each frame (a frame looks
    /// only at the rows in view), so this holds only what is about all rows.
    Points(Points),
}

/// The box of one series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesBox {
    /// The series' index in the spec's y columns.
    pub series: usize,
    pub stats: BoxStats,
}

/// What line, scatter and area charts know of all the rows. Stacked
/// layers are not kept: they would cost 8 bytes per row and series (32 MB
/// for a million rows of four series), while a frame stacks only the rows
/// in view and hover only the rows near the pointer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Points {
    /// Whether x never decreases and has no gaps, so the rows in a window
    /// are found by binary search.
    pub ordered: bool,
    /// The x range of all rows: the view when not zoomed, without a scan.
    pub x_extent: (f64, f64),
}

/// Prepares `spec` of `sheet`, once, for any number of frames and hovers.
pub fn prepare(sheet: &Sheet, spec: &ChartSpec) -> Result<Prepared, ChartError> {
    spec.check(sheet)?;
    let shape = match spec.kind {
        ChartKind::Bar => Shape::Bars(categories(sheet, spec)),
        ChartKind::Pie => {
            let mut first = spec.clone();
            first.y.truncate(1);
            let categories = categories(sheet, &first);
            let slices = pie_slices(&categories, 0);
            if slices.is_empty() {
                return Err(ChartError::NoValues);
            }
            Shape::Pie { categories, slices }
        }
        ChartKind::Histogram => {
            let values = sheet.columns[spec.y[0]].values.as_floats().unwrap_or(&[]);
            Shape::Histogram(histogram(values, spec.bins).ok_or(ChartError::NoValues)?)
        }
        ChartKind::Box => {
            let boxes: Vec<SeriesBox> = spec
                .y
                .iter()
                .enumerate()
                .filter_map(|(series, &c)| {
                    let stats = box_stats(sheet.columns[c].values.as_floats()?)?;
                    Some(SeriesBox { series, stats })
                })
                .collect();
            if boxes.is_empty() {
                return Err(ChartError::NoValues);
            }
            Shape::Boxes(boxes)
        }
        ChartKind::Line | ChartKind::Scatter | ChartKind::Area => Shape::Points(Points {
            ordered: spec.x_in_order(sheet),
            x_extent: XValues::of(sheet, spec).extent(sheet.rows),
        }),
    };
    let trends = match &shape {
        Shape::Points(points) => overlay::trends(sheet, spec, points.ordered, points.x_extent)?,
        _ => None,
    };
    Ok(Prepared {
        made_for: Key::of(spec),
        rows: sheet.rows,
        shape,
        trends,
    })
}

impl Prepared {
    /// Whether this was prepared for `spec`: the same spec but for `x_view`
    /// and `title`.
    pub fn fits(&self, spec: &ChartSpec) -> bool {
        self.made_for.matches(spec)
    }

    /// Whether this can stand for `spec` of `sheet`: it fits the spec and
    /// was made from a sheet of as many rows.
    pub(crate) fn serves(&self, sheet: &Sheet, spec: &ChartSpec) -> bool {
        self.rows == sheet.rows && self.fits(spec)
    }

    pub(crate) fn shape(&self) -> &Shape {
        &self.shape
    }

    pub(crate) fn trends(&self) -> Option<&Trends> {
        self.trends.as_ref()
    }

    /// Each series' trend as the legend and tooltip name it ("linear: y =
    /// 2.13x + 0.5, R² = 0.987"), in the spec's y order; empty without a trend.
    pub fn trend_labels(&self) -> Vec<String> {
        self.trends
            .iter()
            .flat_map(|t| t.series.iter().map(|s| s.label.clone()))
            .collect()
    }
}

/// A spec made ready to draw: its rows shaped first when it shapes them
/// (see [`crate::transform`]), then prepared. What the page keeps per
/// chart; a zoom or a new title keeps it too.
#[derive(Debug, Clone, PartialEq)]
pub struct Ready {
    shaped: Option<Shaped>,
    prepared: Prepared,
    made_for: Key,
}

/// Shapes (when `spec` asks to) and prepares `spec` of `sheet`.
pub fn ready(sheet: &Sheet, spec: &ChartSpec) -> Result<Ready, ChartError> {
    let shaped = shape(sheet, spec)?;
    let prepared = match &shaped {
        Some(shaped) => prepare(&shaped.sheet, &shaped.spec)?,
        None => prepare(sheet, spec)?,
    };
    Ok(Ready {
        shaped,
        prepared,
        made_for: Key::of(spec),
    })
}

impl Ready {
    /// Whether this was made for `spec`: the same but for `x_view` and `title`.
    pub fn fits(&self, spec: &ChartSpec) -> bool {
        self.made_for.matches(spec)
    }

    /// What draws `spec` of `sheet`: the shaped rows (or the sheet itself),
    /// the spec that draws them with `spec`'s title and view, and what was
    /// prepared of them.
    pub fn parts<'a>(
        &'a self,
        sheet: &'a Sheet,
        spec: &ChartSpec,
    ) -> (&'a Sheet, ChartSpec, &'a Prepared) {
        match &self.shaped {
            Some(shaped) => {
                let drawn = ChartSpec {
                    title: spec.title.clone(),
                    x_view: spec.x_view,
                    ..shaped.spec.clone()
                };
                (&shaped.sheet, drawn, &self.prepared)
            }
            None => (sheet, spec.clone(), &self.prepared),
        }
    }

    /// The shaped rows, when the spec shapes them.
    pub fn shaped(&self) -> Option<&Shaped> {
        self.shaped.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_model::{Column, Values};

    /// Regions (with a gap and a repeat), sales, and costs with a gap.
    fn sheet() -> Sheet {
        let region = Values::Text {
            ids: vec![0, 1, 0, Values::NO_LABEL, 2, 1],
            labels: vec!["N".into(), "S".into(), "E".into()],
        };
        let col = |name: &str, values| Column::new(name.into(), values, 0);
        Sheet {
            name: "s".into(),
            rows: 6,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![
                col("region", region),
                col("sales", Values::Number(vec![1.0, 2.0, 3.0, 9.0, 5.0, 40.0])),
                col(
                    "cost",
                    Values::Number(vec![f64::NAN, 1.0, 2.0, 3.0, 4.0, 5.0]),
                ),
                col("empty", Values::Number(vec![f64::NAN; 6])),
            ],
        }
    }

    fn spec(kind: ChartKind, y: Vec<usize>) -> ChartSpec {
        ChartSpec::new("t".into(), kind, XSource::Category(0), y)
    }

    #[test]
    fn bars_hold_category_totals_of_every_series() {
        let s = sheet();
        let prepared = prepare(&s, &spec(ChartKind::Bar, vec![1, 2])).unwrap();
        let Shape::Bars(c) = prepared.shape() else {
            panic!("{prepared:?}")
        };
        assert_eq!(c.labels, ["N", "S", "E"]);
        assert_eq!(c.values, [vec![4.0, 42.0, 5.0], vec![2.0, 6.0, 4.0]]);
        assert!(c.summed);
    }

    #[test]
    fn a_pie_holds_its_first_series_and_its_slices() {
        let s = sheet();
        let prepared = prepare(&s, &spec(ChartKind::Pie, vec![1, 2])).unwrap();
        let Shape::Pie { categories, slices } = prepared.shape() else {
            panic!("{prepared:?}")
        };
        assert_eq!(categories.values, [vec![4.0, 42.0, 5.0]]);
        let labels: Vec<&str> = slices.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["S", "E", "N"], "largest first");
    }

    #[test]
    fn a_histogram_holds_its_bins() {
        let s = sheet();
        let mut histogram_spec = spec(ChartKind::Histogram, vec![2]);
        histogram_spec.bins = Some(4);
        let prepared = prepare(&s, &histogram_spec).unwrap();
        let Shape::Histogram(h) = prepared.shape() else {
            panic!("{prepared:?}")
        };
        assert_eq!(h.edges, [1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(h.counts, [1, 1, 1, 2]);
    }

    #[test]
    fn boxes_are_kept_for_the_series_with_values_only() {
        let s = sheet();
        let prepared = prepare(&s, &spec(ChartKind::Box, vec![3, 1, 2])).unwrap();
        let Shape::Boxes(boxes) = prepared.shape() else {
            panic!("{prepared:?}")
        };
        let series: Vec<usize> = boxes.iter().map(|b| b.series).collect();
        assert_eq!(series, [1, 2], "the empty column has no box");
        assert_eq!(boxes[1].stats.median, 3.0);
        assert_eq!(boxes[0].stats.outliers, [40.0]);
    }

    #[test]
    fn lines_hold_whether_x_is_in_order_and_its_extent() {
        let s = sheet();
        let mut line = spec(ChartKind::Line, vec![2]);
        line.x = XSource::Column(1);
        let Shape::Points(points) = *prepare(&s, &line).unwrap().shape() else {
            panic!("a line prepares points")
        };
        assert_eq!(points.x_extent, (1.0, 40.0));
        assert!(!points.ordered, "sales go down once");
        line.x = XSource::Column(2);
        let Shape::Points(points) = *prepare(&s, &line).unwrap().shape() else {
            panic!("a line prepares points")
        };
        assert_eq!(points.x_extent, (1.0, 5.0));
        assert!(!points.ordered, "a gap in x rules out binary search");
        line.x = XSource::RowNumber;
        let Shape::Points(points) = *prepare(&s, &line).unwrap().shape() else {
            panic!("a line prepares points")
        };
        assert_eq!((points.x_extent, points.ordered), ((1.0, 6.0), true));
    }

    #[test]
    fn nothing_to_draw_is_refused_when_prepared() {
        let s = sheet();
        assert_eq!(
            prepare(&s, &spec(ChartKind::Histogram, vec![3, 1])),
            Err(ChartError::NoValues)
        );
        assert_eq!(
            prepare(&s, &spec(ChartKind::Line, vec![9])),
            Err(ChartError::NotThisSheet),
            "the spec is checked first"
        );
        let mut negative = sheet();
        negative.columns[2] = Column::new("change".into(), Values::Number(vec![-1.0; 6]), 0);
        let mut pie = spec(ChartKind::Pie, vec![3, 2]);
        assert_eq!(prepare(&negative, &pie), Err(ChartError::NoValues));
        pie.y = vec![2];
        assert!(matches!(
            prepare(&negative, &pie),
            Err(ChartError::NegativeSlices { .. })
        ));
    }

    #[test]
    fn a_zoom_or_a_title_fits_anything_else_does_not() {
        let s = sheet();
        let base = spec(ChartKind::Line, vec![1, 2]);
        let prepared = prepare(&s, &base).unwrap();
        assert!(prepared.fits(&base));
        let mut same = base.clone();
        same.x_view = Some((1.0, 2.0));
        same.title = "another".into();
        assert!(prepared.fits(&same));
        let changes: [fn(&mut ChartSpec); 10] = [
            |s| s.y2 = vec![2],
            |s| s.y2_bars = true,
            |s| s.trend = Some(TrendKind::Linear),
            |s| s.trend = Some(TrendKind::MovingAverage(2)),
            |s| s.kind = ChartKind::Area,
            |s| s.x = XSource::RowNumber,
            |s| s.y = vec![1],
            |s| s.y = vec![2, 1],
            |s| s.bins = Some(10),
            |s| s.log_y = true,
        ];
        for change in changes {
            let mut other = same.clone();
            change(&mut other);
            assert!(!prepared.fits(&other), "{other:?}");
        }
        let mut fewer_rows = sheet();
        fewer_rows.rows = 5;
        assert!(prepared.serves(&s, &same));
        assert!(!prepared.serves(&fewer_rows, &same));
    }
}
