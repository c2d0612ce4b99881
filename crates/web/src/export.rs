//! Export: the chart on screen as a PNG at twice the screen's resolution,
//! or as SVG drawn by plotters' SVG backend from the same spec, so both
//! show what the page shows. Files are named after the workbook and sheet.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, HtmlElement, Url};

use crate::app::{show_error, Shared};
use crate::dom::{by_test_id, document, on, window};
use sheetplot_chart::export_stem;
use sheetplot_chart::render::render;

pub fn wire(app: &Shared) {
    {
        let app = app.clone();
        on(
            &by_test_id::<HtmlElement>("export-png"),
            "click",
            move |_| png(&app),
        );
    }
    {
        let app = app.clone();
        on(
            &by_test_id::<HtmlElement>("export-svg"),
            "click",
            move |_| svg(&app),
        );
    }
}

/// The chart canvas's size in CSS pixels.
fn css_size() -> (u32, u32) {
    let canvas: HtmlCanvasElement = by_test_id("chart");
    (
        canvas.client_width().max(320) as u32,
        canvas.client_height().max(200) as u32,
    )
}

fn png(app: &Shared) {
    let state = app.borrow();
    let Some(loaded) = &state.loaded else { return };
    let Some(spec) = &loaded.spec else { return };
    let scale = 2.0 * window().device_pixel_ratio().max(1.0);
    let (width, height) = css_size();
    let Ok(canvas) = document().create_element("canvas") else {
        return;
    };
    let canvas: HtmlCanvasElement = canvas.unchecked_into();
    canvas.set_width((f64::from(width) * scale).round() as u32);
    canvas.set_height((f64::from(height) * scale).round() as u32);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    if let Err(e) = render(&backend.into_drawing_area(), loaded.sheet(), spec, scale) {
        show_error(&format!("Could not export the chart: {e}"));
        return;
    }
    let name = format!("{}.png", export_stem(&loaded.file, &loaded.sheet().name));
    let done = Closure::once_into_js(move |blob: JsValue| {
        if let Some(blob) = blob.dyn_ref::<Blob>() {
            download(blob, &name);
        }
    });
    let _ = canvas.to_blob(done.unchecked_ref());
}

fn svg(app: &Shared) {
    let state = app.borrow();
    let Some(loaded) = &state.loaded else { return };
    let Some(spec) = &loaded.spec else { return };
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, css_size()).into_drawing_area();
        if let Err(e) = render(&root, loaded.sheet(), spec, 1.0) {
            show_error(&format!("Could not export the chart: {e}"));
            return;
        }
    }
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    if let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) {
        download(
            &blob,
            &format!("{}.svg", export_stem(&loaded.file, &loaded.sheet().name)),
        );
    }
}

/// Saves `blob` as `name` through a temporary link; nothing leaves the page.
fn download(blob: &Blob, name: &str) {
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(link) = document().create_element("a") {
        let link: HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = Url::revoke_object_url(&url);
}
