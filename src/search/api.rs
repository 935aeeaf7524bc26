//! The search half of the [`Library`] facade that is not the query itself: the remembered scope.

use super::SourceFilter;
use crate::error::Result;
use crate::library::Library;

/// Settings key of the palette's scope (my notes / bundled / all).
pub const SCOPE_SETTING: &str = "search.scope";

impl SourceFilter {
    fn as_str(self) -> &'static str {
        match self {
            SourceFilter::All => "all",
            SourceFilter::Bundled => "bundled",
            SourceFilter::Imported => "imported",
        }
    }
}

impl Library {
    /// The search scope the learner chose last (all when never set or unreadable).
    pub fn search_scope(&self) -> Result<SourceFilter> {
        Ok(self
            .store()
            .setting(SCOPE_SETTING)?
            .and_then(|s| s.parse().ok())
            .unwrap_or_default())
    }

    /// Remember the search scope; returns it.
    pub fn set_search_scope(&self, scope: SourceFilter) -> Result<SourceFilter> {
        self.store().set_setting(SCOPE_SETTING, scope.as_str())?;
        Ok(scope)
    }
}
