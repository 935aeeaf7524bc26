//! Tauri commands: each one calls the `Library` facade and maps errors to [`IpcError`].

use std::path::PathBuf;
use std::sync::Arc;

use coldstart::{
    AnswerResult, CardFilter, CardInfo, DueSummary, ImportReport, Library, NoteSummary, NoteView,
    OptimizeProgress, OptimizeReport, Progress, Rating, ReviewCard, ReviewSettings, SearchRequest,
    SearchResults, SourceFilter, Stats, UndoResult,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::AppState;

/// The error the window sees: a stable `kind` code and a message for a person.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IpcError {
    pub kind: String,
    pub message: String,
}

impl From<coldstart::Error> for IpcError {
    fn from(e: coldstart::Error) -> Self {
        IpcError {
            kind: e.kind().to_string(),
            message: e.to_string(),
        }
    }
}

pub(crate) type Res<T> = Result<T, IpcError>;

pub(crate) fn lib(state: &State<'_, AppState>) -> Res<Arc<Library>> {
    state.library.read().expect("library lock").clone()
}

/// Whether the library opened; the error (e.g. `db_corrupt`) tells the window what to offer.
#[tauri::command]
#[specta::specta]
pub fn library_status(state: State<'_, AppState>) -> Res<()> {
    lib(&state).map(|_| ())
}

/// Move the damaged database aside (kept, never overwritten), copy in the newest backup, and
/// open the library again.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>) -> Res<coldstart::RestoreReport> {
    let data_dir = state
        .config
        .as_ref()
        .map(|c| c.data_dir.clone())
        .ok_or_else(|| IpcError {
            kind: "invalid_input".into(),
            message: "no data directory could be determined".into(),
        })?;
    let report = blocking(move || Ok(Library::restore_latest_backup(&data_dir)?)).await?;
    state.reopen()?;
    Ok(report)
}

pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError {
            kind: "internal".into(),
            message: e.to_string(),
        })?
}

#[tauri::command]
#[specta::specta]
pub async fn list_notes(state: State<'_, AppState>) -> Res<Vec<NoteSummary>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.list_notes()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn open_note(state: State<'_, AppState>, id: String) -> Res<NoteView> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.note_view(&id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<usize>,
    service: Option<String>,
    source: Option<SourceFilter>,
) -> Res<SearchResults> {
    let lib = lib(&state)?;
    blocking(move || {
        Ok(lib.search(&SearchRequest {
            query,
            limit: limit.unwrap_or(20),
            service: service.filter(|s| !s.is_empty()),
            source: source.unwrap_or_default(),
        })?)
    })
    .await
}

/// The palette's remembered scope (all, bundled or imported).
#[tauri::command]
#[specta::specta]
pub async fn get_search_scope(state: State<'_, AppState>) -> Res<SourceFilter> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.search_scope()?)).await
}

/// Remember the palette's scope; returns it.
#[tauri::command]
#[specta::specta]
pub async fn set_search_scope(state: State<'_, AppState>, scope: SourceFilter) -> Res<SourceFilter> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.set_search_scope(scope)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_paths(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    on_progress: Channel<Progress>,
) -> Res<ImportReport> {
    let lib = lib(&state)?;
    blocking(move || {
        Ok(lib.import(&paths, &mut |p| {
            let _ = on_progress.send(p.clone());
        })?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_services(state: State<'_, AppState>) -> Res<Vec<String>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.services()?)).await
}

#[derive(Serialize, specta::Type)]
pub struct AppInfo {
    data_dir: String,
    content_dir: String,
    version: &'static str,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let lib = lib(&state)?;
    Ok(AppInfo {
        data_dir: lib.config().data_dir.display().to_string(),
        content_dir: lib.config().content_dir.display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn sim_catalog(state: State<'_, AppState>) -> Res<Vec<coldstart::sim::ModelInfo>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.sim_catalog()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sim_run(
    state: State<'_, AppState>,
    name: String,
    inputs: std::collections::BTreeMap<String, coldstart::sim::InputValue>,
) -> Res<coldstart::sim::SimResult> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.sim_run(&name, &inputs)?)).await
}

/// What `check_notes` returns: the same shape as `coldstart check --json`.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CheckReport {
    pub findings: Vec<coldstart::Finding>,
}

/// Fact-check the given files or folders, or (without `paths`) every imported and bundled note.
/// Dismissed findings are left out.
#[tauri::command]
#[specta::specta]
pub async fn check_notes(state: State<'_, AppState>, paths: Option<Vec<String>>) -> Res<CheckReport> {
    let lib = lib(&state)?;
    blocking(move || {
        let paths: Option<Vec<PathBuf>> = paths.map(|p| p.into_iter().map(PathBuf::from).collect());
        let findings = lib.check(paths.as_deref())?;
        Ok(CheckReport { findings })
    })
    .await
}

/// Dismiss a finding by its id; later checks leave it out.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_finding(state: State<'_, AppState>, id: String) -> Res<()> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.dismiss_finding(&id)?)).await
}

// ---------------------------------------------------------------------------------------------
// Practice exams
// ---------------------------------------------------------------------------------------------

use coldstart::exam::{ExamMode, ExamRequest, ExamResult, ExamState, ExamSummary};
use coldstart::quiz::Domain;

/// Start an attempt; any unfinished one is abandoned.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn exam_start(
    state: State<'_, AppState>,
    mode: Option<ExamMode>,
    questions: Option<usize>,
    minutes: Option<u32>,
    services: Option<Vec<String>>,
    domains: Option<Vec<Domain>>,
    seed: Option<u64>,
    include_generated: Option<bool>,
) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || {
        Ok(lib.exam_start(&ExamRequest {
            mode: mode.unwrap_or_default(),
            questions,
            minutes,
            services: services.unwrap_or_default(),
            domains: domains.unwrap_or_default(),
            seed,
            include_generated,
        })?)
    })
    .await
}

/// The unfinished attempt to resume (also the heartbeat that saves the clock), or `null`.
#[tauri::command]
#[specta::specta]
pub async fn exam_current(state: State<'_, AppState>) -> Res<Option<ExamState>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_current()?)).await
}

/// Save the answer to question `index` (0-based); `choices` are 0-based, empty clears.
#[tauri::command]
#[specta::specta]
pub async fn exam_answer(
    state: State<'_, AppState>,
    attempt_id: i64,
    index: usize,
    choices: Vec<usize>,
) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_answer(attempt_id, index, &choices)?)).await
}

/// Flag question `index` (`flagged` omitted: toggle).
#[tauri::command]
#[specta::specta]
pub async fn exam_flag(
    state: State<'_, AppState>,
    attempt_id: i64,
    index: usize,
    flagged: Option<bool>,
) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_flag(attempt_id, index, flagged)?)).await
}

/// Show question `index`.
#[tauri::command]
#[specta::specta]
pub async fn exam_goto(state: State<'_, AppState>, attempt_id: i64, index: usize) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_goto(attempt_id, index)?)).await
}

/// Pause the clock (practice mode only).
#[tauri::command]
#[specta::specta]
pub async fn exam_pause(state: State<'_, AppState>, attempt_id: i64) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_pause(attempt_id)?)).await
}

/// Restart the clock (practice mode only).
#[tauri::command]
#[specta::specta]
pub async fn exam_resume(state: State<'_, AppState>, attempt_id: i64) -> Res<ExamState> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_resume(attempt_id)?)).await
}

/// Submit and score.
#[tauri::command]
#[specta::specta]
pub async fn exam_submit(state: State<'_, AppState>, attempt_id: i64) -> Res<ExamResult> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_submit(attempt_id)?)).await
}

/// The results of an attempt.
#[tauri::command]
#[specta::specta]
pub async fn exam_result(state: State<'_, AppState>, attempt_id: i64) -> Res<ExamResult> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_result(attempt_id)?)).await
}

/// Every attempt, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn exam_history(state: State<'_, AppState>) -> Res<Vec<ExamSummary>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.exam_history()?)).await
}

// ---------------------------------------------------------------------------------------------
// Review: cards, the due queue, answering, undo, statistics, optimisation, settings.
// The TypeScript shapes are generated into ui/src/lib/ipc/bindings.ts.
// ---------------------------------------------------------------------------------------------

#[tauri::command]
#[specta::specta]
pub async fn review_due(state: State<'_, AppState>) -> Res<DueSummary> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.due()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_next(state: State<'_, AppState>) -> Res<Option<ReviewCard>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.next_card()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_answer(
    state: State<'_, AppState>,
    card_id: String,
    grade: Rating,
    taken_ms: Option<i64>,
) -> Res<AnswerResult> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.answer(&card_id, grade, taken_ms)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_undo(state: State<'_, AppState>) -> Res<Option<UndoResult>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.undo()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn card_suspend(state: State<'_, AppState>, card_id: String, suspended: bool) -> Res<CardInfo> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.suspend(&card_id, suspended)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn card_bury(state: State<'_, AppState>, card_id: String) -> Res<CardInfo> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.bury(&card_id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn card_flag(state: State<'_, AppState>, card_id: String, flag: u8) -> Res<CardInfo> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.flag(&card_id, flag)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn card_edit(
    state: State<'_, AppState>,
    card_id: String,
    front: Option<String>,
    back: Option<String>,
) -> Res<CardInfo> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.edit_card(&card_id, front.as_deref(), back.as_deref())?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_cards(state: State<'_, AppState>, filter: Option<CardFilter>) -> Res<Vec<CardInfo>> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.list_cards(&filter.unwrap_or_default())?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_stats(state: State<'_, AppState>) -> Res<Stats> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.stats()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_optimize(
    state: State<'_, AppState>,
    restore_previous: Option<bool>,
    on_progress: Channel<OptimizeProgress>,
) -> Res<OptimizeReport> {
    let lib = lib(&state)?;
    blocking(move || {
        if restore_previous.unwrap_or(false) {
            return Ok(lib.restore_previous_optimization()?);
        }
        Ok(lib.optimize(&mut |p| {
            let _ = on_progress.send(p.clone());
        })?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Res<ReviewSettings> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.review_settings()?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_setting(state: State<'_, AppState>, key: String, value: String) -> Res<ReviewSettings> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.set_setting(&key, &value)?)).await
}

/// Export cards for Anki or a spreadsheet to the path the save dialog chose.
#[tauri::command]
#[specta::specta]
pub async fn export_deck(
    state: State<'_, AppState>,
    format: coldstart::ExportFormat,
    path: PathBuf,
    service: Option<String>,
    deck: Option<String>,
    with_history: Option<bool>,
) -> Res<coldstart::ExportReport> {
    let lib = lib(&state)?;
    blocking(move || {
        Ok(lib.export_deck(&coldstart::ExportOptions {
            format,
            path,
            service,
            deck,
            with_history: with_history.unwrap_or(false),
        })?)
    })
    .await
}

/// Import an Anki package (.apkg, .colpkg) or a CSV file.
#[tauri::command]
#[specta::specta]
pub async fn import_deck(state: State<'_, AppState>, path: PathBuf) -> Res<coldstart::DeckImportReport> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.import_deck(&path)?)).await
}
