//! The Coldstart desktop shell: Tauri set-up and thin commands over the engine's `Library`.
//!
//! The library is opened once at start-up and shared by every command; long work (imports) runs
//! on a blocking thread and streams progress to the window through a channel.

mod commands;
mod commands_browse;
mod commands_extra;
mod commands_plan;
pub mod single_instance;
pub mod window_state;

use std::sync::{Arc, RwLock};

use coldstart::{Library, LibraryConfig};
use tauri::Manager;

/// Shared state: the open library, or why it could not be opened (a damaged database, say,
/// which the window then offers to restore from the latest backup).
pub struct AppState {
    pub(crate) library: RwLock<Result<Arc<Library>, commands::IpcError>>,
    pub(crate) config: Option<LibraryConfig>,
}

impl AppState {
    /// Open the library again with the same configuration (after restoring a backup).
    pub(crate) fn reopen(&self) -> Result<Arc<Library>, commands::IpcError> {
        let config = self.config.clone().ok_or_else(|| commands::IpcError {
            kind: "invalid_input".into(),
            message: "no data directory could be determined".into(),
        })?;
        let lib = open_with_clock(config);
        *self.library.write().expect("library lock") = lib.clone();
        lib
    }
}

fn library_config(app: &tauri::App) -> Result<LibraryConfig, commands::IpcError> {
    let data_dir = std::env::var_os("COLDSTART_DATA_DIR").map(std::path::PathBuf::from);
    let mut config = LibraryConfig::new(data_dir).map_err(commands::IpcError::from)?;
    if std::env::var_os("COLDSTART_CONTENT_DIR").is_none() {
        // An installed bundle ships the notes as resources.
        if let Ok(res) = app.path().resource_dir() {
            let c = res.join("content");
            if c.join("facts.toml").exists() {
                config.content_dir = c;
            }
        }
    }
    if std::env::var_os("COLDSTART_QUIZZES_DIR").is_none() {
        if let Ok(res) = app.path().resource_dir() {
            let q = res.join("quizzes");
            if q.is_dir() {
                config.quizzes_dir = q;
            }
        }
    }
    Ok(config)
}

fn open_library(
    config: &Result<LibraryConfig, commands::IpcError>,
) -> Result<Arc<Library>, commands::IpcError> {
    let lib = open_with_clock(config.clone()?)?;
    for w in lib.warnings() {
        eprintln!("coldstart: warning: {w}");
    }
    Ok(lib)
}

/// Open the library on the clock `COLDSTART_NOW` asks for (the engine's rule, as in the CLI; here
/// the clock runs on from that instant so exam timers move), else the system clock.
fn open_with_clock(config: LibraryConfig) -> Result<Arc<Library>, commands::IpcError> {
    let clock = coldstart::review::clock_from_env(true)?;
    let lib = Library::open(config)?;
    if let Some(c) = clock {
        lib.set_clock(c);
    }
    Ok(Arc::new(lib))
}

/// The one list of commands: it feeds the invoke handler, the generated TypeScript bindings
/// (`ui/src/lib/ipc/bindings.ts`) and, through a test, the permission lists in `build.rs` and
/// `capabilities/main.json`.
pub fn bindings_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::list_notes,
            commands_extra::exam_blueprint,
            commands::open_note,
            commands::search,
            commands::get_search_scope,
            commands::set_search_scope,
            commands::import_paths,
            commands::list_services,
            commands::app_info,
            commands::library_status,
            commands::restore_backup,
            commands::sim_catalog,
            commands::sim_run,
            commands::check_notes,
            commands::dismiss_finding,
            commands::exam_start,
            commands::exam_current,
            commands::exam_answer,
            commands::exam_flag,
            commands::exam_goto,
            commands::exam_pause,
            commands::exam_resume,
            commands::exam_submit,
            commands::exam_result,
            commands::exam_history,
            commands_plan::plan_get,
            commands_plan::plan_set,
            commands_plan::plan_card,
            commands::review_due,
            commands::review_next,
            commands::review_answer,
            commands::review_undo,
            commands::card_suspend,
            commands::card_bury,
            commands::card_flag,
            commands::card_edit,
            commands::list_cards,
            commands::review_stats,
            commands::review_optimize,
            commands::get_settings,
            commands::set_setting,
            commands::export_deck,
            commands::import_deck,
            commands_browse::browse_cards,
            commands_browse::browse_bulk,
            commands_browse::card_details,
        ])
        // Ids, due times and timestamps are i64 milliseconds, far below 2^53.
        .dangerously_cast_bigints_to_number()
        // Floats are `number`: the engine sends no NaN or infinity (which serde_json writes as null).
        .semantic_types(specta_typescript::semantic::Configuration::empty().enable_lossless_floats())
        // Commands reject (the client maps rejections to its BackendError), as with `invoke`.
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
}

/// Write the TypeScript bindings of [`bindings_builder`] to `path` (the committed copy is
/// `ui/src/lib/ipc/bindings.ts`, checked by `src-tauri/tests/bindings.rs`).
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let ts = specta_typescript::Typescript::default().header(
        "// Generated by tauri-specta from the Rust commands and types; do not edit.\n\
         // Regenerate: COLDSTART_UPDATE_BINDINGS=1 cargo test -p coldstart-desktop --test bindings\n",
    );
    bindings_builder().export(ts, path).map_err(|e| e.to_string())
}

/// Build and run the app.
pub fn run() {
    // One window per data directory: a second start shows the running window and exits.
    let data_dir = std::env::var_os("COLDSTART_DATA_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| coldstart::default_data_dir().ok());
    let listener = match data_dir.as_deref().map(single_instance::claim) {
        Some(Ok(single_instance::Claim::Running)) => {
            eprintln!("coldstart: already open on this data directory; showing that window");
            return;
        }
        Some(Ok(single_instance::Claim::First(l))) => Some(l),
        Some(Err(e)) => {
            eprintln!("coldstart: warning: cannot watch for a second start: {e}");
            None
        }
        None => None,
    };
    let builder = bindings_builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            if let Some(w) = app.get_webview_window("main") {
                if let Some(dir) = &data_dir {
                    window_state::restore(&w, dir);
                    window_state::track(&w, dir.clone());
                }
                if let Some(listener) = listener {
                    single_instance::serve(listener, move || {
                        let _ = w.unminimize();
                        let _ = w.show();
                        let _ = w.set_focus();
                    });
                }
            }
            let config = library_config(app);
            let library = open_library(&config);
            if let Err(e) = &library {
                eprintln!("coldstart: {}", e.message);
            }
            app.manage(AppState {
                library: RwLock::new(library),
                config: config.ok(),
            });
            Ok(())
        })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!())
        .expect("error while running Coldstart");
}
