//! Exploring the chart: hover for the nearest point, zoom with the wheel or
//! a dragged box, pan with Shift-drag, reset with a double-click, the
//! Reset button or the keyboard; step through the points with the arrow
//! keys, Home and End. On a touch screen, pinch to zoom and drag sideways
//! to pan (a drag down the chart scrolls the page; a tap shows the point,
//! through the mouse events the browser makes of it). Marks (the hover
//! dot, the zoom box) go on a transparent overlay canvas, so hovering never
//! redraws the chart; hover is worked out at most once a frame, for the
//! pointer's latest position.

use std::cell::Cell;
use std::rc::Rc;

use sheetplot_chart::render::{hit_test, step as keyboard_step, Hit, KeyPoint, PlotArea, Step};
use sheetplot_chart::{ChartSpec, Prepared};
use sheetplot_model::Sheet;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Event, FocusOptions, KeyboardEvent, MouseEvent, Touch, TouchEvent,
    TouchList, WheelEvent,
};

use super::dom::{append, next_frame, on, pixel_ratio, Dom};
use super::glue::{Emit, Shared};
use crate::session::Msg;

/// How far from a point (CSS pixels) hovering still finds it.
const HOVER_RADIUS: f64 = 40.0;
/// A drag shorter than this (CSS pixels) is a click, not a zoom box.
const MIN_BOX: f64 = 5.0;
/// How far (CSS pixels) a finger moves before its drag is a pan or the
/// page's scroll, whichever way it went further.
const TOUCH_SLOP: f64 = 8.0;

/// A drag in progress, in backend pixels.
#[derive(Clone, Copy)]
struct Drag {
    start: f64,
    pan: bool,
    view: (f64, f64),
}

/// A touch gesture on the chart, in backend pixels, with the plot as it
/// was when the gesture began (the chart redraws under the fingers).
#[derive(Clone, Copy)]
enum Touching {
    /// One finger down: a pan once it has gone sideways.
    One {
        id: i32,
        start: (f64, f64),
        plot: PlotArea,
        panning: bool,
    },
    /// Two fingers: the data x under each stays under it.
    Two {
        ids: (i32, i32),
        xs: (f64, f64),
        plot: PlotArea,
    },
    /// A drag down the chart: the page scrolls, the chart stays.
    Scrolling,
}

/// The pointer, in backend pixels and in CSS pixels of the overlay.
#[derive(Clone, Copy)]
struct Pointer {
    at: (f64, f64),
    css: (f64, f64),
}

fn pointer(event: &MouseEvent) -> Pointer {
    let css = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let ratio = pixel_ratio();
    Pointer {
        at: (css.0 * ratio, css.1 * ratio),
        css,
    }
}

struct Interaction {
    dom: Rc<Dom>,
    session: Shared,
    emit: Emit,
    drag: Cell<Option<Drag>>,
    /// The latest pointer position waiting for the next frame's hover.
    hover: Cell<Option<Pointer>>,
    frame_pending: Cell<bool>,
    /// The point the arrow keys reached, if they moved.
    key: Cell<Option<KeyPoint>>,
    touch: Cell<Option<Touching>>,
}

impl Interaction {
    fn plot(&self) -> Option<PlotArea> {
        self.session.try_borrow().ok()?.zoomable_plot()
    }

    fn show(&self, view: Option<(f64, f64)>) {
        self.emit.send(Msg::ViewRequested(view));
    }

    /// Zooms by `factor` (below 1 zooms in) around data x `center`.
    fn zoom(&self, plot: &PlotArea, factor: f64, center: f64) {
        let (lo, hi) = plot.x_range;
        self.show(Some((
            center - (center - lo) * factor,
            center + (hi - center) * factor,
        )));
    }

    fn pan(&self, plot: &PlotArea, share: f64) {
        let (lo, hi) = plot.x_range;
        let by = (hi - lo) * share;
        self.show(Some((lo + by, hi + by)));
    }

    /// Where `touch` is on the overlay, in backend pixels.
    fn touch_at(&self, touch: &Touch) -> (f64, f64) {
        let rect = self.dom.overlay.get_bounding_client_rect();
        let ratio = pixel_ratio();
        (
            (f64::from(touch.client_x()) - rect.left()) * ratio,
            (f64::from(touch.client_y()) - rect.top()) * ratio,
        )
    }

    /// A finger came down or lifted: the gesture starts again from the
    /// fingers on the chart now.
    fn touches_changed(&self, event: &TouchEvent) {
        let touches = event.touches();
        let was = self.touch.get();
        let Some(plot) = self.plot() else {
            self.touch.set(None);
            return;
        };
        let gesture = match (touches.get(0), touches.get(1), touches.length()) {
            (Some(a), Some(b), 2) => {
                event.prevent_default();
                let (at_a, at_b) = (self.touch_at(&a).0, self.touch_at(&b).0);
                Some(Touching::Two {
                    ids: (a.identifier(), b.identifier()),
                    xs: (plot.x_at(at_a), plot.x_at(at_b)),
                    plot,
                })
            }
            (Some(a), None, 1) => Some(match was {
                Some(Touching::Scrolling) => Touching::Scrolling,
                // Lifting one finger of a pinch: the other pans on.
                _ => Touching::One {
                    id: a.identifier(),
                    start: self.touch_at(&a),
                    plot,
                    panning: matches!(was, Some(Touching::Two { .. })),
                },
            }),
            _ => None,
        };
        self.touch.set(gesture);
    }

    fn touch_moved(&self, event: &TouchEvent) {
        let touches = event.touches();
        match self.touch.get() {
            Some(Touching::One {
                id,
                start,
                plot,
                panning,
            }) => {
                let Some(at) = find_touch(&touches, id).map(|t| self.touch_at(&t)) else {
                    return;
                };
                let (across, down) = ((at.0 - start.0).abs(), (at.1 - start.1).abs());
                if !panning {
                    let slop = TOUCH_SLOP * pixel_ratio();
                    if across < slop && down < slop {
                        return;
                    }
                    if down > across {
                        self.touch.set(Some(Touching::Scrolling));
                        return;
                    }
                    self.touch.set(Some(Touching::One {
                        id,
                        start,
                        plot,
                        panning: true,
                    }));
                }
                event.prevent_default();
                self.show(Some(plot.x_range_dragged(start.0, at.0)));
            }
            Some(Touching::Two { ids, xs, plot }) => {
                event.prevent_default();
                let (Some(a), Some(b)) = (find_touch(&touches, ids.0), find_touch(&touches, ids.1))
                else {
                    return;
                };
                let at = (self.touch_at(&a).0, self.touch_at(&b).0);
                if let Some(range) = plot.x_range_holding(xs, at) {
                    self.show(Some(range));
                }
            }
            Some(Touching::Scrolling) | None => {}
        }
    }

    fn context(&self) -> Option<CanvasRenderingContext2d> {
        overlay_context(&self.dom)
    }

    fn clear(&self) {
        clear_overlay(&self.dom);
    }

    /// The zoom box between two backend x pixels, over the plot's height.
    fn draw_box(&self, from: f64, to: f64) {
        let (Some(plot), Some(ctx)) = (self.plot(), self.context()) else {
            return;
        };
        self.clear();
        let (left, width) = (from.min(to), (to - from).abs());
        ctx.set_fill_style_str("rgba(11, 83, 148, 0.12)");
        ctx.fill_rect(left, f64::from(plot.top), width, f64::from(plot.height));
        ctx.set_stroke_style_str("rgba(11, 83, 148, 0.6)");
        ctx.set_line_width(pixel_ratio());
        ctx.stroke_rect(left, f64::from(plot.top), width, f64::from(plot.height));
    }

    /// Asks for a hover at `pointer` on the next frame (one per frame).
    fn request_hover(self: &Rc<Self>, pointer: Pointer) {
        self.hover.set(Some(pointer));
        if self.frame_pending.replace(true) {
            return;
        }
        let this = self.clone();
        next_frame(move || {
            this.frame_pending.set(false);
            if let Some(pointer) = this.hover.take() {
                this.hover_now(pointer);
            }
        });
    }

    /// Calls `f` with the chart drawn last, when there is one.
    fn with_chart<T>(
        &self,
        f: impl FnOnce(&Sheet, &ChartSpec, &Prepared, &PlotArea) -> Option<T>,
    ) -> Option<T> {
        let session = self.session.try_borrow().ok()?;
        let open = session.open()?;
        let (chart, stats) = (open.chart.as_ref()?, open.stats.as_ref()?);
        let (plot, (sheet, spec, prepared)) = (stats.plot?, chart.parts(open.sheet())?);
        f(sheet, &spec, prepared, &plot)
    }

    /// Moves the keyboard's point by `step` and shows it as hover does; the
    /// tooltip is a live region, so a screen reader reads the point out.
    fn step_to(&self, step: Step) {
        let from = self.key.get();
        let found = self.with_chart(|sheet, spec, prepared, plot| {
            keyboard_step(sheet, spec, prepared, plot, from, step)
        });
        self.clear();
        match found {
            Some((point, hit)) => {
                self.key.set(Some(point));
                let ratio = pixel_ratio();
                let css = (hit.at.0 / ratio, hit.at.1 / ratio);
                self.show_hit(&hit, Pointer { at: hit.at, css });
            }
            None => self.dom.tooltip.set_hidden(true),
        }
    }

    /// Shows the point nearest the pointer: a tooltip and a ring on it.
    fn hover_now(&self, pointer: Pointer) {
        if self.drag.get().is_some() {
            return;
        }
        let radius = HOVER_RADIUS * pixel_ratio();
        let hit = self.with_chart(|sheet, spec, prepared, plot| {
            hit_test(sheet, spec, prepared, plot, pointer.at, radius)
        });
        self.clear();
        match hit {
            Some(hit) => self.show_hit(&hit, pointer),
            None => self.dom.tooltip.set_hidden(true),
        }
    }

    fn show_hit(&self, hit: &Hit, pointer: Pointer) {
        // The colour the series is drawn in: its own, or its palette's.
        let css_color = hit.color.to_string();
        let ratio = pixel_ratio();
        if let Some(ctx) = self.context() {
            ctx.begin_path();
            let _ = ctx.arc(hit.at.0, hit.at.1, 5.0 * ratio, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str(&css_color);
            ctx.fill();
            ctx.set_line_width(2.0 * ratio);
            ctx.set_stroke_style_str("#ffffff");
            ctx.stroke();
        }
        let tooltip = &self.dom.tooltip;
        tooltip.set_text_content(None);
        if let Some(series) = append(tooltip, "div", "") {
            let _ = series.set_attribute("class", "series");
            if let Some(swatch) = append(&series, "span", "") {
                let _ = swatch.set_attribute("class", "swatch");
                if let Some(swatch) = swatch.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = swatch.style().set_property("background", &css_color);
                }
            }
            append(&series, "span", &hit.name);
        }
        append(tooltip, "div", &hit.y_text);
        if let Some(x_line) = append(tooltip, "div", &hit.x_text) {
            let _ = x_line.set_attribute("class", "muted");
        }
        if let Some(trend) = &hit.trend {
            if let Some(trend_line) = append(tooltip, "div", &format!("Trend · {trend}")) {
                let _ = trend_line.set_attribute("class", "muted trend");
            }
        }
        tooltip.set_hidden(false);
        // Beside the pointer, flipped to the left near the right edge.
        let (x, y) = pointer.css;
        let room = f64::from(self.dom.overlay.client_width()) - x;
        let left = if room < 220.0 {
            x - f64::from(tooltip.offset_width()) - 14.0
        } else {
            x + 14.0
        };
        let style = tooltip.style();
        let _ = style.set_property("left", &format!("{left}px"));
        let _ = style.set_property("top", &format!("{}px", (y - 10.0).max(0.0)));
        let _ = tooltip.set_attribute("data-value", &hit.y_text);
    }
}

fn overlay_context(dom: &Dom) -> Option<CanvasRenderingContext2d> {
    dom.overlay
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}

/// The touch with `id` among `touches`.
fn find_touch(touches: &TouchList, id: i32) -> Option<Touch> {
    (0..touches.length())
        .filter_map(|i| touches.get(i))
        .find(|t| t.identifier() == id)
}

fn clear_overlay(dom: &Dom) {
    if let Some(ctx) = overlay_context(dom) {
        let canvas = &dom.overlay;
        ctx.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
    }
}

/// Clears the hover mark, zoom box and tooltip.
pub fn clear_marks(dom: &Dom) {
    clear_overlay(dom);
    dom.tooltip.set_hidden(true);
}

pub fn wire(dom: Rc<Dom>, session: Shared, emit: Emit) {
    let canvas = dom.overlay.clone();
    let reset = dom.reset_zoom.clone();
    let it = Rc::new(Interaction {
        dom,
        session,
        emit,
        drag: Cell::new(None),
        hover: Cell::new(None),
        frame_pending: Cell::new(false),
        key: Cell::new(None),
        touch: Cell::new(None),
    });
    let handle = |f: fn(&Rc<Interaction>, &Event)| {
        let it = it.clone();
        move |event: Event| f(&it, &event)
    };
    on(
        &canvas,
        "mousedown",
        handle(|it, event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let Some(plot) = it.plot() else { return };
            if event.button() != 0 {
                return;
            }
            event.prevent_default();
            // For the keys; without scrolling the page to show the whole
            // chart, which would move the point under the pointer (a tap
            // near a half-shown chart found no point).
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = it.dom.overlay.focus_with_options(&options);
            it.drag.set(Some(Drag {
                start: pointer(event).at.0,
                pan: event.shift_key(),
                view: plot.x_range,
            }));
        }),
    );
    on(
        &canvas,
        "mousemove",
        handle(|it, event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let at = pointer(event);
            match it.drag.get() {
                Some(d) if d.pan => {
                    let Some(plot) = it.plot() else { return };
                    // The data under the pointer stays under it.
                    let start = PlotArea {
                        x_range: d.view,
                        ..plot
                    };
                    it.show(Some(start.x_range_dragged(d.start, at.at.0)));
                }
                Some(d) => it.draw_box(d.start, at.at.0),
                None => it.request_hover(at),
            }
        }),
    );
    on(
        &canvas,
        "mouseup",
        handle(|it, event| {
            let Some(event) = event.dyn_ref::<MouseEvent>() else {
                return;
            };
            let Some(d) = it.drag.take() else { return };
            let at = pointer(event).at;
            it.clear();
            let Some(plot) = it.plot() else { return };
            if !d.pan && (at.0 - d.start).abs() >= MIN_BOX * pixel_ratio() {
                let (a, b) = (plot.x_at(d.start.min(at.0)), plot.x_at(d.start.max(at.0)));
                it.show(Some((a, b)));
            }
        }),
    );
    on(
        &canvas,
        "mouseleave",
        handle(|it, _| {
            it.drag.set(None);
            it.hover.set(None);
            clear_marks(&it.dom);
        }),
    );
    on(
        &canvas,
        "wheel",
        handle(|it, event| {
            let Some(event) = event.dyn_ref::<WheelEvent>() else {
                return;
            };
            let Some(plot) = it.plot() else { return };
            event.prevent_default();
            let at = pointer(event).at;
            let factor = (event.delta_y() * 0.0015).clamp(-0.5, 0.5).exp();
            it.zoom(&plot, factor, plot.x_at(at.0));
        }),
    );
    for name in ["touchstart", "touchend", "touchcancel"] {
        on(
            &canvas,
            name,
            handle(|it, event| {
                if let Some(event) = event.dyn_ref::<TouchEvent>() {
                    it.touches_changed(event);
                }
            }),
        );
    }
    on(
        &canvas,
        "touchmove",
        handle(|it, event| {
            if let Some(event) = event.dyn_ref::<TouchEvent>() {
                it.touch_moved(event);
            }
        }),
    );
    on(&canvas, "dblclick", handle(|it, _| it.show(None)));
    on(&reset, "click", handle(|it, _| it.show(None)));
    on(
        &canvas,
        "keydown",
        handle(|it, event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let key = event.key();
            let step = match key.as_str() {
                "ArrowLeft" | "ArrowRight" if event.shift_key() => None,
                "ArrowRight" => Some(Step::Next),
                "ArrowLeft" => Some(Step::Previous),
                "ArrowDown" => Some(Step::NextSeries),
                "ArrowUp" => Some(Step::PreviousSeries),
                "Home" => Some(Step::First),
                "End" => Some(Step::Last),
                _ => None,
            };
            if let Some(step) = step {
                it.step_to(step);
                event.prevent_default();
                return;
            }
            // Zooming and panning: charts with an x scale only.
            let Some(plot) = it.plot() else { return };
            let center = (plot.x_range.0 + plot.x_range.1) / 2.0;
            match key.as_str() {
                "+" | "=" => it.zoom(&plot, 1.0 / 1.5, center),
                "-" | "_" => it.zoom(&plot, 1.5, center),
                "ArrowLeft" => it.pan(&plot, -0.1),
                "ArrowRight" => it.pan(&plot, 0.1),
                "0" | "Escape" => it.show(None),
                _ => return,
            }
            event.prevent_default();
        }),
    );
    on(&canvas, "blur", handle(|it, _| clear_marks(&it.dom)));
    let table = it.dom.data_table.clone();
    on(
        &table,
        "click",
        handle(|it, _| {
            // The chart's alternative: its rows, as a table.
            let preview = &it.dom.preview;
            preview.scroll_into_view();
            let _ = preview.focus();
        }),
    );
}
