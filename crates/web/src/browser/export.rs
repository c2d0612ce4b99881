//! Export: the chart on screen as a PNG, as SVG drawn by plotters' SVG
//! backend, or as a PNG copied to the clipboard, all from the same
//! prepared chart, so all show what the page shows, at the size the
//! `export-size` select names (see [`ExportSize`]). Files are named after
//! the workbook and sheet; nothing leaves the page.

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
use crate::export_size::{sized_svg, ExportLayout, ExportSize};
use crate::session::Drawing;

pub fn wire(dom: std::rc::Rc<Dom>, session: Shared) {
    {
        let (dom, session) = (dom.clone(), session.clone());
        on(&dom.export_png.clone(), "click", move |_| {
            png(&dom, &session, PngTo::File)
        });
    }
    {
        let (dom, session) = (dom.clone(), session.clone());
        on(&dom.copy_png.clone(), "click", move |_| {
            png(&dom, &session, PngTo::Clipboard)
        });
    }
    on(&dom.export_svg.clone(), "click", move |_| {
        svg(&dom, &session)
    });
}

/// Where a PNG goes.
#[derive(Clone, Copy)]
enum PngTo {
    File,
    Clipboard,
}

/// The layout the `export-size` select asks for.
fn layout(dom: &Dom) -> ExportLayout {
    ExportSize::from_name(&dom.export_size.value()).layout(css_size(dom), pixel_ratio())
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

fn png(dom: &Dom, session: &Shared, to: PngTo) {
    let layout = layout(dom);
    let status = dom.status.clone();
    export(dom, session, |sheet, spec, prepared, stem| {
        let Some(canvas) = document()
            .ok()
            .and_then(|d| d.create_element("canvas").ok())
        else {
            return Ok(());
        };
        let canvas: HtmlCanvasElement = canvas.unchecked_into();
        let (width, height) = layout.pixels();
        canvas.set_width(width);
        canvas.set_height(height);
        let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
            return Ok(());
        };
        render_prepared(
            &backend.into_drawing_area(),
            sheet,
            spec,
            prepared,
            layout.scale,
        )?;
        let name = format!("{stem}.png");
        let done = Closure::once_into_js(move |blob: JsValue| {
            let Some(blob) = blob.dyn_ref::<Blob>() else {
                return;
            };
            match to {
                PngTo::File => download(blob, &name),
                PngTo::Clipboard => copy(blob, &status, width, height),
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
        Ok(())
    });
}

/// Puts `blob` (a PNG) on the clipboard, and says in the status line
/// whether the browser took it. `ClipboardItem` is called through
/// `Reflect`: web-sys has it only behind its unstable APIs.
fn copy(blob: &Blob, status: &web_sys::HtmlElement, width: u32, height: u32) {
    let copied = (|| -> Result<js_sys::Promise, JsValue> {
        let global = js_sys::global();
        let navigator = js_sys::Reflect::get(&global, &"navigator".into())?;
        let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())?;
        let item_type = js_sys::Reflect::get(&global, &"ClipboardItem".into())?;
        let parts = js_sys::Object::new();
        js_sys::Reflect::set(&parts, &"image/png".into(), blob)?;
        let item = js_sys::Reflect::construct(
            item_type
                .dyn_ref::<js_sys::Function>()
                .ok_or("no ClipboardItem")?,
            &js_sys::Array::of1(&parts),
        )?;
        let write: js_sys::Function =
            js_sys::Reflect::get(&clipboard, &"write".into())?.dyn_into()?;
        write
            .call1(&clipboard, &js_sys::Array::of1(&item))?
            .dyn_into()
    })();
    let status = status.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let done = match copied {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        };
        status.set_text_content(Some(&if done {
            format!("Copied the chart to the clipboard as a {width} × {height} PNG.")
        } else {
            "The browser would not let sheetplot use the clipboard; use Export PNG instead."
                .to_owned()
        }));
    });
}

fn svg(dom: &Dom, session: &Shared) {
    let layout = layout(dom);
    // SVG scales without loss: drawn at the layout's CSS size, it is
    // sized in pixels as the PNG would be.
    let pixels = layout.pixels();
    export(dom, session, |sheet, spec, prepared, stem| {
        let mut text = String::new();
        {
            let size = (layout.css_width, layout.css_height);
            let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
            render_prepared(&root, sheet, spec, prepared, 1.0)?;
        }
        let text = sized_svg(&text, pixels);
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
