//! Both backends store times as RFC 3339 UTC text with milliseconds, which sorts as text.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::StoreError;

pub(crate) fn fmt(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("stored time: {e}")))
}

pub(crate) fn parse_opt(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(parse).transpose()
}
