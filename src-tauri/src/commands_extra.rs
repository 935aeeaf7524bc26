//! Commands added by issue 12 (UI side): engine rules the window used to keep its own copy of.
//! Registered next to the others in lib.rs, build.rs and capabilities/main.json.

use tauri::State;

use crate::commands::IpcError;
use crate::AppState;

/// The exam domains with their weights and the pass line, for the start form and the trend chart.
#[tauri::command]
#[specta::specta]
pub fn exam_blueprint(state: State<'_, AppState>) -> Result<coldstart::exam::ExamBlueprint, IpcError> {
    let lib = state.library.read().expect("library lock").clone()?;
    Ok(lib.exam_blueprint())
}
