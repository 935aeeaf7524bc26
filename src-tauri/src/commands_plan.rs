//! Tauri commands of the Plan view (exam date, budget, forecast): each calls the `Library`.

use coldstart::plan::{PlanReport, PlanUpdate};
use coldstart::CardInfo;
use tauri::State;

use crate::commands::{blocking, lib, Res};
use crate::AppState;

/// The plan report (settings, fit, workload, forecast, weakest topics, history).
#[tauri::command]
#[specta::specta]
pub async fn plan_get(state: State<'_, AppState>) -> Res<PlanReport> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.plan()?)).await
}

/// Change the exam date, budget or target, or clear the date; returns the new report.
#[tauri::command]
#[specta::specta]
pub async fn plan_set(state: State<'_, AppState>, update: PlanUpdate) -> Res<PlanReport> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.set_plan(&update)?)).await
}

/// One card, front and back, for the "study these" session.
#[tauri::command]
#[specta::specta]
pub async fn plan_card(state: State<'_, AppState>, card_id: String) -> Res<CardInfo> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.card(&card_id)?)).await
}
