fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_notes",
            "open_note",
            "search",
            "import_paths",
            "list_services",
            "app_info",
            "sim_catalog",
            "sim_run",
            "check_notes",
            "dismiss_finding",
        ]),
    ))
    .expect("failed to run tauri-build");
}
