//! The charts a workbook saved (.xlsx/.xlsm, DrawingML), read as
//! [`SavedChart`]s: what to draw and from which cells.
//!
//! The way there is the package's relationships: `xl/workbook.xml` lists
//! the sheets (worksheets and chart sheets) in order; a sheet's drawing
//! (`xl/drawings/drawingN.xml`) anchors its charts in order; each anchor
//! names a chart part (`xl/charts/chartN.xml`, a `c:chartSpace`, or a
//! `cx:chartSpace` of Excel 2016's kinds in `chartExN.xml`).
//!
//! Charts never fail a workbook: its sheets open whatever its charts hold.
//! A file that is not a zip, or has no charts, has none; a chart that is
//! too large, too deep or broken is left out with a sentence in
//! [`SavedCharts::refused`], and the others still read. Every limit is
//! checked before the work it guards, so a hostile chart is refused in
//! milliseconds and small memory.

mod chart;
mod chartex;
mod colour;
mod formula;
mod package;
mod series;
mod tree;

#[cfg(test)]
mod tests;

use quick_xml::events::Event;
use quick_xml::Reader;

use sheetplot_model::saved_chart::{SavedChart, SavedCharts, SavedPlot};

use self::colour::Theme;
use self::package::{attribute, Package, Relationship};
use crate::read_at::ReadAt;
use crate::Container;

pub use self::formula::parse_range;

/// Largest chart part read, uncompressed.
pub const MAX_CHART_BYTES: usize = 8 * 1024 * 1024;
/// Most bytes of chart parts read from one workbook, together.
pub const MAX_ALL_CHART_BYTES: usize = 64 * 1024 * 1024;
/// Most charts read from one workbook; the rest are left out, and said so.
pub const MAX_CHARTS: usize = 256;
/// Most cells a chart's range may cover: as many as a sheet may hold.
pub const MAX_RANGE_CELLS: u64 = crate::MAX_SHEET_CELLS as u64;

/// Largest workbook part (`xl/workbook.xml`) read for its sheet list.
const WORKBOOK_LIMIT: usize = 32 * 1024 * 1024;
/// Largest drawing read for its anchors.
const DRAWING_LIMIT: usize = 16 * 1024 * 1024;
/// Largest theme read for its colours.
const THEME_LIMIT: usize = 4 * 1024 * 1024;

/// Why a chart is left out, as the end of a sentence ("its XML nests
/// deeper than 64 levels").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut(pub String);

/// The charts the workbook in `bytes` saved, in sheet order then drawing
/// order, and a sentence for each chart left out. Never fails: a file that
/// is not a zip, or holds no charts, gives none.
pub fn read_saved_charts(bytes: &[u8]) -> SavedCharts {
    read_saved_charts_at(bytes)
}

/// [`read_saved_charts`] of the workbook `source` holds, read where the
/// zip reader asks (in the page, from the user's file).
pub fn read_saved_charts_at<S: ReadAt + ?Sized>(source: &S) -> SavedCharts {
    let mut head = [0; 8];
    let len = source.read_at(0, &mut head).unwrap_or(0);
    if Container::sniff(&head[..len]) != Container::Zip {
        return SavedCharts::default();
    }
    // Nothing here should panic; if a dependency does, the sheets still
    // open. (Nothing read is kept past a panic: the source is only read.)
    let read = std::panic::AssertUnwindSafe(|| read_package(source));
    std::panic::catch_unwind(read).unwrap_or_else(|panic| SavedCharts {
        charts: Vec::new(),
        refused: vec![format!(
            "The workbook's charts were left out: reading them stopped ({}).",
            crate::panic_text(&*panic)
        )],
    })
}

fn read_package<S: ReadAt + ?Sized>(source: &S) -> SavedCharts {
    let Some(package) = Package::open(source) else {
        return SavedCharts::default();
    };
    let mut reading = Reading {
        package,
        theme: Theme::default(),
        saved: SavedCharts::default(),
        charts_seen: 0,
        charts_over: 0,
        bytes_read: 0,
    };
    let workbook = reading.workbook_part();
    let relationships = reading.package.relationships(&workbook);
    if let Some(theme) = relationships.iter().find(|r| r.kind == "theme") {
        reading.theme = reading.read_theme(&theme.target);
    }
    for (sheet, part) in reading.sheets(&workbook, &relationships) {
        // A sheet has at most one drawing; its relationships name it, so
        // the sheet's cells (which may be most of the file) are not read.
        for drawing in reading.package.relationships(&part) {
            if drawing.kind == "drawing" {
                reading.drawing(&sheet, &drawing.target);
            }
        }
    }
    reading.finish()
}

/// A workbook's charts being read, with what has been spent on them.
struct Reading<'a> {
    package: Package<'a>,
    theme: Theme,
    saved: SavedCharts,
    charts_seen: usize,
    /// Charts past [`MAX_CHARTS`], left out.
    charts_over: usize,
    bytes_read: usize,
}

/// A chart in a drawing: the name the drawing gives it (`Chart 1`) and
/// the relationship that leads to its part.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    name: Option<String>,
    id: String,
}

impl Reading<'_> {
    /// The workbook's main part, as the package's relationships name it.
    fn workbook_part(&mut self) -> String {
        self.package
            .relationships("")
            .into_iter()
            .find(|r| r.kind == "officeDocument" && self.package.has(&r.target))
            .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target)
    }

    fn read_theme(&mut self, part: &str) -> Theme {
        self.package
            .read_text(part, THEME_LIMIT)
            .ok()
            .and_then(|text| tree::parse(&text).ok())
            .map(|root| Theme::from_part(&root))
            .unwrap_or_default()
    }

    /// The sheets the workbook lists (`<sheet name r:id>`), in order, with
    /// their parts.
    fn sheets(&mut self, workbook: &str, relationships: &[Relationship]) -> Vec<(String, String)> {
        let Ok(text) = self.package.read_text(workbook, WORKBOOK_LIMIT) else {
            return Vec::new();
        };
        let mut reader = Reader::from_str(&text);
        let mut sheets = Vec::new();
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(ref e) | Event::Empty(ref e) if e.local_name().as_ref() == "sheet" => {
                    let part = attribute(e, "id")
                        .and_then(|id| relationships.iter().find(|r| r.id == id))
                        .map(|r| r.target.clone());
                    if let (Some(name), Some(part)) = (attribute(e, "name"), part) {
                        sheets.push((name, part));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        sheets
    }

    /// Reads the charts anchored in drawing `part` of `sheet`.
    fn drawing(&mut self, sheet: &str, part: &str) {
        let text = match self.package.read_text(part, DRAWING_LIMIT) {
            Ok(text) => text,
            Err(e) => {
                let why = e.reason();
                self.saved
                    .refused
                    .push(format!("The charts on {sheet} were left out: {why}."));
                return;
            }
        };
        let (anchors, broken) = chart_anchors(&text);
        let relationships = self.package.relationships(part);
        for anchor in anchors {
            let Some(target) = relationships.iter().find(|r| r.id == anchor.id) else {
                self.refuse(
                    sheet,
                    &anchor,
                    &format!("its relationship {} is missing", anchor.id),
                );
                continue;
            };
            if target.kind != "chart" && target.kind != "chartEx" {
                continue;
            }
            if self.charts_seen >= MAX_CHARTS {
                self.charts_over += 1;
                continue;
            }
            self.charts_seen += 1;
            match self.chart(&target.target) {
                Ok(mut chart) => {
                    chart.sheet = sheet.to_owned();
                    self.saved.charts.push(chart);
                }
                Err(LeftOut(why)) => self.refuse(sheet, &anchor, &why),
            }
        }
        if let Some(why) = broken {
            self.saved.refused.push(format!(
                "The rest of the drawing on {sheet} was left out: its XML does not parse ({why})."
            ));
        }
    }

    /// The chart of part `part`, or why it is left out.
    fn chart(&mut self, part: &str) -> Result<SavedChart, LeftOut> {
        if self.bytes_read >= MAX_ALL_CHART_BYTES {
            return Err(LeftOut(format!(
                "the workbook's charts hold more than the {} MB of XML sheetplot reads",
                MAX_ALL_CHART_BYTES / (1024 * 1024)
            )));
        }
        let bytes = self
            .package
            .read(part, MAX_CHART_BYTES)
            .map_err(|e| LeftOut(e.reason()))?;
        self.bytes_read += bytes.len();
        let text = package::decode(&bytes);
        drop(bytes);
        let root = tree::parse(&text).map_err(|e| LeftOut(e.reason()))?;
        drop(text);
        if root.name != "chartSpace" {
            return Err(LeftOut("it is not a chart".to_owned()));
        }
        // Only a chartex part keeps its data apart, in `cx:chartData`.
        if root.child("chartData").is_some() {
            chartex::read_chart_ex(&root, &self.theme)
        } else {
            chart::read_chart(&root, &self.theme)
        }
    }

    fn refuse(&mut self, sheet: &str, anchor: &Anchor, why: &str) {
        let chart = match &anchor.name {
            Some(name) => format!("Chart “{name}”"),
            None => "A chart".to_owned(),
        };
        self.saved
            .refused
            .push(format!("{chart} on {sheet} was left out: {why}."));
    }

    fn finish(mut self) -> SavedCharts {
        if self.charts_over > 0 {
            let over = self.charts_over;
            let charts = if over == 1 {
                "chart was"
            } else {
                "charts were"
            };
            self.saved.refused.push(format!(
                "{over} more {charts} left out: sheetplot reads at most {MAX_CHARTS} charts of a workbook."
            ));
        }
        self.saved
    }
}

/// The charts a drawing anchors (`c:chart r:id`, `cx:chart r:id`) in
/// order, each with the name of the shape holding it (`xdr:cNvPr name`).
/// What Excel shows in place of a chart to older versions
/// (`mc:Fallback`) is passed over. When the XML breaks off, the anchors
/// before it, and why.
fn chart_anchors(text: &str) -> (Vec<Anchor>, Option<String>) {
    let mut reader = Reader::from_str(text);
    let mut anchors = Vec::new();
    let mut name = None;
    let mut depth = 0usize;
    let mut fallback_at: Option<usize> = None;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => return (anchors, Some(e.to_string())),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                depth += 1;
                let local = e.local_name();
                match local.as_ref() {
                    _ if fallback_at.is_some() => {}
                    "Fallback" if !empty => fallback_at = Some(depth),
                    "cNvPr" => name = attribute(e, "name"),
                    "chart" => {
                        if let Some(id) = attribute(e, "id") {
                            anchors.push(Anchor {
                                name: name.clone().filter(|n| !n.is_empty()),
                                id,
                            });
                        }
                    }
                    _ => {}
                }
                if empty {
                    depth -= 1;
                }
            }
            Event::End(_) => {
                if fallback_at == Some(depth) {
                    fallback_at = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return (anchors, None),
            _ => {}
        }
    }
}

/// Refuses a chart whose series name a range larger than a sheet holds
/// (`$A$1:$XFD$1048576`): binding it would read more than any sheet has.
fn check_ranges(plots: &[SavedPlot]) -> Result<(), LeftOut> {
    let data = plots
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(|s| [&s.categories, &s.values])
        .flatten();
    for data in data {
        let Some(range) = &data.range else { continue };
        let cells = range.cells();
        if cells > MAX_RANGE_CELLS {
            return Err(LeftOut(format!(
                "it names {}, {} cells, more than the {} sheetplot reads",
                data.formula.as_deref().unwrap_or("a range"),
                thousands(cells),
                thousands(MAX_RANGE_CELLS)
            )));
        }
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
