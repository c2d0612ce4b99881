//! Exploring the chart: hover for the nearest point, zoom with the wheel or
//! a dragged box, pan with Shift-drag, reset with a double-click, the
//! Reset button or the keyboard. Marks (the hover dot, the zoom box) go on a
//! transparent overlay canvas, so hovering never redraws the chart.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Event, HtmlCanvasElement, HtmlElement, KeyboardEvent, MouseEvent,
    WheelEvent,
};

use crate::app::{draw, Shared};
use crate::dom::{by_test_id, element, on, window};
use sheetplot_chart::render::{hit_test, PlotArea, PALETTE};

/// How far from a point (CSS pixels) hovering still finds it.
const HOVER_RADIUS: f64 = 40.0;
/// A drag shorter than this (CSS pixels) is a click, not a zoom box.
const MIN_BOX: f64 = 5.0;
/// The narrowest window, as a share of all the data.
const MIN_SPAN: f64 = 1e-9;

/// A drag in progress, in backend pixels.
#[derive(Clone, Copy)]
struct Drag {
    start: f64,
    pan: bool,
    view: (f64, f64),
}

fn overlay() -> HtmlCanvasElement {
    by_test_id("chart-overlay")
}

fn context() -> Option<CanvasRenderingContext2d> {
    overlay()
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}

/// Keeps the overlay's backing store the size of the chart's.
pub fn fit_overlay(width: u32, height: u32) {
    let canvas = overlay();
    canvas.set_width(width);
    canvas.set_height(height);
    hide_tooltip();
}

fn clear() {
    if let Some(ctx) = context() {
        let canvas = overlay();
        ctx.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
    }
}

fn ratio() -> f64 {
    window().device_pixel_ratio().max(1.0)
}

/// The pointer in backend pixels.
fn pointer(event: &MouseEvent) -> (f64, f64) {
    (
        f64::from(event.offset_x()) * ratio(),
        f64::from(event.offset_y()) * ratio(),
    )
}

/// The plot and whether its x can zoom, if a chart with axes is shown.
fn zoomable_plot(app: &Shared) -> Option<PlotArea> {
    let state = app.borrow();
    let loaded = state.loaded.as_ref()?;
    let kind = loaded.spec.as_ref()?.kind;
    if kind.is_categorical() {
        return None;
    }
    loaded.stats.as_ref()?.plot
}

/// Shows the x window `view` (`None`: all the data) and redraws.
fn set_view(app: &Shared, view: Option<(f64, f64)>) {
    {
        let mut state = app.borrow_mut();
        let Some(loaded) = state.loaded.as_mut() else {
            return;
        };
        let full = loaded.full_x;
        let Some(spec) = loaded.spec.as_mut() else {
            return;
        };
        spec.x_view = match (view, full) {
            (Some((lo, hi)), Some((full_lo, full_hi))) => {
                let span = full_hi - full_lo;
                if hi - lo >= span * 0.999 {
                    None
                } else if hi - lo < span * MIN_SPAN {
                    spec.x_view
                } else {
                    // Panning stops at the data's ends.
                    let shift = (full_lo - lo).max(0.0) - (hi - full_hi).max(0.0);
                    Some((lo + shift, hi + shift))
                }
            }
            (view, _) => view,
        };
    }
    clear();
    hide_tooltip();
    draw(app);
}

/// Zooms by `factor` (below 1 zooms in) around data x `center`.
fn zoom(app: &Shared, plot: &PlotArea, factor: f64, center: f64) {
    let (lo, hi) = plot.x_range;
    set_view(
        app,
        Some((
            center - (center - lo) * factor,
            center + (hi - center) * factor,
        )),
    );
}

fn pan(app: &Shared, plot: &PlotArea, share: f64) {
    let (lo, hi) = plot.x_range;
    let by = (hi - lo) * share;
    set_view(app, Some((lo + by, hi + by)));
}

pub fn wire(app: &Shared) {
    let canvas = overlay();
    let drag: Rc<RefCell<Option<Drag>>> = Rc::new(RefCell::new(None));

    {
        let (app, drag) = (app.clone(), drag.clone());
        on(&canvas, "mousedown", move |event: Event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let Some(plot) = zoomable_plot(&app) else {
                return;
            };
            if event.button() != 0 {
                return;
            }
            event.prevent_default();
            let _ = overlay().focus();
            let at = pointer(event);
            *drag.borrow_mut() = Some(Drag {
                start: at.0,
                pan: event.shift_key(),
                view: plot.x_range,
            });
        });
    }
    {
        let (app, drag) = (app.clone(), drag.clone());
        on(&canvas, "mousemove", move |event: Event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let at = pointer(event);
            let current = *drag.borrow();
            match current {
                Some(d) if d.pan => {
                    let Some(plot) = zoomable_plot(&app) else {
                        return;
                    };
                    // The data under the pointer stays under it.
                    let per_pixel = (d.view.1 - d.view.0) / f64::from(plot.width.max(1));
                    let by = (d.start - at.0) * per_pixel;
                    set_view(&app, Some((d.view.0 + by, d.view.1 + by)));
                }
                Some(d) => draw_box(&app, d.start, at.0),
                None => hover(&app, at, event),
            }
        });
    }
    {
        let (app, drag) = (app.clone(), drag.clone());
        on(&canvas, "mouseup", move |event: Event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let Some(d) = drag.borrow_mut().take() else {
                return;
            };
            let at = pointer(event);
            clear();
            let Some(plot) = zoomable_plot(&app) else {
                return;
            };
            if !d.pan && (at.0 - d.start).abs() >= MIN_BOX * ratio() {
                let (a, b) = (plot.x_at(d.start.min(at.0)), plot.x_at(d.start.max(at.0)));
                set_view(&app, Some((a, b)));
            }
        });
    }
    {
        let drag = drag.clone();
        on(&canvas, "mouseleave", move |_| {
            *drag.borrow_mut() = None;
            clear();
            hide_tooltip();
        });
    }
    {
        let app = app.clone();
        on(&canvas, "wheel", move |event: Event| {
            let Some(event) = event.dyn_ref::<WheelEvent>() else {
                return;
            };
            let Some(plot) = zoomable_plot(&app) else {
                return;
            };
            event.prevent_default();
            let at = pointer(event);
            let factor = (event.delta_y() * 0.0015).clamp(-0.5, 0.5).exp();
            zoom(&app, &plot, factor, plot.x_at(at.0));
        });
    }
    {
        let app = app.clone();
        on(&canvas, "dblclick", move |_| set_view(&app, None));
    }
    {
        let app = app.clone();
        on(
            &by_test_id::<HtmlElement>("reset-zoom"),
            "click",
            move |_| set_view(&app, None),
        );
    }
    {
        let app = app.clone();
        on(&canvas, "keydown", move |event: Event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let Some(plot) = zoomable_plot(&app) else {
                return;
            };
            let center = (plot.x_range.0 + plot.x_range.1) / 2.0;
            match event.key().as_str() {
                "+" | "=" => zoom(&app, &plot, 1.0 / 1.5, center),
                "-" | "_" => zoom(&app, &plot, 1.5, center),
                "ArrowLeft" => pan(&app, &plot, -0.1),
                "ArrowRight" => pan(&app, &plot, 0.1),
                "0" | "Escape" | "Home" => set_view(&app, None),
                _ => return,
            }
            event.prevent_default();
        });
    }
}

/// The zoom box between two backend x pixels, over the plot's height.
fn draw_box(app: &Shared, from: f64, to: f64) {
    let Some(plot) = zoomable_plot(app) else {
        return;
    };
    let Some(ctx) = context() else { return };
    clear();
    let (left, width) = (from.min(to), (to - from).abs());
    ctx.set_fill_style_str("rgba(11, 83, 148, 0.12)");
    ctx.fill_rect(left, f64::from(plot.top), width, f64::from(plot.height));
    ctx.set_stroke_style_str("rgba(11, 83, 148, 0.6)");
    ctx.set_line_width(ratio());
    ctx.stroke_rect(left, f64::from(plot.top), width, f64::from(plot.height));
}

/// Shows the point nearest the pointer: a tooltip and a ring on the point.
fn hover(app: &Shared, at: (f64, f64), event: &MouseEvent) {
    let hit = {
        let state = app.borrow();
        let Some(loaded) = state.loaded.as_ref() else {
            return;
        };
        let (Some(spec), Some(stats)) = (&loaded.spec, &loaded.stats) else {
            return;
        };
        let Some(plot) = stats.plot else { return };
        hit_test(loaded.sheet(), spec, &plot, at, HOVER_RADIUS * ratio())
    };
    clear();
    let Some(hit) = hit else {
        hide_tooltip();
        return;
    };
    let color = PALETTE[hit.series % PALETTE.len()];
    let css_color = format!("rgb({}, {}, {})", color.0, color.1, color.2);
    if let Some(ctx) = context() {
        ctx.begin_path();
        let _ = ctx.arc(
            hit.at.0,
            hit.at.1,
            5.0 * ratio(),
            0.0,
            std::f64::consts::TAU,
        );
        ctx.set_fill_style_str(&css_color);
        ctx.fill();
        ctx.set_line_width(2.0 * ratio());
        ctx.set_stroke_style_str("#ffffff");
        ctx.stroke();
    }
    let tooltip: HtmlElement = by_test_id("tooltip");
    tooltip.set_inner_html("");
    let series = element("div", "");
    let _ = series.set_attribute("class", "series");
    let swatch: HtmlElement = element("span", "").unchecked_into();
    let _ = swatch.set_attribute("class", "swatch");
    let _ = swatch.style().set_property("background", &css_color);
    let _ = series.append_child(&swatch);
    let _ = series.append_child(&element("span", &hit.name));
    let _ = tooltip.append_child(&series);
    let _ = tooltip.append_child(&element("div", &hit.y_text));
    let x_line = element("div", &hit.x_text);
    let _ = x_line.set_attribute("class", "muted");
    let _ = tooltip.append_child(&x_line);
    tooltip.set_hidden(false);
    // Beside the pointer, flipped to the left near the right edge.
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let room = f64::from(overlay().client_width()) - x;
    let left = if room < 220.0 {
        x - f64::from(tooltip.offset_width()) - 14.0
    } else {
        x + 14.0
    };
    let _ = tooltip.style().set_property("left", &format!("{left}px"));
    let _ = tooltip
        .style()
        .set_property("top", &format!("{}px", (y - 10.0).max(0.0)));
    let _ = tooltip.set_attribute("data-value", &hit.y_text);
}

fn hide_tooltip() {
    by_test_id::<HtmlElement>("tooltip").set_hidden(true);
}
