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
            "exam_start",
            "exam_current",
            "exam_answer",
            "exam_flag",
            "exam_goto",
            "exam_pause",
            "exam_resume",
            "exam_submit",
            "exam_result",
            "exam_history",
        ]),
    ))
    .expect("failed to run tauri-build");
}
