//! The reader of every format's entry point (wasm32, built by trunk with
//! the `all-formats` feature): the page starts it when its first reader
//! leaves a file to it; everything is in `sheetplot_web::browser::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    sheetplot_web::browser::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker_all binary runs in the browser: build it with `trunk build --release`");
    std::process::exit(2);
}
