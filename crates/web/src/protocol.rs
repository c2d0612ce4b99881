//! The messages between the page and the worker.
//!
//! page → worker: `{type: "open", id, name, file: Blob}`, and
//! `{type: "retype", id, index, header}` (header: `"auto"`, `"none"` or a
//! zero-based row) to read a sheet of the open file again;
//! worker → page: `{type: "ready"}`, `{type: "progress", id, done, total}`,
//! `{type: "workbook", id, name, parse_ms, sheets}` (sheets without their
//! columns), then `{type: "column", id, sheet, column}` for each column and
//! `{type: "done", id}`;
//! `{type: "sheet", id, index, sheet}` or `{type: "error", id, name, message}`.
//!
//! A workbook travels as plain objects whose column values are typed arrays;
//! their buffers are transferred, not copied, on the way to the page.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};

use sheetplot_model::{Column, Sheet, TimeKind, Values, Workbook};

pub fn set(target: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a plain object we just made cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

pub fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn get_string(source: &JsValue, key: &str) -> String {
    get(source, key).as_string().unwrap_or_default()
}

pub fn get_f64(source: &JsValue, key: &str) -> f64 {
    get(source, key).as_f64().unwrap_or(f64::NAN)
}

/// A message of `kind` with the given fields.
pub fn message(kind: &str, fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    set(&object, "type", kind);
    for (key, value) in fields {
        set(&object, key, value.clone());
    }
    object
}

/// Encodes a workbook's sheets without their columns, which follow one
/// message each (see [`encode_column`]) so the page decodes each in a task
/// of its own.
pub fn encode_workbook_outline(workbook: &Workbook) -> Array {
    workbook
        .sheets
        .iter()
        .map(|s| encode_sheet_with(s, &Array::new(), false))
        .collect()
}

/// Encodes one sheet with its columns, adding their buffers to `transfer`.
pub fn encode_sheet(sheet: &Sheet, transfer: &Array) -> Object {
    encode_sheet_with(sheet, transfer, true)
}

/// Encodes one column, adding its buffer to `transfer`.
pub fn encode_column(column: &Column, transfer: &Array) -> Object {
    let c = Object::new();
    set(&c, "name", column.name.as_str());
    set(&c, "type", column.values.type_name());
    set(&c, "misfits", column.misfits as f64);
    match &column.values {
        Values::Text { ids, labels } => {
            let array = Uint32Array::from(ids.as_slice());
            transfer.push(&array.buffer());
            set(&c, "ids", array);
            set(
                &c,
                "labels",
                labels
                    .iter()
                    .map(|l| JsValue::from_str(l))
                    .collect::<Array>(),
            );
        }
        other => {
            let array = Float64Array::from(other.as_floats().unwrap_or(&[]));
            transfer.push(&array.buffer());
            set(&c, "values", array);
        }
    }
    c
}

fn encode_sheet_with(sheet: &Sheet, transfer: &Array, with_columns: bool) -> Object {
    let columns = Array::new();
    if with_columns {
        for column in &sheet.columns {
            columns.push(&encode_column(column, transfer));
        }
    }
    let s = Object::new();
    set(&s, "name", sheet.name.as_str());
    set(&s, "rows", sheet.rows as f64);
    set(&s, "first_row", sheet.first_row as f64);
    set(
        &s,
        "header_row",
        sheet
            .header_row
            .map_or(JsValue::NULL, |r| JsValue::from_f64(r as f64)),
    );
    set(&s, "columns", columns);
    set(
        &s,
        "title",
        sheet
            .title
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    s
}

/// Decodes the `sheets` of a workbook message.
pub fn decode_workbook(sheets: &JsValue) -> Workbook {
    let sheets: Array = sheets.clone().unchecked_into();
    Workbook {
        sheets: sheets.iter().map(|s| decode_sheet(&s)).collect(),
    }
}

/// Decodes one sheet.
pub fn decode_sheet(s: &JsValue) -> Sheet {
    let columns: Array = get(s, "columns").unchecked_into();
    Sheet {
        name: get_string(s, "name"),
        rows: get_f64(s, "rows") as usize,
        header_row: get(s, "header_row").as_f64().map(|r| r as usize),
        first_row: get_f64(s, "first_row") as usize,
        columns: columns.iter().map(|c| decode_column(&c)).collect(),
        title: get(s, "title").as_string(),
    }
}

pub fn decode_column(c: &JsValue) -> Column {
    let kind = get_string(c, "type");
    let floats = || get(c, "values").unchecked_into::<Float64Array>().to_vec();
    let time = |kind| Values::Time {
        seconds: floats(),
        kind,
    };
    let values = match kind.as_str() {
        "text" => Values::Text {
            ids: get(c, "ids").unchecked_into::<Uint32Array>().to_vec(),
            labels: get(c, "labels")
                .unchecked_into::<Array>()
                .iter()
                .map(|l| l.as_string().unwrap_or_default())
                .collect(),
        },
        "date" => time(TimeKind::Date),
        "date-time" => time(TimeKind::DateTime),
        "time" => time(TimeKind::TimeOfDay),
        "duration" => time(TimeKind::Duration),
        "boolean" => Values::Bool(floats()),
        _ => Values::Number(floats()),
    };
    Column::new(
        get_string(c, "name"),
        values,
        get_f64(c, "misfits") as usize,
    )
}
