//! Tauri commands of the card browser: search, bulk actions, card info. Each calls the
//! `Library` facade; undo is the review's `review_undo`.

use coldstart::{BrowseRequest, BrowseResult, BulkAction, BulkReport, CardDetails, SortColumn};
use serde::Serialize;
use tauri::State;

use crate::commands::{blocking, lib, Res};
use crate::AppState;

/// The browser's answer: the cards, or the query error with the token at fault (so the window
/// can mark it in the search box).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum BrowseReply {
    /// The query parsed.
    Ok {
        /// What it found.
        result: BrowseResult,
    },
    /// The query does not parse.
    QueryError {
        /// What is wrong.
        message: String,
        /// 0-based character offset of the token.
        position: usize,
        /// The token.
        token: String,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn browse_cards(
    state: State<'_, AppState>,
    query: String,
    sort: Option<SortColumn>,
    desc: Option<bool>,
    offset: Option<usize>,
    limit: Option<usize>,
) -> Res<BrowseReply> {
    let lib = lib(&state)?;
    blocking(move || {
        let req = BrowseRequest {
            query,
            sort: sort.unwrap_or_default(),
            desc: desc.unwrap_or(false),
            offset,
            limit,
        };
        match lib.browse(&req) {
            Ok(result) => Ok(BrowseReply::Ok { result }),
            Err(coldstart::Error::Query {
                message,
                position,
                token,
            }) => Ok(BrowseReply::QueryError {
                message,
                position,
                token,
            }),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn browse_bulk(
    state: State<'_, AppState>,
    ids: Vec<String>,
    action: BulkAction,
) -> Res<BulkReport> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.bulk(&ids, &action)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn card_details(state: State<'_, AppState>, id: String) -> Res<CardDetails> {
    let lib = lib(&state)?;
    blocking(move || Ok(lib.card_details(&id)?)).await
}
