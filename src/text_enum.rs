//! Enums that travel as fixed strings: in JSON (serde), in SQLite columns (`ToSql`/`FromSql`)
//! and in TypeScript (specta), so statuses, ops and kinds are types, not free text.

/// Declare a unit-only enum whose variants are written as the given strings everywhere.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string form (as in JSON and in the database).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(s: &str) -> $crate::Result<Self> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    other => Err($crate::Error::InvalidInput(format!(
                        "{other:?} is not a {}: expected one of {}",
                        stringify!($name),
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?
                    .parse()
                    .map_err(|e: $crate::Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        /// A test enum.
        pub enum Colour {
            /// Red.
            Red = "red",
            /// Dark blue.
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn json_sql_and_text_forms_agree() {
        for c in Colour::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *c);
            assert_eq!(c.as_str().parse::<Colour>().unwrap(), *c);
        }
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let back: Colour = db
            .query_row("SELECT ?1", [Colour::DarkBlue], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Colour::DarkBlue);
        let bad: rusqlite::Result<Colour> = db.query_row("SELECT 'green'", [], |r| r.get(0));
        assert!(bad.is_err());
        assert!("Red".parse::<Colour>().is_err());
    }
}

#[cfg(test)]
mod wire {
    use crate::exam::ExamStatus;
    use crate::review::{CardSourceKind, OptimizeStatus, UndoOp};

    /// The strings existing databases hold and the CLI's JSON, the UI and the e2e tests read:
    /// turning the fields into enums must not change them.
    #[test]
    fn the_state_enums_keep_the_strings_already_stored_and_sent() {
        let texts = |all: Vec<String>| all.join(" ");
        assert_eq!(
            texts(
                ExamStatus::ALL
                    .iter()
                    .map(|s| serde_json::to_string(s).unwrap())
                    .collect()
            ),
            r#""in_progress" "submitted" "abandoned""#
        );
        assert_eq!(
            texts(
                OptimizeStatus::ALL
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect()
            ),
            "optimized not_enough_reviews restored kept_previous"
        );
        assert_eq!(
            texts(UndoOp::ALL.iter().map(|s| s.as_str().to_string()).collect()),
            "answer suspend unsuspend bury flag forget set_due reschedule edit"
        );
        assert_eq!(
            texts(
                CardSourceKind::ALL
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect()
            ),
            "note facts sim quiz"
        );
    }
}
