//! The page as a state machine: [`update`]`(&mut Session, Msg) -> Vec<Effect>`.
//!
//! Everything the page decides lives here, in plain Rust tested natively:
//! which file is being read and what to do with the reader's answers, what
//! a cancel or a crash does, which sheet and chart are shown, how the
//! controls become a [`ChartSpec`], how far a zoom may go, what the status
//! line and the `sheetplot:rendered` event say. The browser glue turns DOM
//! and worker events into [`Msg`]s and carries out the [`Effect`]s; it never
//! decides anything itself. `F` is the file handle the glue hands over (a
//! `Blob` in the page, anything in tests): the session only passes it on.

use serde::Serialize;
use sheetplot_chart::render::{PlotArea, RenderStats};
use sheetplot_chart::saved::{self, Bound, BoundRows};
use sheetplot_chart::settings::{x_source, Settings};
use sheetplot_chart::transform::{Aggregate, Bucket, Filter, Keep, Shaping};
use sheetplot_chart::trend::{TrendKind, MOVING_AVERAGE_WINDOWS};
use sheetplot_chart::{
    default_title, ready, ChartError, ChartKind, ChartSpec, Palette, Prepared, Ready, SeriesLook,
    Style, Theme, XSource,
};
use sheetplot_model::format::format_number;
use sheetplot_model::{Column, Dash, LegendPosition, Rgb, SavedCharts, Sheet, Values, Workbook};
use sheetplot_read::typing::{DateChoice, HeaderChoice};

use crate::protocol::ReaderError;

/// How long a chosen file waits for the reader to load before the page
/// gives up: a failed download of the reader's wasm reaches no error event.
pub const READER_WAIT_MS: i32 = 30_000;
/// The narrowest zoom window, as a share of all the data.
const MIN_SPAN: f64 = 1e-9;

/// Whether the reader (the worker) takes files yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderState {
    Loading,
    Ready,
}

impl ReaderState {
    /// Its name on `<html data-reader>`, a contract for tests.
    pub fn name(self) -> &'static str {
        match self {
            ReaderState::Loading => "loading",
            ReaderState::Ready => "ready",
        }
    }
}

/// Everything the page knows.
pub struct Session<F> {
    reader: ReaderState,
    /// Whether a reader has been ready once (the first is marked).
    reader_started: bool,
    next_id: u32,
    /// The file being read; answers about any other id are stale.
    request: Option<Request<F>>,
    /// The workbook on screen.
    open: Option<OpenFile>,
    /// The settings the URL holds: applied when their file opens again.
    remembered: Option<Settings>,
    /// Light or dark, for the page and every chart on it.
    theme: Theme,
    /// Whether `sheetplot:rendered` carries the shown sheet's column
    /// checksums (the page's `?checksums`, for tests).
    checksums: bool,
}

struct Request<F> {
    id: u32,
    name: String,
    phase: Phase<F>,
}

enum Phase<F> {
    /// Chosen before the reader was ready: held until it is.
    Waiting(F),
    /// With the reader.
    Sent,
    /// The sheets have arrived; their columns are arriving.
    Arriving {
        parse_ms: f64,
        threads: u32,
        workbook: Workbook,
        charts: SavedCharts,
    },
}

/// How a file was read: in how long, and by how many workers at once.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    parse_ms: f64,
    threads: u32,
}

/// A workbook on screen.
pub struct OpenFile {
    /// The request id the reader knows the file by.
    pub id: u32,
    pub file: String,
    pub workbook: Workbook,
    /// The charts the workbook saved, listed after its sheets.
    pub charts: SavedCharts,
    /// The sheet shown (for a saved chart, the sheet its data is on).
    pub sheet: usize,
    /// The saved chart shown, when one is.
    pub saved: Option<ShownSaved>,
    pub parse_ms: f64,
    /// How many workers read it at once.
    pub threads: u32,
    /// The header row chosen for the sheet shown.
    pub header: HeaderChoice,
    /// The order of day and month chosen for its dates written as text.
    pub dates: DateChoice,
    /// Its chart; `None` when the sheet has nothing to plot.
    pub chart: Option<Chart>,
    /// The last drawing's result, for hover and zoom.
    pub stats: Option<RenderStats>,
    /// The x span of all the data, for zooming out no further than it.
    full_x: Option<(f64, f64)>,
    /// A sheet typed again (its index), its columns arriving one by one.
    retyped: Option<(usize, Sheet)>,
}

/// A saved chart on screen.
pub struct ShownSaved {
    /// Its place in [`OpenFile::charts`].
    pub index: usize,
    /// The rows it draws, when they are not a sheet of the workbook as it
    /// is (see [`BoundRows`]).
    own: Option<Sheet>,
    /// What it draws otherwise than the workbook shows it.
    notes: Vec<String>,
    from_cache: bool,
}

/// The sheet a chart of `workbook` draws: a saved chart's own rows, or
/// sheet `index`.
fn shown_sheet<'a>(
    workbook: &'a Workbook,
    saved: Option<&'a ShownSaved>,
    index: usize,
) -> &'a Sheet {
    saved
        .and_then(|s| s.own.as_ref())
        .unwrap_or(&workbook.sheets[index])
}

impl OpenFile {
    pub fn sheet(&self) -> &Sheet {
        shown_sheet(&self.workbook, self.saved.as_ref(), self.sheet)
    }

    /// The saved chart shown, when one is.
    pub fn saved_chart(&self) -> Option<&sheetplot_model::SavedChart> {
        self.charts.charts.get(self.saved.as_ref()?.index)
    }

    /// The sheet shown, to be typed again with the choices made.
    fn retype<F>(&self) -> Effect<F> {
        Effect::Retype {
            id: self.id,
            index: self.sheet,
            header: self.header,
            dates: self.dates,
        }
    }

    fn default_title(&self) -> String {
        default_title(&self.file, self.sheet(), self.workbook.sheets.len())
    }
}

/// A chart of the shown sheet: what the user chose, and what was worked
/// out of it once (its rows shaped, then prepared: see
/// [`sheetplot_chart::ready`]), or why it cannot be drawn.
pub struct Chart {
    pub spec: ChartSpec,
    pub ready: Result<Ready, ChartError>,
}

impl Chart {
    fn new(sheet: &Sheet, spec: ChartSpec) -> Chart {
        Chart {
            ready: ready(sheet, &spec),
            spec,
        }
    }

    /// `spec` in place of this one, shaped and prepared again only if it
    /// must be (a zoom or a new title keeps what was worked out).
    fn change(&mut self, sheet: &Sheet, spec: ChartSpec) {
        let fits = self.ready.as_ref().is_ok_and(|r| r.fits(&spec));
        if !fits {
            self.ready = ready(sheet, &spec);
        }
        self.spec = spec;
    }

    /// What draws this chart of `sheet`: the rows (shaped, or the sheet's
    /// own), the spec that draws them, and what was prepared of them.
    pub fn parts<'a>(&'a self, sheet: &'a Sheet) -> Option<(&'a Sheet, ChartSpec, &'a Prepared)> {
        let ready = self.ready.as_ref().ok()?;
        Some(ready.parts(sheet, &self.spec))
    }
}

/// The controls' values as the page reads them, before they mean anything.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ControlValues {
    pub kind: String,
    /// A column index, or anything else for the row number.
    pub x: String,
    /// The chosen y columns' indices.
    pub y: Vec<usize>,
    pub bins: String,
    pub log_y: bool,
    pub title: String,
    /// An aggregate's name, or anything else for none.
    pub aggregate: String,
    pub bucket: String,
    /// A text column's index, or anything else for no split.
    pub split_by: String,
    /// A column's index, or anything else for no filter.
    pub filter_column: String,
    /// The text values kept, for a text column.
    pub filter_values: Vec<String>,
    /// The range kept, for a number or date column (a date as YYYY-MM-DD).
    pub filter_min: String,
    pub filter_max: String,
    /// Bars piled up.
    pub stack: bool,
    /// Series in rows.
    pub transpose: bool,
    /// A [`TrendKind::name`], or anything else for none.
    pub trend: String,
    /// The moving average's window as typed (used while the trend chosen
    /// stays a moving average).
    pub trend_window: String,
    /// The columns chosen for the right-hand axis (a line chart's); they
    /// leave the left axis.
    pub y2: Vec<usize>,
    /// The right-hand axis' series as bars.
    pub y2_bars: bool,
    /// The look: a palette's name, then per drawn series a colour the
    /// person picked (`#rrggbb`; empty for the palette's) and a dash's
    /// name.
    pub palette: String,
    pub colors: Vec<String>,
    pub dashes: Vec<String>,
    pub line_width: String,
    pub markers: bool,
    pub legend: String,
    pub font_scale: String,
    /// Axis titles as typed; empty names the axis after its column.
    pub x_title: String,
    pub y_title: String,
    pub y2_title: String,
    /// The value axis' ends as typed; empty fits the data.
    pub y_min: String,
    pub y_max: String,
    pub gridlines: bool,
}

/// What happened.
// Made and moved once per event: the controls' values travel unboxed.
#[allow(clippy::large_enum_variant)]
pub enum Msg<F> {
    /// A file was dropped, picked or fetched from the data folder.
    FileChosen {
        name: String,
        file: F,
        size: f64,
    },
    ReaderReady,
    /// The worker died (an abort, out of memory), or could not start.
    ReaderCrashed {
        detail: String,
    },
    /// [`READER_WAIT_MS`] after a file began waiting for the reader.
    ReaderTimedOut {
        id: u32,
    },
    Progress {
        id: u32,
        done: f64,
        total: f64,
    },
    /// A workbook's sheets, without columns, and its saved charts.
    Outline {
        id: u32,
        parse_ms: f64,
        threads: u32,
        workbook: Workbook,
        charts: SavedCharts,
    },
    Column {
        id: u32,
        sheet: usize,
        column: Column,
    },
    Done {
        id: u32,
    },
    Refused {
        id: u32,
        name: String,
        error: ReaderError,
    },
    /// Sheet `index` of file `id`, typed again with another header,
    /// without its columns: they follow as `Column`s of that sheet, then
    /// `Done`.
    Retyped {
        id: u32,
        index: usize,
        sheet: Sheet,
    },
    /// The file or the request could not be handed to the reader, or a
    /// data-folder file could not be fetched.
    NotHandedOver {
        name: String,
        reason: String,
    },
    Cancel,
    SheetChosen(usize),
    HeaderChosen(HeaderChoice),
    /// Dates like 03/04/2024 are to be read in this order.
    DatesChosen(DateChoice),
    ControlsChanged(ControlValues),
    /// Show this x window (`None`: all the data), clamped to the data.
    ViewRequested(Option<(f64, f64)>),
    /// The canvas changed size.
    Resized,
    /// The URL hash changed under the page.
    UrlChanged(Option<Settings>),
    /// Light or dark: the page's preference at start, or the toggle.
    ThemeChosen(Theme),
    /// A [`Effect::Draw`] was carried out.
    Drawn(Drawn),
}

/// What a drawing did.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub outcome: DrawOutcome,
    pub render_ms: f64,
    /// Device pixels per CSS pixel of the canvas.
    pub ratio: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrawOutcome {
    Chart(Box<RenderStats>),
    /// The canvas says why this chart cannot be drawn (this text).
    Refused(String),
    /// The canvas says the sheet has nothing to plot.
    Message,
    /// The browser failed (no canvas); the reason for the banner.
    Failed(String),
}

/// What the glue must draw, read from the session when it draws.
// Made once per drawing and matched at once: boxing the spec buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Drawing<'a> {
    Chart {
        sheet: &'a Sheet,
        spec: ChartSpec,
        prepared: &'a Prepared,
    },
    /// "Cannot draw this: …": drawn as a message and announced.
    Refusal(String),
    /// The sheet has nothing to plot.
    Message(String),
}

/// What to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<F> {
    SendFile {
        id: u32,
        name: String,
        file: F,
    },
    Retype {
        id: u32,
        index: usize,
        header: HeaderChoice,
        dates: DateChoice,
    },
    /// Stop the worker at once and start a fresh one.
    RestartReader,
    /// Send [`Msg::ReaderTimedOut`] after [`READER_WAIT_MS`].
    WaitForReader {
        id: u32,
    },
    ReaderState(ReaderState),
    /// A `performance.mark`.
    Mark(&'static str),
    Progress(Option<ProgressView>),
    Status(String),
    /// The error banner's text; `None` hides it.
    Banner(Option<String>),
    Announce(Announcement),
    /// The sheet picker: the sheets, then the saved charts; `selected`
    /// counts through both.
    SheetPicker {
        labels: Vec<String>,
        charts: Vec<String>,
        selected: usize,
    },
    /// Fill the controls, preview and header picker from the shown sheet.
    ShowSheet,
    /// Make the controls agree with the chart (one y column for a pie,
    /// only the fields its kind uses).
    SyncControls,
    /// Draw the shown sheet's chart (see [`Session::drawing`]) and send
    /// [`Msg::Drawn`].
    Draw,
    Chrome(Chrome),
    /// Under the chart: which cells were left out.
    Notes(String),
    /// The URL hash, without a history entry.
    Url(String),
    /// Clear the hover mark, zoom box and tooltip.
    ClearMarks,
    /// Show the page in this theme.
    Theme(Theme),
    /// The look panel's row per drawn series.
    SeriesLooks(Vec<SeriesRow>),
}

/// A drawn series in the look panel: its name, its colour (the person's,
/// or the palette's), and its line.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRow {
    pub name: String,
    pub color: Rgb,
    /// The colour is the person's (or the saved chart's), not the palette's.
    pub picked: bool,
    pub dash: Dash,
}

/// The rows for `series` drawn in `style`.
fn series_rows(style: &Style, series: &[String]) -> Vec<SeriesRow> {
    series
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let own = style.series.get(n).copied().unwrap_or_default();
            SeriesRow {
                name: name.clone(),
                color: style.series_color(n),
                picked: own.color.is_some(),
                dash: own.dash.unwrap_or_default(),
            }
        })
        .collect()
}

/// The progress panel.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressView {
    pub name: String,
    /// Bytes read, when known.
    pub done: Option<f64>,
    pub total: f64,
    /// Waiting for the reader to load.
    pub waiting: bool,
}

impl ProgressView {
    /// The panel's label.
    pub fn label(&self) -> String {
        match self.done {
            _ if self.waiting => format!("{}: waiting for the reader to load…", self.name),
            Some(done) if self.total > 0.0 && done.is_finite() => format!(
                "{}: {:.0}% of {:.1} MB",
                self.name,
                self.percent().unwrap_or(0.0),
                self.total / 1e6
            ),
            _ => self.name.clone(),
        }
    }

    /// How far, 0–100, when known.
    pub fn percent(&self) -> Option<f64> {
        let done = self.done.filter(|d| d.is_finite() && self.total > 0.0)?;
        Some((100.0 * done / self.total).clamp(0.0, 100.0))
    }
}

/// The page's state around the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chrome {
    pub categorical: bool,
    pub reset_zoom: bool,
    pub export: bool,
}

/// An event on `window`: a contract for tests.
#[derive(Debug, Clone, PartialEq)]
pub enum Announcement {
    /// `sheetplot:rendered` (boxed: it is far larger than the others)
    Rendered(Box<Rendered>),
    /// `sheetplot:error`
    Error { file: String, message: String },
    /// `sheetplot:cancelled`
    Cancelled { file: String },
}

/// The detail of `sheetplot:rendered`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendered {
    pub file: String,
    pub sheet: String,
    pub rows: usize,
    pub parse_ms: f64,
    /// How many workers read the file at once.
    pub threads: u32,
    /// Each column's [`Values::checksum`] (hex), with `?checksums`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checksums: Vec<String>,
    pub render_ms: f64,
    pub points_drawn: usize,
    pub kind: &'static str,
    pub x_ticks: Vec<String>,
    pub series: Vec<String>,
    /// Each series' trend as the legend names it ("linear: y = 2.1x + 3,
    /// R² = 0.93"), in the order of `series`; left out without a trend.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trends: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_range: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_range: Option<[f64; 2]>,
    /// The y axis tick labels, bottom to top.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub y_ticks: Vec<String>,
    /// The right-hand axis' range, bottom to top, when the chart has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y2_range: Option<[f64; 2]>,
    /// The right-hand axis' tick labels, bottom to top, each beside the
    /// y tick of the same place in `y_ticks`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub y2_ticks: Vec<String>,
    /// The plotting area in CSS pixels of the canvas, for pointer tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plot: Option<CssRect>,
    /// The saved chart drawn, as the sheet picker names it, when the
    /// chart is one the workbook saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_chart: Option<String>,
    /// Whether it was drawn from the values the chart cached rather than
    /// from the cells (whose sheet is missing, or in another workbook).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CssRect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl<F> Session<F> {
    /// A page that has just started, with the settings its URL holds.
    /// Makes every `sheetplot:rendered` carry the checksum of each column
    /// of the sheet shown ([`Values::checksum`]), as the page holds it.
    pub fn report_checksums(&mut self) {
        self.checksums = true;
    }

    pub fn new(remembered: Option<Settings>) -> (Session<F>, Vec<Effect<F>>) {
        let session = Session {
            reader: ReaderState::Loading,
            reader_started: false,
            next_id: 1,
            request: None,
            open: None,
            remembered,
            theme: Theme::Light,
            checksums: false,
        };
        let effects = vec![
            Effect::ReaderState(ReaderState::Loading),
            Effect::Status(
                "Ready: drop a spreadsheet, choose one, or open a file from the data folder."
                    .into(),
            ),
        ];
        (session, effects)
    }

    pub fn open(&self) -> Option<&OpenFile> {
        self.open.as_ref()
    }

    pub fn reader(&self) -> ReaderState {
        self.reader
    }

    /// The name of the file being read, if any.
    pub fn reading(&self) -> Option<&str> {
        self.request.as_ref().map(|r| r.name.as_str())
    }

    /// What a drawing shows now; `None` before a workbook is open.
    pub fn drawing(&self) -> Option<Drawing<'_>> {
        let open = self.open.as_ref()?;
        let sheet = open.sheet();
        Some(match &open.chart {
            Some(chart) => match (chart.parts(sheet), &chart.ready) {
                (Some((sheet, spec, prepared)), _) => Drawing::Chart {
                    sheet,
                    spec,
                    prepared,
                },
                (None, Err(why)) => Drawing::Refusal(refusal(why)),
                (None, Ok(_)) => Drawing::Refusal(refusal(&ChartError::NoValues)),
            },
            None => match unbound(open) {
                Some(why) => Drawing::Message(why),
                None => {
                    let why = ChartSpec::suggest(sheet, String::new())
                        .err()
                        .map_or(String::new(), |e| e.to_string());
                    Drawing::Message(format!("Sheet “{}”: {why}", sheet.name))
                }
            },
        })
    }

    /// The plot of the chart on screen, if its x axis can zoom.
    pub fn zoomable_plot(&self) -> Option<PlotArea> {
        let open = self.open.as_ref()?;
        let chart = open.chart.as_ref()?;
        if chart.spec.kind.is_categorical() {
            return None;
        }
        open.stats.as_ref()?.plot
    }
}

/// Why the saved chart shown has no chart to draw, when it has none.
fn unbound(open: &OpenFile) -> Option<String> {
    match (&open.saved, &open.chart) {
        (Some(saved), None) => saved.notes.first().cloned(),
        _ => None,
    }
}

/// The text a chart that cannot be drawn shows and announces.
pub fn refusal(why: &ChartError) -> String {
    format!("Cannot draw this: {why}")
}

/// Applies `msg` to `session`; returns what the page must do, in order.
pub fn update<F>(session: &mut Session<F>, msg: Msg<F>) -> Vec<Effect<F>> {
    let mut fx = Vec::new();
    match msg {
        Msg::FileChosen { name, file, size } => session.choose(name, file, size, &mut fx),
        Msg::ReaderReady => session.reader_ready(&mut fx),
        Msg::ReaderCrashed { detail } => session.crashed(&detail, &mut fx),
        Msg::ReaderTimedOut { id } => {
            let waiting = session
                .request
                .as_ref()
                .is_some_and(|r| r.id == id && matches!(r.phase, Phase::Waiting(_)));
            if waiting {
                session.crashed("it did not load in 30 s", &mut fx);
            }
        }
        Msg::Progress { id, done, total } => {
            if let Some(r) = session.request.as_ref().filter(|r| r.id == id) {
                fx.push(Effect::Progress(Some(ProgressView {
                    name: r.name.clone(),
                    done: Some(done),
                    total,
                    waiting: false,
                })));
            }
        }
        Msg::Outline {
            id,
            parse_ms,
            threads,
            workbook,
            charts,
        } => {
            if let Some(r) = session.request.as_mut().filter(|r| r.id == id) {
                r.phase = Phase::Arriving {
                    parse_ms,
                    threads,
                    workbook,
                    charts,
                };
            }
        }
        Msg::Column { id, sheet, column } => {
            if let Some(Request {
                phase: Phase::Arriving { workbook, .. },
                ..
            }) = session.request.as_mut().filter(|r| r.id == id)
            {
                if let Some(sheet) = workbook.sheets.get_mut(sheet) {
                    sheet.columns.push(column);
                }
            } else if let Some((_, retyped)) = session
                .open
                .as_mut()
                .filter(|o| o.id == id)
                .and_then(|o| o.retyped.as_mut())
                .filter(|(index, _)| *index == sheet)
            {
                retyped.columns.push(column);
            }
        }
        Msg::Done { id } => {
            let arrived = session
                .request
                .as_ref()
                .is_some_and(|r| r.id == id && matches!(r.phase, Phase::Arriving { .. }));
            if !arrived {
                // Or every column of a sheet typed again has come.
                let replaced = session
                    .open
                    .as_mut()
                    .filter(|o| o.id == id)
                    .is_some_and(|open| {
                        open.retyped.take().is_some_and(|(index, sheet)| {
                            let slot = open.workbook.sheets.get_mut(index);
                            slot.map(|slot| *slot = sheet).is_some()
                        })
                    });
                if replaced {
                    session.show_sheet(&mut fx);
                }
                return fx;
            }
            if let Some(Request {
                name,
                phase:
                    Phase::Arriving {
                        parse_ms,
                        threads,
                        workbook,
                        charts,
                    },
                ..
            }) = session.request.take()
            {
                fx.push(Effect::Progress(None));
                let reading = Reading { parse_ms, threads };
                session.show_workbook(id, name, reading, workbook, charts, &mut fx);
            }
        }
        Msg::Refused { id, name, error } => {
            if session.request.as_ref().is_some_and(|r| r.id == id) {
                let request = session.request.take();
                let name = if name.is_empty() {
                    request.map_or(name, |r| r.name)
                } else {
                    name
                };
                fx.push(Effect::Progress(None));
                refuse(&name, &error.to_string(), &mut fx);
                fx.push(Effect::Status("Ready for the next file.".into()));
            } else if let Some(open) = session.open.as_mut().filter(|o| o.id == id) {
                // Typing a sheet of the open file again failed (perhaps
                // with some of its columns sent: they are dropped).
                open.retyped = None;
                refuse(&open.file, &error.to_string(), &mut fx);
            }
        }
        Msg::Retyped { id, index, sheet } => {
            if let Some(open) = session.open.as_mut().filter(|o| o.id == id) {
                open.retyped = Some((index, sheet));
            }
        }
        Msg::NotHandedOver { name, reason } => {
            let reading = session.request.as_ref().is_some_and(|r| r.name == name);
            if reading {
                session.request = None;
                fx.push(Effect::Progress(None));
            }
            refuse(&name, &reason, &mut fx);
            if reading {
                fx.push(Effect::Status("Ready for the next file.".into()));
            }
        }
        Msg::Cancel => session.cancel(&mut fx),
        Msg::SheetChosen(index) => {
            let Some(open) = session.open.as_mut() else {
                return fx;
            };
            open.header = HeaderChoice::Auto;
            open.dates = DateChoice::Auto;
            // The picker lists the sheets, then the saved charts.
            let sheets = open.workbook.sheets.len();
            match index.checked_sub(sheets) {
                Some(chart) if chart < open.charts.charts.len() => {
                    session.show_saved(chart, &mut fx)
                }
                _ => {
                    open.sheet = index.min(sheets.saturating_sub(1));
                    session.show_sheet(&mut fx);
                }
            }
        }
        Msg::HeaderChosen(header) => {
            if let Some(open) = session.open.as_mut() {
                open.header = header;
                fx.push(open.retype());
            }
        }
        Msg::DatesChosen(dates) => {
            if let Some(open) = session.open.as_mut() {
                open.dates = dates;
                fx.push(open.retype());
            }
        }
        Msg::ControlsChanged(values) => {
            let Some(open) = session.open.as_mut() else {
                return fx;
            };
            let sheet = shown_sheet(&open.workbook, open.saved.as_ref(), open.sheet);
            let Some(chart) = open.chart.as_mut() else {
                return fx;
            };
            let spec = spec_from_controls(sheet, &chart.spec, &values);
            if !spec.same_x_axis(&chart.spec) {
                open.full_x = None;
            }
            chart.change(sheet, spec);
            fx.push(Effect::SyncControls);
            fx.push(Effect::Draw);
        }
        Msg::ViewRequested(view) => {
            let Some(open) = session.open.as_mut() else {
                return fx;
            };
            let full = open.full_x;
            let Some(chart) = open.chart.as_mut() else {
                return fx;
            };
            chart.spec.x_view = clamp_view(view, full, chart.spec.x_view);
            fx.push(Effect::ClearMarks);
            fx.push(Effect::Draw);
        }
        Msg::Resized => {
            if session.open.is_some() {
                fx.push(Effect::Draw);
            }
        }
        Msg::UrlChanged(settings) => session.remembered = settings,
        Msg::ThemeChosen(theme) => {
            session.theme = theme;
            fx.push(Effect::Theme(theme));
            if let Some(chart) = session.open.as_mut().and_then(|o| o.chart.as_mut()) {
                chart.spec.style.theme = theme;
                fx.push(Effect::Draw);
            }
        }
        Msg::Drawn(drawn) => session.drawn(drawn, &mut fx),
    }
    fx
}

impl<F> Session<F> {
    fn choose(&mut self, name: String, file: F, size: f64, fx: &mut Vec<Effect<F>>) {
        let id = self.next_id;
        self.next_id += 1;
        fx.push(Effect::Banner(None));
        fx.push(Effect::Status(format!("Reading {name}…")));
        let waiting = self.reader != ReaderState::Ready;
        fx.push(Effect::Progress(Some(ProgressView {
            name: name.clone(),
            done: None,
            total: size,
            waiting,
        })));
        // A file still waiting is dropped; answers about one already sent
        // are stale from now on.
        if waiting {
            self.request = Some(Request {
                id,
                name,
                phase: Phase::Waiting(file),
            });
            fx.push(Effect::WaitForReader { id });
        } else {
            self.request = Some(Request {
                id,
                name: name.clone(),
                phase: Phase::Sent,
            });
            fx.push(Effect::SendFile { id, name, file });
        }
    }

    fn reader_ready(&mut self, fx: &mut Vec<Effect<F>>) {
        self.reader = ReaderState::Ready;
        fx.push(Effect::ReaderState(ReaderState::Ready));
        if !self.reader_started {
            self.reader_started = true;
            fx.push(Effect::Mark("sheetplot:reader-ready"));
        }
        let Some(request) = self.request.as_mut() else {
            return;
        };
        if let Phase::Waiting(_) = request.phase {
            if let Phase::Waiting(file) = std::mem::replace(&mut request.phase, Phase::Sent) {
                fx.push(Effect::SendFile {
                    id: request.id,
                    name: request.name.clone(),
                    file,
                });
            }
        }
    }

    fn restart_reader(&mut self, fx: &mut Vec<Effect<F>>) {
        self.reader = ReaderState::Loading;
        fx.push(Effect::RestartReader);
        fx.push(Effect::ReaderState(ReaderState::Loading));
    }

    /// The worker died: a fresh one for the next file, and the user told
    /// unless the worker already answered (its panic hook refuses the file).
    /// One that never got ready (its files could not be fetched, say) is
    /// not started again: it would fail the same way, over and over.
    fn crashed(&mut self, detail: &str, fx: &mut Vec<Effect<F>>) {
        let request = self.request.take();
        if self.reader == ReaderState::Ready {
            self.restart_reader(fx);
        }
        fx.push(Effect::Progress(None));
        let Some(request) = request else { return };
        let detail = if detail.is_empty() {
            "no details"
        } else {
            detail
        };
        let reason = if matches!(request.phase, Phase::Waiting(_)) {
            format!("the reader could not start ({detail}). Reload the page to try again.")
        } else {
            format!(
                "sheetplot ran out of memory or hit an internal error reading it ({detail}). \
                 The page has recovered; try another file."
            )
        };
        refuse(&request.name, &reason, fx);
        fx.push(Effect::Status("Ready for the next file.".into()));
    }

    /// The reader is stopped mid-read and replaced; the page keeps what it
    /// showed. A file still waiting was never sent: the loading reader stays.
    fn cancel(&mut self, fx: &mut Vec<Effect<F>>) {
        let Some(request) = self.request.take() else {
            return;
        };
        if !matches!(request.phase, Phase::Waiting(_)) {
            self.restart_reader(fx);
        }
        fx.push(Effect::Progress(None));
        fx.push(Effect::Status(format!(
            "Cancelled reading {}.",
            request.name
        )));
        fx.push(Effect::Announce(Announcement::Cancelled {
            file: request.name,
        }));
    }

    /// A workbook has arrived whole: list its sheets, show the first (or
    /// the one the URL names).
    fn show_workbook(
        &mut self,
        id: u32,
        file: String,
        reading: Reading,
        workbook: Workbook,
        charts: SavedCharts,
        fx: &mut Vec<Effect<F>>,
    ) {
        let settings = self.remembered.as_ref().filter(|s| s.file == file);
        let saved_chart = settings
            .and_then(|s| s.chart)
            .filter(|&n| n <= charts.charts.len());
        let remembered = settings
            .filter(|_| saved_chart.is_none())
            .and_then(|s| workbook.sheets.iter().position(|sh| sh.name == s.sheet));
        // A workbook with charts opens on its first, unless the URL says
        // which sheet or chart to show.
        let chart_shown = match saved_chart {
            Some(n) => Some(n - 1),
            None if remembered.is_none() && !charts.charts.is_empty() => Some(0),
            None => None,
        };
        let sheet = remembered.unwrap_or(0);
        let labels = workbook
            .sheets
            .iter()
            .map(|s| {
                if s.is_empty() {
                    format!("{} (empty)", s.name)
                } else {
                    s.name.clone()
                }
            })
            .collect();
        let chart_labels = charts
            .charts
            .iter()
            .enumerate()
            .map(|(n, c)| saved::label(c, n + 1))
            .collect();
        fx.push(Effect::SheetPicker {
            labels,
            charts: chart_labels,
            selected: chart_shown.map_or(sheet, |c| workbook.sheets.len() + c),
        });
        if workbook.sheets.is_empty() {
            // The reader refuses such a file; nothing to show if one came.
            return;
        }
        self.open = Some(OpenFile {
            id,
            file,
            workbook,
            charts,
            sheet,
            saved: None,
            parse_ms: reading.parse_ms,
            threads: reading.threads,
            header: HeaderChoice::Auto,
            dates: DateChoice::Auto,
            chart: None,
            stats: None,
            full_x: None,
            retyped: None,
        });
        if let Some(chart) = chart_shown {
            self.show_saved(chart, fx);
        } else {
            self.show_sheet(fx);
        }
    }

    /// Shows saved chart `index`, bound to the columns it names (or drawn
    /// from its cache); one that cannot be drawn says why on the canvas.
    fn show_saved(&mut self, index: usize, fx: &mut Vec<Effect<F>>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let Some(saved_chart) = open.charts.charts.get(index) else {
            return;
        };
        let fallback = sheetplot_chart::file_stem(&open.file).to_owned();
        let (saved, chart) = match saved::bind(saved_chart, &open.workbook.sheets, &fallback) {
            Ok(Bound {
                rows,
                spec,
                notes,
                from_cache,
            }) => {
                let own = match rows {
                    BoundRows::Sheet(sheet) => {
                        open.sheet = sheet;
                        None
                    }
                    BoundRows::Own(sheet) => Some(sheet),
                };
                let shown = ShownSaved {
                    index,
                    own,
                    notes,
                    from_cache,
                };
                let sheet = shown_sheet(&open.workbook, Some(&shown), open.sheet);
                // The URL's changes to this chart (its look, another kind).
                let spec = match self
                    .remembered
                    .as_ref()
                    .filter(|s| s.file == open.file && s.chart == Some(index + 1))
                {
                    Some(settings) => settings.apply(sheet, spec),
                    None => spec,
                };
                let chart = Chart::new(sheet, spec);
                (shown, Some(chart))
            }
            Err(why) => {
                let shown = ShownSaved {
                    index,
                    own: None,
                    notes: vec![format!(
                        "{} cannot be drawn: {why}.",
                        saved::label(saved_chart, index + 1)
                    )],
                    from_cache: false,
                };
                (shown, None)
            }
        };
        open.saved = Some(saved);
        open.chart = chart.map(|mut chart| {
            chart.spec.style.theme = self.theme;
            chart
        });
        open.stats = None;
        open.full_x = None;
        fx.push(Effect::ShowSheet);
        fx.push(Effect::Draw);
    }

    /// Picks the shown sheet's chart (the suggestion, or the URL's settings
    /// when they are for this file and sheet) and asks for it to be drawn.
    fn show_sheet(&mut self, fx: &mut Vec<Effect<F>>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        open.saved = None;
        let title = open.default_title();
        let sheet = open.sheet();
        let from_url = self
            .remembered
            .as_ref()
            .filter(|s| s.file == open.file && s.sheet == sheet.name && s.chart.is_none());
        let chart = ChartSpec::suggest(sheet, title).ok().map(|spec| {
            let spec = match from_url {
                Some(settings) => settings.apply(sheet, spec),
                None => spec,
            };
            Chart::new(sheet, spec)
        });
        open.chart = chart.map(|mut chart| {
            chart.spec.style.theme = self.theme;
            chart
        });
        open.stats = None;
        open.full_x = None;
        fx.push(Effect::ShowSheet);
        fx.push(Effect::Draw);
    }

    fn drawn(&mut self, drawn: Drawn, fx: &mut Vec<Effect<F>>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let default_title = open.default_title();
        let sheet = shown_sheet(&open.workbook, open.saved.as_ref(), open.sheet);
        let mut status = format!(
            "{} · sheet “{}” · {} {} · read in {:.0} ms · drawn in {:.0} ms",
            open.file,
            sheet.name,
            format_number(sheet.rows as f64, 0),
            if sheet.rows == 1 { "row" } else { "rows" },
            open.parse_ms,
            drawn.render_ms
        );
        let shaped = open
            .chart
            .as_ref()
            .and_then(|c| c.ready.as_ref().ok())
            .and_then(|r| r.shaped());
        if let Some(shaped) = shaped.filter(|s| s.kept < s.total) {
            status = format!(
                "{status} · {} of {} rows kept by the filter",
                format_number(shaped.kept as f64, 0),
                format_number(shaped.total as f64, 0)
            );
        }
        if let DrawOutcome::Refused(text) = &drawn.outcome {
            status = format!("{status} · {text}");
        }
        fx.push(Effect::Status(status));
        let stats = match &drawn.outcome {
            DrawOutcome::Chart(stats) => Some((**stats).clone()),
            _ => None,
        };
        let spec = open.chart.as_ref().map(|c| &c.spec);
        if let (Some(spec), Some(stats)) = (spec, &stats) {
            fx.push(Effect::SeriesLooks(series_rows(&spec.style, &stats.series)));
        }
        fx.push(Effect::Chrome(Chrome {
            categorical: spec.is_some_and(|s| s.kind.is_categorical()),
            reset_zoom: spec.is_some_and(|s| s.x_view.is_some()),
            // Nothing to export when the canvas shows why there is no chart.
            export: stats.is_some(),
        }));
        let mut lines = vec![notes(sheet)];
        if let Some(saved) = &open.saved {
            lines.extend(saved.notes.iter().cloned());
        }
        lines.extend(open.charts.refused.iter().cloned());
        lines.retain(|l| !l.is_empty());
        fx.push(Effect::Notes(lines.join(" ")));
        if let DrawOutcome::Failed(reason) = &drawn.outcome {
            refuse(&open.file, reason, fx);
        }
        if let Some(spec) = spec {
            let settings = Settings {
                chart: open.saved.as_ref().map(|shown| shown.index + 1),
                ..Settings::of(&open.file, sheet, spec, &default_title)
            };
            fx.push(Effect::Url(settings.to_query()));
            self.remembered = Some(settings);
            if spec.x_view.is_none() {
                open.full_x = stats.as_ref().and_then(|s| s.plot).map(|p| p.x_range);
            }
        }
        open.stats = stats.clone();
        match (&drawn.outcome, stats) {
            // A chart that cannot be drawn is an outcome too (the canvas
            // says why); the file itself opened, so no banner.
            (DrawOutcome::Refused(text), _) => fx.push(Effect::Announce(Announcement::Error {
                file: open.file.clone(),
                message: text.clone(),
            })),
            // A sheet with nothing to plot is an outcome too: every file
            // dropped ends in sheetplot:rendered or sheetplot:error.
            (DrawOutcome::Message, _) => {
                let message = unbound(open).unwrap_or_else(|| {
                    let why = ChartSpec::suggest(sheet, String::new())
                        .err()
                        .unwrap_or(ChartError::NoValues);
                    refusal(&why)
                });
                fx.push(Effect::Announce(Announcement::Error {
                    file: open.file.clone(),
                    message,
                }))
            }
            (_, Some(stats)) => {
                let css = |v: i32| f64::from(v) / drawn.ratio;
                fx.push(Effect::Announce(Announcement::Rendered(Box::new(
                    Rendered {
                        file: open.file.clone(),
                        sheet: sheet.name.clone(),
                        rows: sheet.rows,
                        parse_ms: open.parse_ms,
                        threads: open.threads,
                        checksums: if self.checksums {
                            let columns = sheet.columns.iter();
                            columns
                                .map(|c| format!("{:016x}", c.values.checksum()))
                                .collect()
                        } else {
                            Vec::new()
                        },
                        render_ms: drawn.render_ms,
                        points_drawn: stats.points_drawn,
                        kind: open.chart.as_ref().map_or("", |c| c.spec.kind.name()),
                        x_ticks: stats.x_ticks,
                        series: stats.series,
                        trends: stats.trends,
                        x_range: stats.plot.map(|p| [p.x_range.0, p.x_range.1]),
                        y_range: stats.plot.map(|p| [p.y_range.0, p.y_range.1]),
                        y_ticks: stats.y_ticks,
                        y2_range: stats.y2_range.map(|r| [r.0, r.1]),
                        y2_ticks: stats.y2_ticks,
                        plot: stats.plot.map(|p| CssRect {
                            left: css(p.left),
                            top: css(p.top),
                            width: css(p.width),
                            height: css(p.height),
                        }),
                        saved_chart: open.saved.as_ref().and_then(|shown| {
                            let chart = open.charts.charts.get(shown.index)?;
                            Some(saved::label(chart, shown.index + 1))
                        }),
                        from_cache: open.saved.as_ref().is_some_and(|s| s.from_cache),
                    },
                ))))
            }
            _ => {}
        }
    }
}

/// Shows why `file` was refused and announces it with `sheetplot:error`.
fn refuse<F>(file: &str, reason: &str, fx: &mut Vec<Effect<F>>) {
    let message = format!("Could not open “{file}”: {reason}");
    fx.push(Effect::Banner(Some(message.clone())));
    fx.push(Effect::Announce(Announcement::Error {
        file: file.to_owned(),
        message,
    }));
}

/// The spec the controls now show; the zoom survives only while the x axis
/// stays the same (see [`ChartSpec::same_x_axis`]).
pub fn spec_from_controls(sheet: &Sheet, current: &ChartSpec, values: &ControlValues) -> ChartSpec {
    let kind = ChartKind::from_name(&values.kind).unwrap_or(current.kind);
    let x = match values.x.parse::<usize>() {
        Ok(c) if c < sheet.columns.len() => x_source(sheet, c),
        _ => XSource::RowNumber,
    };
    let numeric = |c: &usize| {
        sheet
            .columns
            .get(*c)
            .is_some_and(|c| c.values.as_floats().is_some())
    };
    let mut y: Vec<usize> = values.y.iter().copied().filter(numeric).collect();
    if kind.single_series() {
        y.truncate(1);
    }
    let mut spec = ChartSpec {
        title: values.title.clone(),
        kind,
        x,
        y,
        log_y: values.log_y,
        bins: values.bins.trim().parse().ok().filter(|&b: &usize| b > 0),
        x_view: None,
        shaping: shaping_from_controls(sheet, kind, values),
        stack: values.stack,
        trend: trend_from_controls(kind, current, values),
        y2: values.y2.iter().copied().filter(numeric).collect(),
        y2_bars: values.y2_bars,
        y_title: typed(&values.y_title),
        y_bars: current.y_bars,
        style: style_from_controls(&current.style, values),
    };
    spec.leave_left_for_right();
    if spec.same_x_axis(current) {
        spec.x_view = current.x_view;
    }
    spec
}

/// Text typed in a field, `None` when blank.
fn typed(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A number typed in a field (`1,200` as written in English too);
/// `None` when blank or not a number.
fn typed_number(text: &str) -> Option<f64> {
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The look the controls ask for. What they do not show (each series'
/// own line width and markers, from a saved chart; the theme, the page's)
/// stays as `current` has it.
fn style_from_controls(current: &Style, values: &ControlValues) -> Style {
    let series = (0..values.colors.len().max(values.dashes.len()))
        .map(|n| {
            let kept = current.series.get(n).copied().unwrap_or_default();
            SeriesLook {
                color: values.colors.get(n).and_then(|c| Rgb::parse(c)),
                dash: values
                    .dashes
                    .get(n)
                    .and_then(|d| Dash::from_name(d))
                    .filter(|&d| d != Dash::Solid),
                ..kept
            }
        })
        .collect();
    let (y_min, y_max) = match (typed_number(&values.y_min), typed_number(&values.y_max)) {
        // Ends the wrong way round are the same range.
        (Some(lo), Some(hi)) if lo > hi => (Some(hi), Some(lo)),
        ends => ends,
    };
    Style {
        palette: Palette::from_name(&values.palette).unwrap_or(current.palette),
        series,
        line_width: typed_number(&values.line_width)
            .map_or(current.line_width, |w| w.clamp(0.5, 12.0)),
        markers: values.markers,
        legend: LegendPosition::from_name(&values.legend).unwrap_or(current.legend),
        font_scale: typed_number(&values.font_scale)
            .map_or(current.font_scale, |f| f.clamp(0.5, 3.0)),
        x_title: typed(&values.x_title),
        y2_title: typed(&values.y2_title),
        y_min,
        y_max,
        gridlines: values.gridlines,
        ..current.clone()
    }
}

/// The trend the controls ask for, for the kinds that take one. The
/// select names the trend; while it names the moving average already
/// drawn, the window typed beside it decides its length (clamped to
/// [`MOVING_AVERAGE_WINDOWS`]; a window that is not a number keeps the
/// one drawn). Choosing another entry of the select takes that entry's.
fn trend_from_controls(
    kind: ChartKind,
    current: &ChartSpec,
    values: &ControlValues,
) -> Option<TrendKind> {
    if !kind.takes_trend() {
        return None;
    }
    let chosen = TrendKind::from_name(&values.trend)?;
    let unchanged = current.trend.map(TrendKind::name).as_deref() == Some(values.trend.as_str());
    match chosen {
        TrendKind::MovingAverage(window) if unchanged => {
            let typed = values.trend_window.trim().parse::<usize>().ok();
            let window = typed.map_or(window, |w| {
                w.clamp(
                    *MOVING_AVERAGE_WINDOWS.start(),
                    *MOVING_AVERAGE_WINDOWS.end(),
                )
            });
            Some(TrendKind::MovingAverage(window))
        }
        chosen => Some(chosen),
    }
}

/// The shaping the controls ask for, of what `sheet` has: a split only by
/// a text column and for the kinds that split, a filter only of values the
/// column can hold.
fn shaping_from_controls(sheet: &Sheet, kind: ChartKind, values: &ControlValues) -> Shaping {
    let column = |text: &str| {
        text.parse::<usize>()
            .ok()
            .filter(|&c| c < sheet.columns.len())
    };
    let is_text = |c: &usize| matches!(sheet.columns[*c].values, Values::Text { .. });
    let split_by = column(&values.split_by)
        .filter(is_text)
        .filter(|_| kind.splits());
    let filters = column(&values.filter_column)
        .and_then(|c| {
            let keep = if is_text(&c) {
                Some(Keep::Among(values.filter_values.clone()))
                    .filter(|_| !values.filter_values.is_empty())
            } else {
                let time = sheet.columns[c].is_time();
                let bound = |text: &str| parse_bound(text, time);
                let (min, max) = (bound(&values.filter_min), bound(&values.filter_max));
                (min.is_some() || max.is_some()).then_some(Keep::Range(min, max))
            };
            keep.map(|keep| Filter { column: c, keep })
        })
        .into_iter()
        .collect();
    Shaping {
        aggregate: Aggregate::from_name(&values.aggregate).filter(|_| kind.groups_rows()),
        bucket: Bucket::from_name(&values.bucket).unwrap_or_default(),
        split_by,
        filters,
        transpose: values.transpose,
    }
}

/// A filter bound as typed: a number (thousands separators allowed), or
/// for a date column a date as YYYY-MM-DD (or any number of seconds).
fn parse_bound(text: &str, time: bool) -> Option<f64> {
    let text = text.trim();
    if time {
        let mut parts = text.splitn(3, '-').map(|p| p.parse::<i64>().ok());
        if let (Some(Some(y)), Some(Some(m)), Some(Some(d))) =
            (parts.next(), parts.next(), parts.next())
        {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                let days = sheetplot_model::calendar::days_from_civil(y, m as u32, d as u32);
                return Some(days as f64 * sheetplot_model::calendar::SECONDS_PER_DAY);
            }
        }
    }
    text.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The x window to show for a requested `view`: all the data when it asks
/// for nearly all of it, unchanged when it is narrower than [`MIN_SPAN`] of
/// it, and panned back inside the data's ends.
fn clamp_view(
    view: Option<(f64, f64)>,
    full: Option<(f64, f64)>,
    current: Option<(f64, f64)>,
) -> Option<(f64, f64)> {
    let (Some((lo, hi)), Some((full_lo, full_hi))) = (view, full) else {
        return view;
    };
    let span = full_hi - full_lo;
    if hi - lo >= span * 0.999 {
        None
    } else if hi - lo < span * MIN_SPAN {
        current
    } else {
        let shift = (full_lo - lo).max(0.0) - (hi - full_hi).max(0.0);
        Some((lo + shift, hi + shift))
    }
}

/// Which cells of `sheet` were left out, per column, in sentences.
pub fn notes(sheet: &Sheet) -> String {
    let lines: Vec<String> = sheet
        .columns
        .iter()
        .filter(|c| c.misfits > 0)
        .map(|c| {
            let (one, many) = match c.values.type_name() {
                "number" => ("a number", "numbers"),
                "date" => ("a date", "dates"),
                "date-time" => ("a date-time", "date-times"),
                "time" => ("a time of day", "times of day"),
                "duration" => ("a duration", "durations"),
                _ => ("TRUE or FALSE", "TRUE or FALSE"),
            };
            if c.misfits == 1 {
                format!("1 cell in “{}” is not {one} and was left out.", c.name)
            } else {
                format!(
                    "{} cells in “{}” are not {many} and were left out.",
                    format_number(c.misfits as f64, 0),
                    c.name
                )
            }
        })
        .collect();
    lines.join(" ")
}

#[cfg(test)]
mod tests;
