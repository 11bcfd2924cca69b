//! The `photos` table: the journal's rows. The image files themselves are the photo handler's
//! (a directory on a phone); rows name them by content. Writes take a transaction; reads a
//! connection.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use shared::domain::TreatedArea;
use shared::effects::StoreError;
use shared::journal::{Photo, TakenSource};

use crate::errors::query_error;

/// The folder every photo's file name starts with (relative to the data dir on a phone).
pub const PHOTOS_DIR: &str = "photos";

/// The stored name of a file with this SHA-256.
pub fn content_name(sha256_hex: &str) -> String {
    format!("{sha256_hex}.jpg")
}

/// A stored file's name as rows give it, relative to the data dir: `photos/<sha256>.jpg`.
pub fn stored_file(sha256_hex: &str) -> String {
    format!("{PHOTOS_DIR}/{}", content_name(sha256_hex))
}

const COLUMNS: &str = "id, taken_utc_ms, taken_source, session_id, day_index, area, note, \
                       width, height, sha256, thumb_sha256, imported_utc_ms";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Photo> {
    let source: String = r.get(2)?;
    let area: Option<String> = r.get(5)?;
    let sha256: String = r.get(9)?;
    let thumb: String = r.get(10)?;
    Ok(Photo {
        id: r.get(0)?,
        taken_utc_ms: r.get(1)?,
        taken_source: TakenSource::from_key(&source).unwrap_or(TakenSource::ImportTime),
        session_id: r.get(3)?,
        day_index: r.get(4)?,
        area: area.as_deref().and_then(TreatedArea::from_key),
        note: r.get(6)?,
        width: r.get(7)?,
        height: r.get(8)?,
        file: stored_file(&sha256),
        thumb_file: stored_file(&thumb),
        sha256,
        imported_utc_ms: r.get(11)?,
    })
}

/// Every photo, in taken-at order (the journal's order).
pub fn load_all(conn: &Connection) -> rusqlite::Result<Vec<Photo>> {
    let mut statement =
        conn.prepare(&format!("SELECT {COLUMNS} FROM photos ORDER BY taken_utc_ms, id"))?;
    let rows = statement.query_map([], from_row)?;
    rows.collect()
}

/// The photo with this id, if there is one.
pub fn find(conn: &Connection, id: i64) -> Result<Option<Photo>, StoreError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM photos WHERE id = ?1"), [id], from_row)
        .optional()
        .map_err(query_error)
}

/// The id of the photo with this content, if one is stored.
pub fn id_with_sha(conn: &Connection, sha256: &str) -> Result<Option<i64>, StoreError> {
    conn.query_row("SELECT id FROM photos WHERE sha256 = ?1", [sha256], |r| r.get(0))
        .optional()
        .map_err(query_error)
}

/// The file names every row refers to.
pub fn referenced_files(conn: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut statement =
        conn.prepare("SELECT sha256, thumb_sha256 FROM photos").map_err(query_error)?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(query_error)?;
    let mut names = HashSet::new();
    for row in rows {
        let (full, thumb) = row.map_err(query_error)?;
        names.insert(content_name(&full));
        names.insert(content_name(&thumb));
    }
    Ok(names)
}

/// The row to insert: what the core decided plus what the pipeline measured.
pub struct NewRow<'a> {
    /// The id a moved record keeps; `None` for the next free one.
    pub id: Option<i64>,
    pub import: &'a shared::effects::photo::PhotoImport,
    pub note: Option<&'a str>,
    pub width: u32,
    pub height: u32,
    pub sha256: &'a str,
    pub thumb_sha256: &'a str,
    pub imported_utc_ms: i64,
}

/// Inserts the row; returns its id.
pub fn insert(conn: &Connection, row: &NewRow<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO photos (id, taken_utc_ms, taken_source, session_id, day_index, area, note, \
         width, height, sha256, thumb_sha256, imported_utc_ms) \
         VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            row.import.taken_utc_ms,
            row.import.taken_source.key(),
            row.import.session_id,
            row.import.day_index,
            row.import.area.map(TreatedArea::key),
            row.note,
            row.width,
            row.height,
            row.sha256,
            row.thumb_sha256,
            row.imported_utc_ms,
            row.id
        ],
    )
    .map_err(query_error)?;
    Ok(conn.last_insert_rowid())
}

/// Deletes the row; `false` when there was none with this id.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<bool, StoreError> {
    let deleted = tx.execute("DELETE FROM photos WHERE id = ?1", [id]).map_err(query_error)?;
    Ok(deleted > 0)
}
