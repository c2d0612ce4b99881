//! The page's entry point (wasm32, built by trunk); everything is in `sheetplot_web::browser::app`.

#[cfg(target_arch = "wasm32")]
fn main() {
    sheetplot_web::browser::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app binary runs in the browser: build it with `trunk build --release`");
    std::process::exit(2);
}
