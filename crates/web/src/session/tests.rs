//! The page's sequences, driven through `update` as the glue would drive
//! them: files chosen, the reader's answers arriving, charts drawn, cancels,
//! crashes and stale answers.

use plotters::prelude::*;
use sheetplot_chart::render::{render_message, render_prepared};
use sheetplot_chart::settings::Settings;
use sheetplot_model::saved_chart::{
    Cache, CellRange, SavedKind, SavedPlot, SavedSeries, SeriesData,
};
use sheetplot_model::{
    CellOrigin, Column, ReadError, SavedChart, SavedCharts, Sheet, TimeKind, Values, Workbook,
};

use super::*;
use crate::protocol::{join_column, split_column};
use sheetplot_read::typing::DateChoice;

type File = &'static str;
type Fx = Vec<Effect<File>>;

fn new_session() -> Session<File> {
    Session::new(None).0
}

fn ready_session() -> Session<File> {
    let mut session = new_session();
    update(&mut session, Msg::ReaderReady);
    session
}

/// A sheet of days, two readings and a region per row.
fn weather(rows: usize) -> Sheet {
    let day = |i: usize| 1.7e9 + 86_400.0 * i as f64;
    Sheet {
        name: "Daily".into(),
        rows,
        header_row: Some(0),
        first_row: 0,
        columns: vec![
            Column::new(
                "date".into(),
                Values::Time {
                    seconds: (0..rows).map(day).collect(),
                    kind: TimeKind::Date,
                },
                0,
            ),
            Column::new(
                "Oslo".into(),
                Values::Number((0..rows).map(|i| (i as f64 / 9.0).sin() * 10.0).collect()),
                1,
            ),
            Column::new(
                "Lisbon".into(),
                Values::Number(
                    (0..rows)
                        .map(|i| 15.0 + (i as f64 / 7.0).cos() * 5.0)
                        .collect(),
                ),
                0,
            ),
            Column::new(
                "region".into(),
                Values::Text {
                    ids: (0..rows).map(|i| (i % 3) as u32).collect(),
                    labels: vec!["North".into(), "South".into(), "East".into()],
                },
                0,
            ),
        ],
        title: None,
    }
}

fn notes_sheet() -> Sheet {
    Sheet {
        name: "Notes".into(),
        rows: 2,
        header_row: Some(0),
        first_row: 0,
        columns: vec![Column::new(
            "remark".into(),
            Values::Text {
                ids: vec![0, 1],
                labels: vec!["a".into(), "b".into()],
            },
            0,
        )],
        title: None,
    }
}

/// The reader's answers for `workbook` as request `id`: the outline, one
/// message per column (through the protocol's split and join), then done.
/// Returns the effects of the last message.
fn deliver(session: &mut Session<File>, id: u32, workbook: &Workbook) -> Fx {
    deliver_with_charts(session, id, workbook, SavedCharts::default())
}

/// [`deliver`], for a workbook that saved `charts`.
fn deliver_with_charts(
    session: &mut Session<File>,
    id: u32,
    workbook: &Workbook,
    charts: SavedCharts,
) -> Fx {
    let outline = Workbook {
        sheets: workbook
            .sheets
            .iter()
            .map(|s| Sheet {
                columns: Vec::new(),
                ..s.clone()
            })
            .collect(),
    };
    assert!(update(
        session,
        Msg::Outline {
            id,
            parse_ms: 12.0,
            threads: 1,
            workbook: outline,
            charts,
        }
    )
    .is_empty());
    for (n, sheet) in workbook.sheets.iter().enumerate() {
        for column in &sheet.columns {
            let (outline, arrays) = split_column(column);
            let column = join_column(outline, arrays.to_arrays());
            assert!(update(
                session,
                Msg::Column {
                    id,
                    sheet: n,
                    column
                }
            )
            .is_empty());
        }
    }
    update(session, Msg::Done { id })
}

/// What the glue does for [`Effect::Draw`], on an SVG backend.
fn draw(session: &mut Session<File>) -> Fx {
    let outcome = {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        match session.drawing().expect("a workbook is open") {
            Drawing::Chart {
                sheet,
                spec,
                prepared,
            } => match render_prepared(&root, sheet, &spec, prepared, 1.0) {
                Ok(stats) => DrawOutcome::Chart(Box::new(stats)),
                Err(sheetplot_chart::render::RenderError::Chart(why)) => {
                    DrawOutcome::Refused(refusal(&why))
                }
                Err(e) => DrawOutcome::Failed(e.to_string()),
            },
            Drawing::Refusal(text) => {
                render_message(&root, &text, 1.0).unwrap();
                DrawOutcome::Refused(text)
            }
            Drawing::Message(text) => {
                render_message(&root, &text, 1.0).unwrap();
                DrawOutcome::Message
            }
        }
    };
    update(
        session,
        Msg::Drawn(Drawn {
            outcome,
            render_ms: 4.0,
            ratio: 2.0,
        }),
    )
}

fn choose(session: &mut Session<File>, name: &str) -> Fx {
    update(
        session,
        Msg::FileChosen {
            name: name.into(),
            file: "handle",
            size: 1000.0,
        },
    )
}

/// The reader died, saying `detail`.
fn crash(session: &mut Session<File>, detail: &str) -> Fx {
    update(
        session,
        Msg::ReaderCrashed {
            detail: detail.into(),
        },
    )
}

fn announcements(fx: &Fx) -> Vec<&Announcement> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Announce(a) => Some(a),
            _ => None,
        })
        .collect()
}

fn rendered(fx: &Fx) -> &Rendered {
    match announcements(fx).as_slice() {
        [Announcement::Rendered(r)] => r,
        other => panic!("expected one sheetplot:rendered, got {other:?}"),
    }
}

fn error_message(fx: &Fx) -> &str {
    match announcements(fx).as_slice() {
        [Announcement::Error { message, .. }] => message,
        other => panic!("expected one sheetplot:error, got {other:?}"),
    }
}

fn status(fx: &Fx) -> &str {
    fx.iter()
        .rev()
        .find_map(|e| match e {
            Effect::Status(s) => Some(s.as_str()),
            _ => None,
        })
        .expect("a status")
}

fn spec(session: &Session<File>) -> &ChartSpec {
    &session.open().unwrap().chart.as_ref().unwrap().spec
}

#[test]
fn a_file_chosen_before_the_reader_loads_waits_for_it() {
    let (mut session, start) = Session::<File>::new(None);
    assert!(start.contains(&Effect::ReaderState(ReaderState::Loading)));
    let fx = choose(&mut session, "big.xlsx");
    assert!(fx.contains(&Effect::WaitForReader { id: 1 }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::SendFile { .. })));
    let waiting = fx.iter().find_map(|e| match e {
        Effect::Progress(Some(p)) => Some(p.label()),
        _ => None,
    });
    assert_eq!(
        waiting.as_deref(),
        Some("big.xlsx: waiting for the reader to load…")
    );
    let fx = update(&mut session, Msg::ReaderReady);
    assert_eq!(
        fx,
        vec![
            Effect::ReaderState(ReaderState::Ready),
            Effect::Mark("sheetplot:reader-ready"),
            Effect::SendFile {
                id: 1,
                name: "big.xlsx".into(),
                file: "handle"
            },
        ]
    );
    // The timer of a file that was sent meanwhile does nothing.
    assert!(update(&mut session, Msg::ReaderTimedOut { id: 1 }).is_empty());
}

#[test]
fn a_workbook_arrives_column_by_column_then_draws_and_announces() {
    let mut session = ready_session();
    let fx = choose(&mut session, "weather.xlsx");
    assert!(fx.contains(&Effect::SendFile {
        id: 1,
        name: "weather.xlsx".into(),
        file: "handle"
    }));
    let fx = update(
        &mut session,
        Msg::Progress {
            id: 1,
            done: 250.0,
            total: 1000.0,
        },
    );
    match fx.as_slice() {
        [Effect::Progress(Some(p))] => assert_eq!(p.label(), "weather.xlsx: 25% of 0.0 MB"),
        other => panic!("{other:?}"),
    }
    let workbook = Workbook {
        sheets: vec![weather(120), notes_sheet()],
    };
    let fx = deliver(&mut session, 1, &workbook);
    assert!(fx.contains(&Effect::Progress(None)));
    assert!(fx.contains(&Effect::SheetPicker {
        labels: vec!["Daily".into(), "Notes".into()],
        charts: Vec::new(),
        selected: 0
    }));
    assert!(fx.ends_with(&[Effect::ShowSheet, Effect::Draw]));
    assert_eq!(session.reading(), None);
    let open = session.open().unwrap();
    assert_eq!(open.workbook, workbook, "the columns arrived whole");
    assert_eq!(spec(&session).kind, ChartKind::Line);

    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(detail.file, "weather.xlsx");
    assert_eq!(detail.sheet, "Daily");
    assert_eq!(detail.rows, 120);
    assert_eq!(detail.kind, "line");
    assert_eq!(detail.series, ["Oslo", "Lisbon"]);
    assert_eq!(detail.threads, 1);
    assert!(detail.checksums.is_empty(), "only when asked");
    let [lo, hi] = detail.x_range.unwrap();
    assert_eq!((lo, hi), (1.7e9, 1.7e9 + 86_400.0 * 119.0));
    // The plot in CSS pixels: half the backend's at a ratio of 2.
    assert!(detail.plot.unwrap().width < 400.0);
    assert!(status(&fx).starts_with("weather.xlsx · sheet “Daily” · 120 rows · read in 12 ms"));
    assert!(fx.contains(&Effect::Notes(
        "1 cell in “Oslo” is not a number and was left out.".into()
    )));
    assert!(fx.contains(&Effect::Chrome(Chrome {
        categorical: false,
        reset_zoom: false,
        export: true
    })));
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Url(q) if q.starts_with("file=weather.xlsx&sheet=Daily"))));
}

#[test]
fn checksums_of_the_shown_sheets_columns_are_announced_when_asked() {
    let mut session = ready_session();
    session.report_checksums();
    choose(&mut session, "weather.xlsx");
    let sheet = weather(120);
    let expected: Vec<String> = sheet
        .columns
        .iter()
        .map(|c| format!("{:016x}", c.values.checksum()))
        .collect();
    let workbook = Workbook {
        sheets: vec![sheet, notes_sheet()],
    };
    deliver(&mut session, 1, &workbook);
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(detail.checksums, expected);
    assert_eq!(expected.len(), 4);
    assert_ne!(
        expected[1], expected[2],
        "two columns of numbers, not alike"
    );
}

#[test]
fn answers_about_a_file_no_longer_wanted_are_dropped() {
    let mut session = ready_session();
    choose(&mut session, "first.xlsx");
    choose(&mut session, "second.xlsx");
    let first = Workbook {
        sheets: vec![notes_sheet()],
    };
    assert!(deliver(&mut session, 1, &first).is_empty());
    assert!(update(
        &mut session,
        Msg::Refused {
            id: 1,
            name: "first.xlsx".into(),
            error: ReaderError::Read(ReadError::Empty),
        }
    )
    .is_empty());
    assert!(session.open().is_none());
    let second = Workbook {
        sheets: vec![weather(10)],
    };
    let fx = deliver(&mut session, 2, &second);
    assert!(fx.contains(&Effect::Draw), "{fx:?}");
    assert_eq!(session.open().unwrap().file, "second.xlsx");
}

#[test]
fn cancel_replaces_a_busy_reader_but_keeps_a_loading_one() {
    let mut session = ready_session();
    choose(&mut session, "rows.xlsx");
    let fx = update(&mut session, Msg::Cancel);
    assert!(fx.contains(&Effect::RestartReader));
    assert!(fx.contains(&Effect::ReaderState(ReaderState::Loading)));
    assert_eq!(status(&fx), "Cancelled reading rows.xlsx.");
    assert_eq!(
        announcements(&fx),
        [&Announcement::Cancelled {
            file: "rows.xlsx".into()
        }]
    );
    // The old reader's last words are stale.
    assert!(deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(5)]
        }
    )
    .is_empty());
    assert!(session.open().is_none());
    // Nothing to cancel now.
    assert!(update(&mut session, Msg::Cancel).is_empty());

    // A file still waiting for the (fresh) reader was never sent.
    choose(&mut session, "later.xlsx");
    let fx = update(&mut session, Msg::Cancel);
    assert!(!fx.contains(&Effect::RestartReader));
    assert_eq!(status(&fx), "Cancelled reading later.xlsx.");
    assert!(!update(&mut session, Msg::ReaderReady)
        .iter()
        .any(|e| matches!(e, Effect::SendFile { .. })));
}

#[test]
fn a_crash_refuses_the_file_being_read_and_restarts_the_reader() {
    let mut session = ready_session();
    choose(&mut session, "huge.xlsx");
    let fx = crash(&mut session, "out of memory");
    assert!(fx.contains(&Effect::RestartReader));
    assert_eq!(session.reader(), ReaderState::Loading);
    assert_eq!(
        error_message(&fx),
        "Could not open “huge.xlsx”: sheetplot ran out of memory or hit an internal error \
         reading it (out of memory). The page has recovered; try another file."
    );
    assert!(fx.contains(&Effect::Banner(Some(error_message(&fx).to_owned()))));
    assert_eq!(status(&fx), "Ready for the next file.");

    // The worker's panic hook answered first: its crash is then silent.
    update(&mut session, Msg::ReaderReady);
    choose(&mut session, "damaged.xls");
    let fx = update(
        &mut session,
        Msg::Refused {
            id: 2,
            name: "damaged.xls".into(),
            error: ReaderError::Damaged("BIFF".into()),
        },
    );
    assert!(error_message(&fx).contains("the file is damaged"));
    let fx = crash(&mut session, "unreachable");
    assert!(announcements(&fx).is_empty());
    assert!(fx.contains(&Effect::RestartReader));
}

#[test]
fn a_file_not_handed_over_is_refused_and_the_page_is_ready_again() {
    let mut session = ready_session();
    choose(&mut session, "date.ods");
    assert_eq!(session.reading(), Some("date.ods"));
    let fx = update(
        &mut session,
        Msg::NotHandedOver {
            name: "date.ods".into(),
            reason: "its reader could not be loaded.".into(),
        },
    );
    assert_eq!(
        error_message(&fx),
        "Could not open “date.ods”: its reader could not be loaded."
    );
    assert!(fx.contains(&Effect::Progress(None)));
    assert_eq!(status(&fx), "Ready for the next file.");
    assert_eq!(session.reading(), None);
    // The reader itself goes on.
    assert_eq!(session.reader(), ReaderState::Ready);
    assert!(!fx.contains(&Effect::RestartReader));
}

#[test]
fn a_reader_that_dies_before_it_is_ready_is_not_started_again() {
    let mut session = new_session();
    choose(&mut session, "a.csv");
    let fx = crash(&mut session, "its files did not arrive");
    assert!(!fx.contains(&Effect::RestartReader));
    assert_eq!(
        error_message(&fx),
        "Could not open “a.csv”: the reader could not start (its files did not arrive). \
         Reload the page to try again."
    );
    assert_eq!(session.reading(), None);
    // Nor when no file waits; one that was ready is started again once.
    assert!(!crash(&mut session, "").contains(&Effect::RestartReader));
    update(&mut session, Msg::ReaderReady);
    let fx = crash(&mut session, "");
    assert!(fx.contains(&Effect::RestartReader));
    assert!(!crash(&mut session, "").contains(&Effect::RestartReader));
}

#[test]
fn a_reader_that_never_loads_gives_up_after_the_wait() {
    let mut session = new_session();
    choose(&mut session, "a.csv");
    let fx = update(&mut session, Msg::ReaderTimedOut { id: 1 });
    assert_eq!(
        error_message(&fx),
        "Could not open “a.csv”: the reader could not start (it did not load in 30 s). \
         Reload the page to try again."
    );
    assert_eq!(session.reading(), None);
    // A later timer of an older file does nothing.
    choose(&mut session, "b.csv");
    assert!(update(&mut session, Msg::ReaderTimedOut { id: 1 }).is_empty());
}

#[test]
fn a_refusal_names_the_file_and_a_failed_retype_the_open_one() {
    let mut session = ready_session();
    choose(&mut session, "empty.xlsx");
    let fx = update(
        &mut session,
        Msg::Refused {
            id: 1,
            name: "empty.xlsx".into(),
            error: ReaderError::Read(ReadError::Empty),
        },
    );
    assert_eq!(
        error_message(&fx),
        "Could not open “empty.xlsx”: the file is empty (0 bytes)."
    );
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        2,
        &Workbook {
            sheets: vec![weather(8)],
        },
    );
    let fx = update(&mut session, Msg::HeaderChosen(HeaderChoice::Row(3)));
    assert_eq!(
        fx,
        vec![Effect::Retype {
            id: 2,
            index: 0,
            header: HeaderChoice::Row(3),
            dates: DateChoice::Auto,
        }]
    );
    let fx = update(
        &mut session,
        Msg::Refused {
            id: 2,
            name: String::new(),
            error: ReaderError::NotOpen,
        },
    );
    assert_eq!(
        error_message(&fx),
        "Could not open “weather.xlsx”: the file is no longer open; drop it again."
    );
}

#[test]
fn a_retyped_sheet_replaces_the_shown_one_and_is_charted_again() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(8)],
        },
    );
    update(&mut session, Msg::HeaderChosen(HeaderChoice::None));
    let mut retyped = weather(9);
    retyped.header_row = None;
    // The sheet comes first, then its columns one by one, then `Done`.
    let columns = std::mem::take(&mut retyped.columns);
    let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    assert!(update(
        &mut session,
        Msg::Retyped {
            id: 1,
            index: 0,
            sheet: retyped,
        },
    )
    .is_empty());
    for column in columns {
        let msg = Msg::Column {
            id: 1,
            sheet: 0,
            column,
        };
        assert!(update(&mut session, msg).is_empty());
        assert_eq!(session.open().unwrap().sheet().rows, 8, "shown as it was");
    }
    let fx = update(&mut session, Msg::Done { id: 1 });
    assert_eq!(fx, vec![Effect::ShowSheet, Effect::Draw]);
    let open = session.open().unwrap();
    assert_eq!(open.sheet().rows, 9);
    let shown: Vec<&String> = open.sheet().columns.iter().map(|c| &c.name).collect();
    assert_eq!(shown, names.iter().collect::<Vec<_>>());
    assert_eq!(open.header, HeaderChoice::None, "the choice stays shown");
    // A sheet typed for another file is dropped, its columns and end too.
    let mut other = notes_sheet();
    let column = other.columns.remove(0);
    assert!(update(
        &mut session,
        Msg::Retyped {
            id: 7,
            index: 0,
            sheet: other
        }
    )
    .is_empty());
    let msg = Msg::Column {
        id: 7,
        sheet: 0,
        column,
    };
    assert!(update(&mut session, msg).is_empty());
    assert!(update(&mut session, Msg::Done { id: 7 }).is_empty());
    assert_eq!(session.open().unwrap().sheet().rows, 9);
}

#[test]
fn the_controls_become_a_spec_and_a_pie_takes_one_column() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(30)],
        },
    );
    draw(&mut session);
    update(
        &mut session,
        Msg::ViewRequested(Some((1.7e9, 1.7e9 + 86_400.0 * 10.0))),
    );
    assert!(spec(&session).x_view.is_some());
    let values = ControlValues {
        kind: "pie".into(),
        x: "3".into(),
        y: vec![2, 1, 3],
        bins: "".into(),
        log_y: false,
        title: "Share".into(),
        ..ControlValues::default()
    };
    let fx = update(&mut session, Msg::ControlsChanged(values));
    assert_eq!(fx, vec![Effect::SyncControls, Effect::Draw]);
    let pie = spec(&session);
    assert_eq!(pie.kind, ChartKind::Pie);
    assert_eq!(pie.x, XSource::Category(3));
    assert_eq!(
        pie.y,
        [2],
        "one numeric column: the text one is not a series"
    );
    assert_eq!(pie.title, "Share");
    assert_eq!(pie.x_view, None, "another x axis: the zoom is gone");
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(detail.kind, "pie");
    assert_eq!(detail.series, ["North", "South", "East"]);
    assert!(fx.contains(&Effect::Chrome(Chrome {
        categorical: true,
        reset_zoom: false,
        export: true
    })));
    assert!(session.zoomable_plot().is_none(), "a pie does not zoom");
}

#[test]
fn zoom_stays_within_the_data_and_all_of_it_resets() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(101)],
        },
    );
    draw(&mut session);
    let plot = session.zoomable_plot().expect("a line zooms");
    let (lo, hi) = plot.x_range;
    let day = 86_400.0;
    // Panned past the start: shifted back inside.
    let fx = update(
        &mut session,
        Msg::ViewRequested(Some((lo - 5.0 * day, lo + 5.0 * day))),
    );
    assert_eq!(fx, vec![Effect::ClearMarks, Effect::Draw]);
    assert_eq!(spec(&session).x_view, Some((lo, lo + 10.0 * day)));
    let fx = draw(&mut session);
    assert!(fx.contains(&Effect::Chrome(Chrome {
        categorical: false,
        reset_zoom: true,
        export: true
    })));
    // Too narrow: the window stays as it was.
    update(&mut session, Msg::ViewRequested(Some((lo, lo + 1e-6))));
    assert_eq!(spec(&session).x_view, Some((lo, lo + 10.0 * day)));
    // Nearly all of it is all of it.
    update(&mut session, Msg::ViewRequested(Some((lo, hi))));
    assert_eq!(spec(&session).x_view, None);
    // A title change keeps the zoom and the prepared chart.
    update(
        &mut session,
        Msg::ViewRequested(Some((lo, lo + 20.0 * day))),
    );
    let values = ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1, 2],
        title: "Renamed".into(),
        ..ControlValues::default()
    };
    update(&mut session, Msg::ControlsChanged(values));
    assert_eq!(spec(&session).x_view, Some((lo, lo + 20.0 * day)));
}

#[test]
fn the_same_file_dropped_again_opens_as_the_url_remembers() {
    let mut session = ready_session();
    let workbook = Workbook {
        sheets: vec![notes_sheet(), weather(40)],
    };
    choose(&mut session, "weather.xlsx");
    deliver(&mut session, 1, &workbook);
    update(&mut session, Msg::SheetChosen(1));
    update(
        &mut session,
        Msg::ControlsChanged(ControlValues {
            kind: "scatter".into(),
            x: "1".into(),
            y: vec![2],
            title: "Daily".into(),
            ..ControlValues::default()
        }),
    );
    let fx = draw(&mut session);
    let url = fx
        .iter()
        .find_map(|e| match e {
            Effect::Url(q) => Some(q.clone()),
            _ => None,
        })
        .unwrap();
    // A new page with that URL: the file opens on that sheet and chart.
    let (mut again, _) = Session::<File>::new(Some(Settings::from_query(&format!("#{url}"))));
    update(&mut again, Msg::ReaderReady);
    choose(&mut again, "weather.xlsx");
    let fx = deliver(&mut again, 1, &workbook);
    assert!(fx.contains(&Effect::SheetPicker {
        labels: vec!["Notes".into(), "Daily".into()],
        charts: Vec::new(),
        selected: 1
    }));
    let remembered = spec(&again);
    assert_eq!(remembered.kind, ChartKind::Scatter);
    assert_eq!(remembered.x, XSource::Column(1));
    assert_eq!(remembered.y, [2]);
    // Another file is not touched by it.
    choose(&mut again, "other.xlsx");
    deliver(&mut again, 2, &workbook);
    assert_eq!(again.open().unwrap().sheet, 0);
}

#[test]
fn a_sheet_with_nothing_to_plot_says_so_and_announces_why() {
    let mut session = ready_session();
    choose(&mut session, "notes.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![notes_sheet()],
        },
    );
    assert!(session.open().unwrap().chart.is_none());
    match session.drawing() {
        Some(Drawing::Message(text)) => assert_eq!(
            text,
            "Sheet “Notes”: this sheet has no column of numbers to plot."
        ),
        _ => panic!("expected a message"),
    }
    let fx = draw(&mut session);
    assert_eq!(
        error_message(&fx),
        "Cannot draw this: this sheet has no column of numbers to plot."
    );
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Banner(Some(_)))),
        "no banner"
    );
    assert!(fx.contains(&Effect::Chrome(Chrome {
        categorical: false,
        reset_zoom: false,
        export: false
    })));
}

#[test]
fn a_chart_that_cannot_be_drawn_is_announced_without_a_banner() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(20)],
        },
    );
    // Oslo has readings at or below zero: no log scale.
    update(
        &mut session,
        Msg::ControlsChanged(ControlValues {
            kind: "line".into(),
            x: "0".into(),
            y: vec![1],
            log_y: true,
            title: "t".into(),
            ..ControlValues::default()
        }),
    );
    let fx = draw(&mut session);
    let message = error_message(&fx);
    assert!(
        message.starts_with("Cannot draw this: a log scale needs values above zero"),
        "{message}"
    );
    assert!(status(&fx).ends_with(message));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Banner(Some(_)))));
    assert!(fx.contains(&Effect::Chrome(Chrome {
        categorical: false,
        reset_zoom: false,
        export: false
    })));
}

#[test]
fn choosing_another_sheet_resets_the_header_and_charts_it() {
    let mut session = ready_session();
    choose(&mut session, "two.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(12), notes_sheet()],
        },
    );
    update(&mut session, Msg::HeaderChosen(HeaderChoice::Row(2)));
    let fx = update(&mut session, Msg::SheetChosen(5));
    assert_eq!(fx, vec![Effect::ShowSheet, Effect::Draw]);
    let open = session.open().unwrap();
    assert_eq!(open.sheet, 1, "an index past the end is the last sheet");
    assert_eq!(open.header, HeaderChoice::Auto);
    assert!(open.chart.is_none());
    assert!(open.stats.is_none(), "the old sheet's drawing is gone");
}

#[test]
fn a_trend_is_chosen_drawn_named_and_refused_when_it_cannot_be_fitted() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(60)],
        },
    );
    draw(&mut session);
    let line = |trend: &str, window: &str| ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1, 2],
        title: "t".into(),
        trend: trend.into(),
        trend_window: window.into(),
        ..ControlValues::default()
    };
    update(&mut session, Msg::ControlsChanged(line("linear", "")));
    assert_eq!(spec(&session).trend, Some(TrendKind::Linear));
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(detail.series, ["Oslo", "Lisbon"], "the columns, as before");
    assert_eq!(detail.trends.len(), 2);
    for label in &detail.trends {
        assert!(
            label.starts_with("linear: y = ") && label.contains("R² = "),
            "{label}"
        );
    }
    // The URL holds it.
    let url = fx.iter().find_map(|e| match e {
        Effect::Url(u) => Some(u.clone()),
        _ => None,
    });
    assert!(url.unwrap().contains("trend=linear"));

    // A moving average: the select's entry, then the window typed beside it.
    update(
        &mut session,
        Msg::ControlsChanged(line("moving-average:7", "30")),
    );
    assert_eq!(spec(&session).trend, Some(TrendKind::MovingAverage(7)));
    update(
        &mut session,
        Msg::ControlsChanged(line("moving-average:7", "12")),
    );
    assert_eq!(spec(&session).trend, Some(TrendKind::MovingAverage(12)));
    update(
        &mut session,
        Msg::ControlsChanged(line("moving-average:12", "5000")),
    );
    assert_eq!(spec(&session).trend, Some(TrendKind::MovingAverage(1000)));
    update(
        &mut session,
        Msg::ControlsChanged(line("moving-average:1000", "many")),
    );
    assert_eq!(spec(&session).trend, Some(TrendKind::MovingAverage(1000)));
    // 1000 rows of window over 60 rows: refused, with the reason.
    let fx = draw(&mut session);
    assert_eq!(
        error_message(&fx),
        "Cannot draw this: a moving average of 1000 needs at least 1000 values, and “Oslo” has only 60."
    );
    update(
        &mut session,
        Msg::ControlsChanged(line("moving-average:30", "1000")),
    );
    assert_eq!(spec(&session).trend, Some(TrendKind::MovingAverage(30)));
    let fx = draw(&mut session);
    assert_eq!(rendered(&fx).trends, ["moving average of 30"; 2]);

    // Oslo goes below zero: no exponential trend, and the page says why.
    update(&mut session, Msg::ControlsChanged(line("exponential", "")));
    let fx = draw(&mut session);
    assert_eq!(
        error_message(&fx),
        "Cannot draw this: an exponential trend needs positive values, and “Oslo” has values at or below zero."
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Banner(Some(_)))));

    // Bars take no trend; "none" is none.
    let bars = ControlValues {
        kind: "bar".into(),
        ..line("linear", "")
    };
    update(&mut session, Msg::ControlsChanged(bars));
    assert_eq!(spec(&session).trend, None);
    update(&mut session, Msg::ControlsChanged(line("none", "")));
    assert_eq!(spec(&session).trend, None);
    let fx = draw(&mut session);
    assert!(rendered(&fx).trends.is_empty());
}

#[test]
fn choosing_the_order_of_day_and_month_retypes_the_sheet_with_the_header_kept() {
    let mut session = ready_session();
    choose(&mut session, "dates.csv");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(5)],
        },
    );
    update(&mut session, Msg::HeaderChosen(HeaderChoice::Row(1)));
    let fx = update(&mut session, Msg::DatesChosen(DateChoice::DayFirst));
    assert_eq!(
        fx,
        vec![Effect::Retype {
            id: 1,
            index: 0,
            header: HeaderChoice::Row(1),
            dates: DateChoice::DayFirst,
        }]
    );
    assert_eq!(session.open().unwrap().dates, DateChoice::DayFirst);
    // Another sheet starts from the data's own order again.
    update(&mut session, Msg::SheetChosen(0));
    assert_eq!(session.open().unwrap().dates, DateChoice::Auto);
}

#[test]
fn a_right_axis_takes_its_columns_off_the_left_and_is_announced_aligned() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    deliver(
        &mut session,
        1,
        &Workbook {
            sheets: vec![weather(60)],
        },
    );
    draw(&mut session);
    let line = |y2: Vec<usize>, bars: bool| ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1, 2],
        title: "t".into(),
        y2,
        y2_bars: bars,
        ..ControlValues::default()
    };
    // Lisbon moves to the right axis; the region (text) cannot go there.
    update(&mut session, Msg::ControlsChanged(line(vec![2, 3], false)));
    assert_eq!(
        (spec(&session).y.clone(), spec(&session).y2.clone()),
        (vec![1], vec![2])
    );
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(detail.series, ["Oslo", "Lisbon (right)"]);
    assert_eq!(detail.y2_ticks.len(), detail.y_ticks.len(), "{detail:?}");
    assert!(detail.y_ticks.len() >= 3, "{detail:?}");
    let [low, high] = detail.y2_range.unwrap();
    assert!(
        low <= 10.0 && high >= 20.0,
        "Lisbon's 10–20 °C fit: {low}..{high}"
    );
    let url = fx.iter().find_map(|e| match e {
        Effect::Url(u) => Some(u.clone()),
        _ => None,
    });
    assert!(url.unwrap().contains("&y2=Lisbon"), "the URL holds it");
    // As bars: the legend says so only when they do not fit.
    update(&mut session, Msg::ControlsChanged(line(vec![2], true)));
    assert!(spec(&session).y2_bars);
    let fx = draw(&mut session);
    assert_eq!(rendered(&fx).series, ["Oslo", "Lisbon (right)"]);
    // Another kind ignores the right axis.
    let bars = ControlValues {
        kind: "bar".into(),
        ..line(vec![2], true)
    };
    update(&mut session, Msg::ControlsChanged(bars));
    assert_eq!(
        spec(&session).y,
        [1, 2],
        "a bar chart keeps both on its axis"
    );
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert!(detail.y2_ticks.is_empty() && detail.y2_range.is_none());
}

/// `weather`'s columns with the sheet cells they came from: a header in
/// row 1, data from row 2, columns A to D.
fn weather_from_cells(rows: usize) -> Sheet {
    let mut sheet = weather(rows);
    for (c, column) in std::mem::take(&mut sheet.columns).into_iter().enumerate() {
        sheet.columns.push(column.with_origin(Some(CellOrigin {
            column: c as u32,
            first_row: 1,
        })));
    }
    sheet
}

/// A saved chart of `weather_from_cells` ranges on sheet `data_sheet`:
/// Oslo as columns and Lisbon as a line on the secondary axis, by date.
fn saved_combo(title: &str, data_sheet: &str, rows: u32) -> SavedChart {
    let range = |column: u32| SeriesData {
        formula: Some(format!("{data_sheet}!col{column}")),
        range: Some(CellRange {
            sheet: Some(data_sheet.into()),
            external: false,
            first_row: 1,
            first_column: column,
            last_row: rows,
            last_column: column,
        }),
        cache: Cache::Numbers {
            values: (0..rows).map(|i| f64::from(i) * 2.0).collect(),
            format: None,
        },
    };
    let series = |name: &str, column: u32| SavedSeries {
        name: Some(name.into()),
        categories: Some(range(0)),
        values: Some(range(column)),
        style: Default::default(),
    };
    let plot = |kind, secondary, series| SavedPlot {
        kind,
        grouping: Default::default(),
        horizontal: false,
        secondary,
        series: vec![series],
    };
    SavedChart {
        title: Some(title.into()),
        sheet: "Summary".into(),
        plots: vec![
            plot(SavedKind::Bar, false, series("Oslo", 1)),
            plot(SavedKind::Line, true, series("Lisbon", 2)),
        ],
        ..Default::default()
    }
}

#[test]
fn a_workbook_with_charts_opens_on_its_first_chart_bound_to_its_cells() {
    let mut session = ready_session();
    choose(&mut session, "book.xlsx");
    let workbook = Workbook {
        sheets: vec![weather_from_cells(30), notes_sheet()],
    };
    let charts = SavedCharts {
        charts: vec![
            saved_combo("Oslo and Lisbon", "Daily", 30),
            saved_combo("From a sheet now gone", "Gone", 30),
        ],
        refused: vec![
            "Chart 3 on Summary was left out: its XML nests deeper than 64 levels.".into(),
        ],
    };
    let fx = deliver_with_charts(&mut session, 1, &workbook, charts);
    assert!(fx.contains(&Effect::SheetPicker {
        labels: vec!["Daily".into(), "Notes".into()],
        charts: vec![
            "Chart: Oslo and Lisbon, on Summary".into(),
            "Chart: From a sheet now gone, on Summary".into()
        ],
        selected: 2,
    }));
    let shown = spec(&session);
    assert_eq!(shown.title, "Oslo and Lisbon");
    assert_eq!(
        (shown.kind, shown.y.clone(), shown.y2.clone()),
        (ChartKind::Line, vec![1], vec![2])
    );
    assert!(shown.y_bars, "its columns stay columns");
    let open = session.open().unwrap();
    assert!(
        std::ptr::eq(open.sheet(), &open.workbook.sheets[0]),
        "the cells themselves"
    );
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert_eq!(
        detail.saved_chart.as_deref(),
        Some("Chart: Oslo and Lisbon, on Summary")
    );
    assert!(!detail.from_cache);
    assert_eq!(detail.rows, 30);
    let notes = fx.iter().find_map(|e| match e {
        Effect::Notes(n) => Some(n.clone()),
        _ => None,
    });
    assert!(
        notes.unwrap().contains("nests deeper than 64 levels"),
        "refused charts are named"
    );

    // The second chart's sheet is gone: its cache is drawn, and said so.
    update(&mut session, Msg::SheetChosen(3));
    let fx = draw(&mut session);
    let detail = rendered(&fx);
    assert!(detail.from_cache);
    assert_eq!(
        detail.saved_chart.as_deref(),
        Some("Chart: From a sheet now gone, on Summary")
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::Notes(n)
        if n.contains("Drawn from the values saved in the chart: its data sheet “Gone” is not in this workbook."))));

    // The URL names the chart: the same file dropped on a new page opens
    // on it again, with the look it was given.
    let values = ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1],
        y2: vec![2],
        legend: "right".into(),
        ..ControlValues::default()
    };
    update(&mut session, Msg::ControlsChanged(values));
    let fx = draw(&mut session);
    let url = fx
        .iter()
        .find_map(|e| match e {
            Effect::Url(url) => Some(url.clone()),
            _ => None,
        })
        .unwrap();
    assert!(url.contains("&chart=2"), "{url}");
    let (mut again, _) = Session::<File>::new(Some(Settings::from_query(&format!("#{url}"))));
    update(&mut again, Msg::ReaderReady);
    choose(&mut again, "book.xlsx");
    let charts = session.open().unwrap().charts.clone();
    let fx = deliver_with_charts(&mut again, 1, &workbook, charts);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::SheetPicker { selected: 3, .. })));
    let restored = draw(&mut again);
    assert_eq!(
        rendered(&restored).saved_chart.as_deref(),
        Some("Chart: From a sheet now gone, on Summary")
    );
    assert_eq!(spec(&again).style.legend, LegendPosition::Right);

    // A sheet again: its own suggested chart, no saved chart.
    update(&mut session, Msg::SheetChosen(0));
    let fx = draw(&mut session);
    assert_eq!(rendered(&fx).saved_chart, None);
    assert!(!spec(&session).y_bars);
}

#[test]
fn a_saved_chart_that_cannot_be_drawn_says_why_and_the_sheets_still_open() {
    let mut session = ready_session();
    choose(&mut session, "book.xlsx");
    let workbook = Workbook {
        sheets: vec![weather_from_cells(10)],
    };
    let mut bare = saved_combo("Nothing saved", "Gone", 10);
    for plot in &mut bare.plots {
        for series in &mut plot.series {
            series.values.as_mut().unwrap().cache = Cache::None;
        }
    }
    let charts = SavedCharts {
        charts: vec![bare],
        refused: Vec::new(),
    };
    deliver_with_charts(&mut session, 1, &workbook, charts);
    let fx = draw(&mut session);
    let message = error_message(&fx);
    assert!(
        message.contains("Nothing saved, on Summary cannot be drawn: its data cannot be read"),
        "{message}"
    );
    update(&mut session, Msg::SheetChosen(0));
    let fx = draw(&mut session);
    assert_eq!(rendered(&fx).sheet, "Daily");
}

#[test]
fn the_look_panel_styles_the_chart_and_the_theme_follows_every_chart() {
    let mut session = ready_session();
    choose(&mut session, "weather.xlsx");
    let workbook = Workbook {
        sheets: vec![weather(30), notes_sheet()],
    };
    deliver(&mut session, 1, &workbook);
    let fx = draw(&mut session);
    // A row per drawn series, in the palette's colours.
    let rows = fx
        .iter()
        .find_map(|e| match e {
            Effect::SeriesLooks(rows) => Some(rows.clone()),
            _ => None,
        })
        .expect("the look panel's rows");
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Oslo", "Lisbon"]
    );
    assert_eq!(rows[1].color, Style::default().series_color(1));
    assert!(!rows[1].picked);

    let values = ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1, 2],
        palette: "tableau".into(),
        colors: vec![String::new(), "#ff0000".into()],
        dashes: vec!["solid".into(), "dashed".into()],
        line_width: "3.5".into(),
        markers: false,
        legend: "right".into(),
        font_scale: "1.25".into(),
        x_title: "Day".into(),
        y_title: "  °C ".into(),
        y_min: "40".into(),
        y_max: "-1,000".into(),
        gridlines: false,
        ..ControlValues::default()
    };
    update(&mut session, Msg::ControlsChanged(values));
    let shown = spec(&session);
    let style = &shown.style;
    assert_eq!(style.palette, sheetplot_chart::Palette::Tableau);
    assert_eq!(style.series[0], SeriesLook::default());
    assert_eq!(style.series[1].color, Some(Rgb(255, 0, 0)));
    assert_eq!(style.series[1].dash, Some(Dash::Dashed));
    assert_eq!(
        (style.line_width, style.markers, style.gridlines),
        (3.5, false, false)
    );
    assert_eq!(
        (style.legend, style.font_scale),
        (LegendPosition::Right, 1.25)
    );
    assert_eq!(style.x_title.as_deref(), Some("Day"));
    assert_eq!(shown.y_title.as_deref(), Some("°C"), "trimmed");
    assert_eq!(
        (style.y_min, style.y_max),
        (Some(-1000.0), Some(40.0)),
        "ends in order"
    );
    let fx = draw(&mut session);
    let rows = fx
        .iter()
        .find_map(|e| match e {
            Effect::SeriesLooks(rows) => Some(rows.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!((rows[1].color, rows[1].picked), (Rgb(255, 0, 0), true));

    // Dark: this chart at once, and the next sheet's too.
    let fx = update(&mut session, Msg::ThemeChosen(Theme::Dark));
    assert_eq!(fx, vec![Effect::Theme(Theme::Dark), Effect::Draw]);
    assert_eq!(spec(&session).style.theme, Theme::Dark);
    update(&mut session, Msg::SheetChosen(1));
    update(&mut session, Msg::SheetChosen(0));
    assert_eq!(spec(&session).style.theme, Theme::Dark);
    // Back on the sheet, the URL gives its look back.
    let style = &spec(&session).style;
    assert_eq!(
        (style.line_width, style.legend),
        (3.5, LegendPosition::Right)
    );
    // Nonsense typed keeps what was there.
    let values = ControlValues {
        kind: "line".into(),
        x: "0".into(),
        y: vec![1],
        line_width: "thick".into(),
        font_scale: "".into(),
        legend: "sideways".into(),
        ..ControlValues::default()
    };
    update(&mut session, Msg::ControlsChanged(values));
    let style = &spec(&session).style;
    assert_eq!(
        (style.line_width, style.font_scale, style.legend),
        (3.5, 1.25, LegendPosition::Right)
    );
}
