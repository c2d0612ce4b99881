//! The envelopes that carry [`crate::protocol`] messages across
//! `postMessage`: `{v, msg, data, file}`, where `msg` is the serde message,
//! `data` the typed arrays of the columns it names (values, then blocks, per
//! column in order; their buffers are transferred), and `file` the `Blob`
//! the page hands over with an `Open`.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::{Arriving, ColumnArrays, Outgoing, PartArrays, Run, PROTOCOL_VERSION};

/// An envelope being filled.
pub struct Envelope {
    object: Object,
    data: Array,
    /// The buffers to transfer rather than copy.
    pub transfer: Array,
}

impl Envelope {
    pub fn new(msg: &impl Serialize) -> Result<Envelope, String> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let value = msg.serialize(&serializer).map_err(|e| e.to_string())?;
        let object = Object::new();
        set(&object, "v", JsValue::from(PROTOCOL_VERSION));
        set(&object, "msg", value);
        Ok(Envelope {
            object,
            data: Array::new(),
            transfer: Array::new(),
        })
    }

    /// Adds a column's arrays (transferred).
    pub fn push_arrays(&self, arrays: &Outgoing<'_>) {
        self.push_run(arrays.values);
        let blocks = Uint32Array::from(arrays.blocks.as_slice());
        self.transfer.push(&blocks.buffer());
        self.data.push(&blocks);
    }

    /// Adds a column's values, or a run of them sent ahead of it
    /// (transferred).
    pub fn push_run(&self, run: Run<'_>) {
        let (values, buffer): (JsValue, _) = match run {
            Run::Floats(floats) => {
                let a = Float64Array::from(floats);
                let buffer = a.buffer();
                (a.into(), buffer)
            }
            Run::Ids(ids) => {
                let a = Uint32Array::from(ids);
                let buffer = a.buffer();
                (a.into(), buffer)
            }
        };
        self.transfer.push(&buffer);
        self.data.push(&values);
    }

    /// Adds a later part's column arrays (transferred), in the order of
    /// [`PartArrays`].
    pub fn push_part_arrays(&self, arrays: &PartArrays) {
        for floats in &arrays.floats {
            let a = Float64Array::from(floats.as_slice());
            self.transfer.push(&a.buffer());
            self.data.push(&a);
        }
        let ids = Uint32Array::from(arrays.ids.as_slice());
        self.transfer.push(&ids.buffer());
        self.data.push(&ids);
    }

    pub fn with_file(self, file: &JsValue) -> Envelope {
        set(&self.object, "file", file.clone());
        self
    }

    pub fn into_value(self) -> JsValue {
        set(&self.object, "data", self.data);
        self.object.into()
    }
}

/// An envelope received.
pub struct Opened<T> {
    pub msg: T,
    pub data: Data,
    pub file: JsValue,
}

/// The typed arrays beside a message.
pub struct Data(Array);

/// Opens `value`, refusing another protocol version.
pub fn open<T: DeserializeOwned>(value: &JsValue) -> Result<Opened<T>, String> {
    let version = get(value, "v").as_f64();
    if version != Some(f64::from(PROTOCOL_VERSION)) {
        return Err(format!(
            "the reader speaks another version of sheetplot ({version:?}, not {PROTOCOL_VERSION}); reload the page"
        ));
    }
    let msg = serde_wasm_bindgen::from_value(get(value, "msg")).map_err(|e| e.to_string())?;
    Ok(Opened {
        msg,
        data: Data(get(value, "data").dyn_into().unwrap_or_default()),
        file: get(value, "file"),
    })
}

impl Data {
    /// The arrays of the `n`th column the message names; a text column's
    /// values are its ids.
    pub fn arrays(&self, n: u32, text: bool) -> ColumnArrays {
        let values = self.0.get(2 * n);
        let blocks = self.0.get(2 * n + 1);
        let u32s = |v: JsValue| {
            v.dyn_into::<Uint32Array>()
                .map_or(Vec::new(), |a| a.to_vec())
        };
        ColumnArrays {
            floats: if text {
                Vec::new()
            } else {
                values
                    .clone()
                    .dyn_into::<Float64Array>()
                    .map_or(Vec::new(), |a| a.to_vec())
            },
            ids: if text { u32s(values) } else { Vec::new() },
            blocks: u32s(blocks),
        }
    }
}

impl Data {
    /// Copies the run of values beside a `Values` message of request `id`
    /// (a column of `of` values) into `arriving`.
    pub fn run_into(&self, arriving: &mut Arriving, id: u32, of: usize) {
        let values = self.0.get(0);
        if let Some(floats) = values.dyn_ref::<Float64Array>() {
            floats.copy_to(arriving.floats(id, of, floats.length() as usize));
        } else if let Some(ids) = values.dyn_ref::<Uint32Array>() {
            ids.copy_to(arriving.ids(id, of, ids.length() as usize));
        }
    }

    /// The arrays of the `n`th column of a later part.
    pub fn part_arrays(&self, n: u32) -> PartArrays {
        let at = |i: u32| self.0.get(PART_ARRAYS * n + i);
        let floats = |i: u32| {
            at(i)
                .dyn_into::<Float64Array>()
                .map_or(Vec::new(), |a| a.to_vec())
        };
        PartArrays {
            floats: [floats(0), floats(1), floats(2), floats(3), floats(4)],
            ids: at(5)
                .dyn_into::<Uint32Array>()
                .map_or(Vec::new(), |a| a.to_vec()),
        }
    }
}

/// Arrays a later part's column travels as: five of floats, one of ids.
const PART_ARRAYS: u32 = 6;

fn set(target: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a plain object we just made cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
