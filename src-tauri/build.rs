fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_notes",
            "open_note",
            "search",
            "import_paths",
            "list_services",
            "app_info",
            "review_due",
            "review_next",
            "review_answer",
            "review_undo",
            "card_suspend",
            "card_bury",
            "card_flag",
            "card_edit",
            "list_cards",
            "review_stats",
            "review_optimize",
            "get_settings",
            "set_setting",
        ]),
    ))
    .expect("failed to run tauri-build");
}
