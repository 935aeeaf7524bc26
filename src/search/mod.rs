//! The tantivy index of note sections.
//!
//! Each section is one document. Matching is BM25 over English-stemmed title, heading and body
//! fields; the last word of a query also matches as a prefix (search as you type); when exact terms
//! find little, a typo-tolerant fuzzy pass adds more. The index is a cache: it lives in
//! `<data dir>/index` and is rebuilt from the notes whenever [`INDEX_VERSION`] changes.

mod analysis;
mod api;
pub mod eval;
pub mod glossary;
mod query;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::notes::{Note, SourceKind};
pub use api::SCOPE_SETTING;
pub use query::ParsedQuery;

/// Bump when the schema or analysis changes: the index is then rebuilt from the notes.
pub const INDEX_VERSION: u32 = 2;
const VERSION_FILE: &str = "coldstart-index-version";
/// Index side: stemmed, with CamelCase parts and normalised quantities (see `analysis`).
const STEM: &str = "en_stem_aws";
/// Index side: unstemmed, with CamelCase parts and normalised quantities.
const RAW: &str = "raw_aws";
/// Query side: the plain analyses (expansions are added by the query builder, explained per hit).
const STEM_Q: &str = "en_stem_cs";
const RAW_Q: &str = "raw_cs";

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    id: Field,
    file: Field,
    anchor: Field,
    title: Field,
    heading: Field,
    heading_path: Field,
    body: Field,
    text: Field,
    words: Field,
    service: Field,
    source: Field,
    tags: Field,
    line: Field,
    end_line: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEM)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let raw = |positions: bool, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(RAW)
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        file: b.add_text_field("file", STRING | STORED),
        anchor: b.add_text_field("anchor", STORED),
        title: b.add_text_field("title", stemmed(true)),
        heading: b.add_text_field("heading", stemmed(false)),
        heading_path: b.add_text_field("heading_path", STORED),
        body: b.add_text_field("body", stemmed(false)),
        text: b.add_text_field("text", raw(true, true)),
        words: b.add_text_field("words", raw(false, false)),
        service: b.add_text_field("service", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED),
        tags: b.add_text_field("tags", STRING | STORED),
        line: b.add_u64_field("line", STORED),
        end_line: b.add_u64_field("end_line", STORED),
    };
    (b.build(), fields)
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        STEM,
        TextAnalyzer::builder(analysis::AwsTokenizer)
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    index.tokenizers().register(
        RAW,
        TextAnalyzer::builder(analysis::AwsTokenizer)
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .build(),
    );
    index.tokenizers().register(
        STEM_Q,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    index.tokenizers().register(
        RAW_Q,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .build(),
    );
}

/// Which notes a search covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SourceFilter {
    /// Bundled and imported.
    #[default]
    All,
    /// Only `content/`.
    Bundled,
    /// Only the learner's folders.
    Imported,
}

impl std::str::FromStr for SourceFilter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "all" => Ok(SourceFilter::All),
            "bundled" => Ok(SourceFilter::Bundled),
            "imported" => Ok(SourceFilter::Imported),
            other => Err(Error::InvalidInput(format!(
                "--source {other:?}: expected bundled, imported or all"
            ))),
        }
    }
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// What the learner typed.
    pub query: String,
    /// Maximum hits.
    pub limit: usize,
    /// Only this service.
    pub service: Option<String>,
    /// Only this source.
    pub source: SourceFilter,
}

/// One matching section.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    /// The note's key (same as `file`).
    pub note_id: String,
    /// The note's title.
    pub title: String,
    /// Headings down to the section.
    pub heading_path: Vec<String>,
    /// The section's anchor in the note.
    pub anchor: String,
    /// `content/...` for bundled notes, the absolute path for imported ones.
    pub file: String,
    /// First line of the section (1-based).
    pub line: u64,
    /// Last line of the section (1-based, inclusive).
    pub end_line: u64,
    /// Service of the section.
    pub service: String,
    /// `bundled` or `imported`.
    pub source: String,
    /// Relevance (BM25; fuzzy hits score lower than every exact hit).
    pub score: f32,
    /// HTML excerpt with `<b>` around matches; everything else escaped.
    pub snippet: String,
    /// The same text in other notes (course text copied into several notes), collapsed into
    /// this hit.
    pub also_in: Vec<AlsoIn>,
    /// Why it matched when not by the words typed: "DLQ → dead-letter queue",
    /// "15 min → 900 seconds" (the spelling in the note after the arrow).
    pub matched: Vec<String>,
}

/// Another place holding (nearly) the same text as a hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AlsoIn {
    /// The note's key.
    pub file: String,
    /// The note's title.
    pub title: String,
    /// The section's anchor.
    pub anchor: String,
    /// First line of the section (1-based).
    pub line: u64,
    /// `bundled` or `imported`.
    pub source: String,
}

/// With "all", a learner's own section scores this much more than a bundled one matching as well.
const IMPORTED_BOOST: f32 = 1.5;

/// How much a section holding a number of the asked kind ranks up: a duration for "how long",
/// a size for "how big / max size", any number for "how many / what is the limit".
fn intent_boost(intent: query::Intent, text: &str) -> f32 {
    let kind = match intent {
        query::Intent::Time => Some(analysis::UnitKind::Time),
        query::Intent::Size => Some(analysis::UnitKind::Size),
        query::Intent::Number => None,
    };
    let holds = match kind {
        Some(k) => analysis::quantities(text).iter().any(|q| q.kind == k),
        None => text.chars().any(|c| c.is_ascii_digit()),
    };
    match (holds, kind) {
        (true, Some(_)) => 2.0,
        (true, None) => 1.3,
        (false, _) => 1.0,
    }
}

/// Sections sharing this share of their word triples are near-duplicates.
const NEAR_DUPLICATE: f64 = 0.6;

/// Collapses near-duplicate sections (the same course text in several notes) into the first hit.
#[derive(Default)]
pub(crate) struct Collapser {
    /// Word-triple hashes of each hit so far, by hit index (None: too short to compare).
    prints: Vec<Option<std::collections::HashSet<u64>>>,
    /// `file#anchor` of every hit so far.
    seen: std::collections::HashSet<String>,
}

fn fingerprint(text: &str) -> Option<std::collections::HashSet<u64>> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 12 {
        return None;
    }
    Some(
        words
            .windows(3)
            .map(|w| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .collect(),
    )
}

impl Collapser {
    /// When `d` nearly repeats a hit already in `hits`, note it there and return true; else
    /// remember its fingerprint for the hit about to be pushed and return false.
    fn absorb(&mut self, hits: &mut [SearchHit], f: &Fields, d: &TantivyDocument) -> bool {
        // Hits pushed without going through here (none today) get no fingerprint.
        self.prints.resize(hits.len(), None);
        let get = |field: Field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let print = fingerprint(&get(f.text));
        if let Some(p) = &print {
            for (i, other) in self.prints.iter().enumerate() {
                let Some(o) = other else { continue };
                let common = p.intersection(o).count() as f64;
                let smaller = p.len().min(o.len()).max(1) as f64;
                if common / smaller >= NEAR_DUPLICATE {
                    let (file, anchor) = (get(f.file), get(f.anchor));
                    let known = (hits[i].file == file && hits[i].anchor == anchor)
                        || hits[i]
                            .also_in
                            .iter()
                            .any(|a| a.file == file && a.anchor == anchor);
                    if !known {
                        hits[i].also_in.push(AlsoIn {
                            file,
                            title: get(f.title),
                            anchor,
                            line: d.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0),
                            source: get(f.source),
                        });
                    }
                    return true;
                }
            }
        }
        self.prints.push(print);
        false
    }
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Time taken, in milliseconds.
    pub took_ms: f64,
    /// Best first.
    pub hits: Vec<SearchHit>,
    /// True when typo-tolerant matching contributed hits.
    pub fuzzy: bool,
    /// True when hits with only some of the words were added (all of them together found little).
    pub partial: bool,
}

/// The on-disk search index.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Option<IndexWriter>>,
    /// Where `glossary.toml` and `facts.toml` are (the bundled content), loaded on first search.
    content_dir: Option<PathBuf>,
    glossary: std::sync::OnceLock<glossary::Glossary>,
}

/// Fewer exact hits than this triggers the fuzzy pass.
const FUZZY_BELOW: usize = 3;

impl SearchIndex {
    /// Open the index in `dir`, creating it (or rebuilding an outdated one). Returns the index and
    /// whether it was (re)created empty, in which case every note must be indexed again.
    pub fn open(dir: &Path) -> Result<(Self, bool)> {
        let (schema, fields) = schema();
        let version_path = dir.join(VERSION_FILE);
        let current = std::fs::read_to_string(&version_path)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        let mut fresh = false;
        let index = match current {
            Some(v) if v == INDEX_VERSION => match Index::open_in_dir(dir) {
                Ok(i) => i,
                Err(_) => {
                    fresh = true;
                    Self::recreate(dir, &schema)?
                }
            },
            _ => {
                fresh = true;
                Self::recreate(dir, &schema)?
            }
        };
        if fresh {
            std::fs::write(&version_path, INDEX_VERSION.to_string())
                .map_err(|e| Error::io(&version_path, e))?;
        }
        Ok((Self::with_index(dir, index, fields)?, fresh))
    }

    /// Open the index in `dir` for searching when it exists and is current, writing nothing:
    /// `None` when it is missing, outdated or unreadable (then [`SearchIndex::open`] rebuilds it).
    pub fn open_existing(dir: &Path) -> Result<Option<Self>> {
        let (_, fields) = schema();
        let current = std::fs::read_to_string(dir.join(VERSION_FILE))
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        if current != Some(INDEX_VERSION) {
            return Ok(None);
        }
        match Index::open_in_dir(dir) {
            Ok(index) => Ok(Some(Self::with_index(dir, index, fields)?)),
            Err(_) => Ok(None),
        }
    }

    fn with_index(dir: &Path, index: Index, fields: Fields) -> Result<Self> {
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            writer: Mutex::new(None),
            content_dir: None,
            glossary: std::sync::OnceLock::new(),
        })
    }

    fn recreate(dir: &Path, schema: &Schema) -> Result<Index> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Index::create_in_dir(dir, schema.clone())?)
    }

    /// Take the query glossary from this content folder (`glossary.toml`, `facts.toml`).
    pub fn set_content_dir(&mut self, dir: PathBuf) {
        self.content_dir = Some(dir);
        self.glossary = std::sync::OnceLock::new();
    }

    /// The query glossary (empty without a content folder).
    pub fn glossary(&self) -> &glossary::Glossary {
        self.glossary.get_or_init(|| {
            self.content_dir
                .as_deref()
                .map(glossary::Glossary::load)
                .unwrap_or_default()
        })
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<T>) -> Result<T> {
        let mut guard = self.writer.lock().expect("index writer lock");
        if guard.is_none() {
            let w = self.index.writer(64_000_000).map_err(|e| {
                Error::Index(format!(
                    "cannot write the index in {} ({e}); is another Coldstart importing?",
                    self.dir.display()
                ))
            })?;
            *guard = Some(w);
        }
        f(guard.as_mut().unwrap(), &self.fields)
    }

    /// Replace every section of `note` in the index (uncommitted until [`SearchIndex::commit`]).
    pub fn replace_note(&self, note: &Note) -> Result<()> {
        self.with_writer(|w, f| {
            w.delete_term(Term::from_field_text(f.file, &note.file));
            for s in &note.sections {
                let mut d = doc!(
                    f.id => format!("{}#{}", note.file, s.anchor),
                    f.file => note.file.clone(),
                    f.anchor => s.anchor.clone(),
                    f.title => note.title.clone(),
                    f.heading => s.heading_path.join(" "),
                    f.heading_path => s.heading_path.join("\u{1f}"),
                    f.body => s.text.clone(),
                    f.text => s.text.clone(),
                    f.words => format!("{} {} {}", note.title, s.heading_path.join(" "), s.text),
                    f.service => s.service.clone(),
                    f.source => note.source.as_str(),
                    f.line => s.line as u64,
                    f.end_line => s.end_line as u64,
                );
                for t in &note.tags {
                    d.add_text(f.tags, t.to_lowercase());
                }
                w.add_document(d)?;
            }
            Ok(())
        })
    }

    /// Remove a note's sections (uncommitted until [`SearchIndex::commit`]).
    pub fn delete_note(&self, file: &str) -> Result<()> {
        self.with_writer(|w, f| {
            w.delete_term(Term::from_field_text(f.file, file));
            Ok(())
        })
    }

    /// Make pending changes visible and release the writer (so other processes can write).
    pub fn commit(&self) -> Result<()> {
        let mut guard = self.writer.lock().expect("index writer lock");
        if let Some(mut w) = guard.take() {
            w.commit()?;
            w.wait_merging_threads()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Number of indexed sections.
    pub fn num_sections(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Run a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let started = std::time::Instant::now();
        // Pick up commits made by another process (the CLI importing while the app runs).
        let _ = self.reader.reload();
        let searcher = self.reader.searcher();
        let limit = req.limit.clamp(1, 500);
        let parsed = ParsedQuery::parse(&req.query, &self.index, self.glossary())?;
        let fields = self.fields;
        let filters = || {
            let mut filters = parsed.filters(&fields);
            if let Some(s) = &req.service {
                filters.push(query::term(fields.service, &s.to_lowercase()));
            }
            match req.source {
                SourceFilter::All => {}
                SourceFilter::Bundled => {
                    filters.push(query::term(fields.source, SourceKind::Bundled.as_str()))
                }
                SourceFilter::Imported => {
                    filters.push(query::term(fields.source, SourceKind::Imported.as_str()))
                }
            }
            filters
        };
        let mut hits = Vec::new();
        let mut fuzzy = false;
        let mut partial = false;
        if parsed.is_empty() && filters().is_empty() {
            return Ok(SearchResults {
                query: req.query.clone(),
                took_ms: started.elapsed().as_secs_f64() * 1000.0,
                hits,
                fuzzy,
                partial,
            });
        }
        let exact = parsed.exact_query(&self.fields, filters());
        // A few more than asked: near-duplicates collapse, and the learner's notes move up.
        let top = searcher.search(&exact, &TopDocs::with_limit(limit + 10).order_by_score())?;
        let snippet_query = parsed.snippet_query(&searcher, &self.fields, false)?;
        let gen = self.snippets(&searcher, &*snippet_query)?;
        let mut docs: Vec<(f32, TantivyDocument)> = Vec::new();
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let imported =
                d.get_first(fields.source).and_then(|v| v.as_str()) == Some(SourceKind::Imported.as_str());
            let mut boost = if imported && req.source == SourceFilter::All {
                IMPORTED_BOOST
            } else {
                1.0
            };
            if let Some(intent) = parsed.intent {
                let text = d.get_first(fields.text).and_then(|v| v.as_str()).unwrap_or("");
                boost *= intent_boost(intent, text);
            }
            docs.push((score * boost, d));
        }
        docs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut collapse = Collapser::default();
        for (score, d) in docs {
            if hits.len() >= limit {
                break;
            }
            if collapse.absorb(&mut hits, &fields, &d) {
                continue;
            }
            let hit = self.hit(&d, score, &gen, &parsed);
            collapse.seen.insert(format!("{}#{}", hit.file, hit.anchor));
            hits.push(hit);
        }
        if hits.len() < FUZZY_BELOW.min(limit) && parsed.content_words() >= 2 {
            let rq = parsed.relaxed_query(&self.fields, filters());
            let top = searcher.search(&rq, &TopDocs::with_limit(limit).order_by_score())?;
            partial = self.append_below(
                stored_docs(&searcher, top)?,
                &gen,
                &parsed,
                &mut collapse,
                limit,
                &mut hits,
            )?;
        }
        if hits.len() < FUZZY_BELOW.min(limit) && parsed.can_fuzz() {
            let fq = parsed.fuzzy_query(&self.index, &searcher, &self.fields, filters())?;
            let top = searcher.search(&fq, &TopDocs::with_limit(limit).order_by_score())?;
            if !top.is_empty() {
                let sq = parsed.snippet_query(&searcher, &self.fields, true)?;
                let gen = self.snippets(&searcher, &*sq)?;
                fuzzy = self.append_below(
                    stored_docs(&searcher, top)?,
                    &gen,
                    &parsed,
                    &mut collapse,
                    limit,
                    &mut hits,
                )?;
            }
        }
        Ok(SearchResults {
            query: req.query.clone(),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            hits,
            fuzzy,
            partial,
        })
    }

    /// Append the hits of a looser pass (some of the words, or fuzzy) that are not in `hits` yet,
    /// ranked below every hit already there. Returns whether any was added.
    fn append_below(
        &self,
        top: Vec<(f32, TantivyDocument)>,
        gen: &SnippetGenerator,
        parsed: &ParsedQuery,
        collapse: &mut Collapser,
        limit: usize,
        hits: &mut Vec<SearchHit>,
    ) -> Result<bool> {
        let floor = hits.iter().map(|h| h.score).fold(f32::INFINITY, f32::min);
        let mut added = false;
        for (score, d) in top {
            if hits.len() >= limit {
                break;
            }
            let id = d
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            if collapse.seen.contains(&id) || collapse.absorb(hits, &self.fields, &d) {
                continue;
            }
            let mut hit = self.hit(&d, score, gen, parsed);
            collapse.seen.insert(format!("{}#{}", hit.file, hit.anchor));
            if floor.is_finite() {
                hit.score = hit.score.min(floor * 0.99);
            }
            added = true;
            hits.push(hit);
        }
        Ok(added)
    }

    fn snippets(&self, searcher: &tantivy::Searcher, q: &dyn Query) -> Result<SnippetGenerator> {
        let mut gen = SnippetGenerator::create(searcher, q, self.fields.text)?;
        gen.set_max_num_chars(220);
        Ok(gen)
    }

    /// The front-matter tags of every indexed note that has some, by note key (lowercase).
    pub fn file_tags(&self) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let _ = self.reader.reload();
        let searcher = self.reader.searcher();
        let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
        for addr in searcher.search(&tantivy::query::AllQuery, &tantivy::collector::DocSetCollector)? {
            let d: TantivyDocument = searcher.doc(addr)?;
            let tags: Vec<String> = d
                .get_all(self.fields.tags)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            if tags.is_empty() {
                continue;
            }
            if let Some(file) = d.get_first(self.fields.file).and_then(|v| v.as_str()) {
                let e = out.entry(file.to_string()).or_default();
                for t in tags {
                    if !e.contains(&t) {
                        e.push(t);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Why a hit matched, for each query word it does not hold as typed but in another spelling.
    fn explain(&self, parsed: &ParsedQuery, title: &str, heading: &str, body: &str) -> Vec<String> {
        let needs = parsed.words.iter().any(|w| !w.alts.is_empty());
        if !needs {
            return Vec::new();
        }
        let all = format!("{title}\n{heading}\n{body}");
        let stems: std::collections::HashSet<String> =
            query::analyse(&self.index, STEM, &all).into_iter().collect();
        let mut out = Vec::new();
        for w in &parsed.words {
            if w.alts.is_empty() || w.stems.iter().all(|s| stems.contains(s)) {
                continue;
            }
            for a in &w.alts {
                if let Some(t) = &a.quantity {
                    if let Some(q) = analysis::quantities(&all).into_iter().find(|q| &q.token == t) {
                        out.push(format!("{} → {}", w.typed, &all[q.start..q.end]));
                        break;
                    }
                } else if !a.stems.is_empty() && a.stems.iter().all(|s| stems.contains(s)) {
                    out.push(format!("{} → {}", w.typed, a.label));
                    break;
                }
            }
        }
        out
    }

    fn hit(
        &self,
        d: &TantivyDocument,
        score: f32,
        gen: &SnippetGenerator,
        parsed: &ParsedQuery,
    ) -> SearchHit {
        let f = &self.fields;
        let text = |field: Field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let num = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let body = text(f.text);
        let mut snippet = gen.snippet(&body).to_html();
        if snippet.is_empty() {
            let head: String = body.chars().take(200).collect();
            snippet = escape_html(&head);
        }
        let file = text(f.file);
        let title = text(f.title);
        let heading_path = text(f.heading_path);
        let matched = self.explain(parsed, &title, &heading_path.replace('\u{1f}', " "), &body);
        SearchHit {
            note_id: file.clone(),
            title,
            heading_path: heading_path.split('\u{1f}').map(str::to_string).collect(),
            anchor: text(f.anchor),
            file,
            line: num(f.line),
            end_line: num(f.end_line),
            service: text(f.service),
            source: text(f.source),
            score,
            snippet,
            also_in: Vec::new(),
            matched,
        }
    }
}

/// The stored documents of a pass's top hits.
fn stored_docs(
    searcher: &tantivy::Searcher,
    top: Vec<(f32, tantivy::DocAddress)>,
) -> Result<Vec<(f32, TantivyDocument)>> {
    top.into_iter().map(|(s, a)| Ok((s, searcher.doc(a)?))).collect()
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
