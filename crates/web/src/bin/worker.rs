//! The Web Worker's entry point (wasm32, built by trunk): parses workbooks
//! off the main thread; everything is in `sheetplot_web::browser::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    sheetplot_web::browser::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker binary runs in the browser: build it with `trunk build --release`");
    std::process::exit(2);
}
