//! The memory floor for `scripts/figures.sh`: an empty Tauri window built with the same Tauri,
//! WebKit and release profile as Coldstart (never shipped). Build it with
//! `cargo build --release -p coldstart-desktop --example floor --features floor,tauri/custom-protocol`.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/floor/tauri.conf.json"))
        .expect("error while running the floor app");
}
