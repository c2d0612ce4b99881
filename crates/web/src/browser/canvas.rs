//! The chart canvas: draws what the session says at the canvas's CSS size
//! times the screen's pixel density (plotters-canvas draws in backing-store
//! pixels and knows nothing of devicePixelRatio, plotters #164).

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use sheetplot_chart::describe::describe;
use sheetplot_chart::render::{render, render_message, render_prepared, RenderError};
use sheetplot_chart::{ChartSpec, Prepared};
use sheetplot_model::{Column, Sheet, TimeKind, Values};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::dom::{document, now_ms, pixel_ratio, Dom};
use crate::session::{refusal, DrawOutcome, Drawing, Drawn, Session};

/// The chart canvas's size in CSS pixels (the layout's, never below a
/// readable minimum).
pub fn css_size(dom: &Dom) -> (u32, u32) {
    (
        dom.chart.client_width().max(320) as u32,
        dom.chart.client_height().max(200) as u32,
    )
}

/// Draws the session's chart; `None` when no workbook is open.
pub fn draw<F>(dom: &Dom, session: &Session<F>) -> Option<Drawn> {
    let drawing = session.drawing()?;
    let ratio = pixel_ratio();
    let (css_width, css_height) = css_size(dom);
    let width = (f64::from(css_width) * ratio).round() as u32;
    let height = (f64::from(css_height) * ratio).round() as u32;
    dom.chart.set_width(width);
    dom.chart.set_height(height);
    // The overlay (hover mark, zoom box) keeps the chart's backing size.
    dom.overlay.set_width(width);
    dom.overlay.set_height(height);
    dom.tooltip.set_hidden(true);
    let started = now_ms();
    let outcome = match CanvasBackend::with_canvas_object(dom.chart.clone()) {
        None => {
            DrawOutcome::Failed("the browser would not give sheetplot a canvas to draw on.".into())
        }
        Some(backend) => {
            let root = backend.into_drawing_area();
            let message =
                |text: String, outcome: DrawOutcome| match render_message(&root, &text, ratio) {
                    Ok(()) => outcome,
                    Err(e) => DrawOutcome::Failed(e.to_string()),
                };
            match drawing {
                Drawing::Chart {
                    sheet,
                    spec,
                    prepared,
                } => match render_prepared(&root, sheet, &spec, prepared, ratio) {
                    Ok(stats) => {
                        describe_if_new(dom, sheet, &spec, prepared);
                        DrawOutcome::Chart(Box::new(stats))
                    }
                    Err(RenderError::Chart(why)) => {
                        let text = refusal(&why);
                        message(text.clone(), DrawOutcome::Refused(text))
                    }
                    Err(e) => DrawOutcome::Failed(e.to_string()),
                },
                Drawing::Refusal(text) => {
                    say(dom, &text);
                    message(text.clone(), DrawOutcome::Refused(text))
                }
                Drawing::Message(text) => {
                    say(dom, &text);
                    message(text, DrawOutcome::Message)
                }
            }
        }
    };
    Some(Drawn {
        outcome,
        render_ms: now_ms() - started,
        ratio,
    })
}

thread_local! {
    /// What the summary describes: the sheet and prepared chart (by
    /// address) and the spec without its zoom, so zooming and panning do
    /// not read every row again.
    static DESCRIBED: RefCell<Option<(usize, usize, ChartSpec)>> = const { RefCell::new(None) };
}

/// Puts the chart in words beside the canvas (see [`describe`]) when it
/// shows something new.
fn describe_if_new(dom: &Dom, sheet: &Sheet, spec: &ChartSpec, prepared: &Prepared) {
    let key = (
        std::ptr::from_ref(sheet) as usize,
        std::ptr::from_ref(prepared) as usize,
        ChartSpec {
            x_view: None,
            ..spec.clone()
        },
    );
    let new = DESCRIBED.with_borrow_mut(|last| {
        let new = last.as_ref() != Some(&key);
        *last = Some(key);
        new
    });
    if new {
        dom.summary
            .set_text_content(Some(&describe(sheet, spec, prepared)));
    }
}

/// The summary when the canvas shows a message rather than a chart.
fn say(dom: &Dom, text: &str) {
    DESCRIBED.with_borrow_mut(|last| *last = None);
    dom.summary.set_text_content(Some(text));
}

/// Draws a small line chart once on a canvas that is never shown, right
/// after the page starts, so the browser compiles the drawing code before
/// the first real chart (a first 10k-row line chart drew in 7–10 ms
/// instead of about 20).
pub fn warm_up() {
    let Some(canvas) = document()
        .ok()
        .and_then(|d| d.create_element("canvas").ok())
    else {
        return;
    };
    let canvas: HtmlCanvasElement = canvas.unchecked_into();
    canvas.set_width(480);
    canvas.set_height(270);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
        return;
    };
    let rows = 600;
    let hours = |i: usize| 1.7e9 + 3600.0 * i as f64;
    let columns = vec![
        Column::new(
            "time".into(),
            Values::Time {
                seconds: (0..rows).map(hours).collect(),
                kind: TimeKind::DateTime,
            },
            0,
        ),
        Column::new(
            "value".into(),
            Values::Number((0..rows).map(|i| (i as f64 / 40.0).sin()).collect()),
            0,
        ),
    ];
    let sheet = Sheet {
        name: "warm-up".into(),
        rows,
        header_row: Some(0),
        first_row: 0,
        columns,
        title: None,
    };
    if let Ok(spec) = ChartSpec::suggest(&sheet, "warm-up".into()) {
        let _ = render(&backend.into_drawing_area(), &sheet, &spec, 1.0);
    }
}
