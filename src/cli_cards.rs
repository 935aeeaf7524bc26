//! `coldstart cards QUERY`: the card browser in a terminal. Finds cards with the browser's
//! query language, sorts them, and applies one bulk action to every match (one undo step,
//! `coldstart undo` reverts it). Everything goes through the `Library` facade.

use std::io::Write;

use anyhow::Result;
use coldstart::{BrowseRequest, BulkAction, Library, SortColumn};

/// What `coldstart cards` was asked to do beyond listing.
pub struct CardsArgs {
    /// The query words, joined with spaces.
    pub query: String,
    /// Sort column.
    pub sort: Option<SortColumn>,
    /// Descending.
    pub desc: bool,
    /// At most this many rows.
    pub limit: usize,
    /// JSON output.
    pub json: bool,
    /// The bulk action, if any.
    pub action: Option<BulkAction>,
}

/// Run `coldstart cards` with a query, a sort or an action.
pub fn run(lib: &Library, a: CardsArgs) -> Result<()> {
    let found = lib.browse(&BrowseRequest {
        query: a.query.clone(),
        sort: a.sort.unwrap_or_default(),
        desc: a.desc,
        offset: None,
        limit: Some(a.limit),
    })?;
    let mut out = std::io::stdout().lock();
    if let Some(action) = &a.action {
        let r = lib.bulk(&found.ids, action)?;
        if a.json {
            serde_json::to_writer_pretty(&mut out, &r)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}: {} of {} matching cards changed (undo with `coldstart undo`)",
                r.op, r.changed, r.selected
            )?;
        }
        return Ok(());
    }
    if a.json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
        return Ok(());
    }
    for r in &found.rows {
        let mut marks = String::new();
        if r.suspended {
            marks.push_str(if r.missing { " [missing]" } else { " [suspended]" });
        }
        if r.buried {
            marks.push_str(" [buried]");
        }
        if r.flag > 0 {
            marks.push_str(&format!(" [flag {}]", r.flag));
        }
        if r.changed {
            marks.push_str(" [changed]");
        }
        if r.edited {
            marks.push_str(" [edited]");
        }
        let due = match r.due_in_days {
            None => "-".to_string(),
            Some(d) => format!("{d}d"),
        };
        let front: String = r.front.replace('\n', " ").chars().take(60).collect();
        writeln!(
            out,
            "{}  {:<10} {:<14} due {:>5}  ivl {:>4}  s {:>6}  r {:>4}  {}{}",
            r.id,
            r.state.as_str(),
            r.service,
            due,
            r.interval_days,
            r.stability
                .map(|s| format!("{s:.1}"))
                .unwrap_or_else(|| "-".into()),
            r.retrievability
                .map(|v| format!("{:.0}%", v * 100.0))
                .unwrap_or_else(|| "-".into()),
            front,
            marks
        )?;
    }
    writeln!(
        out,
        "{} of {} cards match{}",
        found.matched,
        found.total,
        if found.rows.len() < found.matched {
            format!(" ({} shown)", found.rows.len())
        } else {
            String::new()
        }
    )?;
    Ok(())
}
