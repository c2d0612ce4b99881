//! Offline: registers the service worker (`sw.js`, beside the page) that
//! keeps the bundle so the page opens and reads files with the network gone.
//! Through `Reflect`, as `export.rs` reaches the clipboard: the registration
//! is one call, and a browser without service workers just stays online-only.

use wasm_bindgen::{JsCast, JsValue};

pub fn register() {
    let result = (|| -> Result<(), JsValue> {
        let global = js_sys::global();
        let navigator = js_sys::Reflect::get(&global, &"navigator".into())?;
        let container = js_sys::Reflect::get(&navigator, &"serviceWorker".into())?;
        if container.is_undefined() {
            return Ok(()); // no service workers (or not a secure context)
        }
        let register: js_sys::Function =
            js_sys::Reflect::get(&container, &"register".into())?.dyn_into()?;
        let promise: js_sys::Promise = register.call1(&container, &"./sw.js".into())?.dyn_into()?;
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(why) = wasm_bindgen_futures::JsFuture::from(promise).await {
                web_sys::console::warn_2(&"sheetplot: no offline copy:".into(), &why);
            }
        });
        Ok(())
    })();
    if let Err(why) = result {
        web_sys::console::warn_2(&"sheetplot: no offline copy:".into(), &why);
    }
}
