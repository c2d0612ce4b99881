//! Export: the chart on screen as a PNG at twice the screen's resolution,
//! or as SVG drawn by plotters' SVG backend, both from the same prepared
//! chart, so both show what the page shows. Files are named after the
//! workbook and sheet; nothing leaves the page.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use sheetplot_chart::export_stem;
use sheetplot_chart::render::{render_prepared, RenderError};
use sheetplot_chart::{ChartSpec, Prepared};
use sheetplot_model::Sheet;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

use super::canvas::css_size;
use super::dom::{document, on, pixel_ratio, Dom};
use super::glue::Shared;
use super::notify::banner;
use crate::session::Drawing;

pub fn wire(dom: std::rc::Rc<Dom>, session: Shared) {
    {
        let (dom, session) = (dom.clone(), session.clone());
        on(&dom.export_png.clone(), "click", move |_| {
            png(&dom, &session)
        });
    }
    on(&dom.export_svg.clone(), "click", move |_| {
        svg(&dom, &session)
    });
}

/// Runs `write` with the chart on screen and the export's file stem, and
/// shows in the banner why it could not draw.
fn export(
    dom: &Dom,
    session: &Shared,
    write: impl FnOnce(&Sheet, &ChartSpec, &Prepared, String) -> Result<(), RenderError>,
) {
    let Ok(session) = session.try_borrow() else {
        return;
    };
    let (
        Some(Drawing::Chart {
            sheet,
            spec,
            prepared,
        }),
        Some(open),
    ) = (session.drawing(), session.open())
    else {
        return;
    };
    if let Err(e) = write(sheet, &spec, prepared, export_stem(&open.file, &sheet.name)) {
        banner(dom, Some(&format!("Could not export the chart: {e}")));
    }
}

fn png(dom: &Dom, session: &Shared) {
    export(dom, session, |sheet, spec, prepared, stem| {
        let scale = 2.0 * pixel_ratio();
        let (width, height) = css_size(dom);
        let Some(canvas) = document()
            .ok()
            .and_then(|d| d.create_element("canvas").ok())
        else {
            return Ok(());
        };
        let canvas: HtmlCanvasElement = canvas.unchecked_into();
        canvas.set_width((f64::from(width) * scale).round() as u32);
        canvas.set_height((f64::from(height) * scale).round() as u32);
        let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
            return Ok(());
        };
        render_prepared(&backend.into_drawing_area(), sheet, spec, prepared, scale)?;
        let name = format!("{stem}.png");
        let done = Closure::once_into_js(move |blob: JsValue| {
            if let Some(blob) = blob.dyn_ref::<Blob>() {
                download(blob, &name);
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
        Ok(())
    });
}

fn svg(dom: &Dom, session: &Shared) {
    export(dom, session, |sheet, spec, prepared, stem| {
        let mut text = String::new();
        {
            let root = SVGBackend::with_string(&mut text, css_size(dom)).into_drawing_area();
            render_prepared(&root, sheet, spec, prepared, 1.0)?;
        }
        let options = BlobPropertyBag::new();
        options.set_type("image/svg+xml");
        let parts = js_sys::Array::of1(&JsValue::from_str(&text));
        if let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) {
            download(&blob, &format!("{stem}.svg"));
        }
        Ok(())
    });
}

/// Saves `blob` as `name` through a temporary link.
fn download(blob: &Blob, name: &str) {
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(link) = document().ok().and_then(|d| d.create_element("a").ok()) {
        let link: HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = Url::revoke_object_url(&url);
}
