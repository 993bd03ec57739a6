//! Enums stored as text columns (a place's status, a run's mode, ...). Each
//! has `as_str` (what is written) and `from_column` (what is read); this macro
//! adds the `TryFrom<String>` that `#[sqlx(try_from = "String")]` reads rows
//! with, so no status string travels past the store.

/// `text_column!(PlaceStatus, "place status")`: a row holding an unknown
/// value fails to decode, naming the column kind and the value.
macro_rules! text_column {
    ($type:ty, $what:literal) => {
        impl TryFrom<String> for $type {
            type Error = String;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::from_column(&value).ok_or_else(|| format!("unknown {} {value:?}", $what))
            }
        }
    };
}
pub(crate) use text_column;
