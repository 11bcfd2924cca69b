//! The `photos` table. Writes take a transaction; reads a connection.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use shared::domain::TreatedArea;
use shared::journal::{Photo, TakenSource};

use super::ImportError;
use super::files::{PHOTOS_DIR, content_name};
use crate::store::query_error;

const COLUMNS: &str = "id, taken_utc_ms, taken_source, session_id, day_index, area, note, \
                       width, height, sha256, thumb_sha256, imported_utc_ms";

fn store_error(e: rusqlite::Error) -> ImportError {
    ImportError::Store(query_error(e))
}

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
        file: format!("{PHOTOS_DIR}/{}", content_name(&sha256)),
        thumb_file: format!("{PHOTOS_DIR}/{}", content_name(&thumb)),
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

pub fn find(conn: &Connection, id: i64) -> Result<Photo, ImportError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM photos WHERE id = ?1"), [id], from_row)
        .optional()
        .map_err(store_error)?
        .ok_or(ImportError::NoSuchPhoto(id))
}

pub fn id_with_sha(conn: &Connection, sha256: &str) -> Result<Option<i64>, ImportError> {
    conn.query_row("SELECT id FROM photos WHERE sha256 = ?1", [sha256], |r| r.get(0))
        .optional()
        .map_err(store_error)
}

/// The file names every row refers to.
pub fn referenced_files(conn: &Connection) -> Result<HashSet<String>, ImportError> {
    let mut statement =
        conn.prepare("SELECT sha256, thumb_sha256 FROM photos").map_err(store_error)?;
    let rows = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(store_error)?;
    let mut names = HashSet::new();
    for row in rows {
        let (full, thumb) = row.map_err(store_error)?;
        names.insert(content_name(&full));
        names.insert(content_name(&thumb));
    }
    Ok(names)
}

/// The row to insert: what the core decided plus what the pipeline measured.
pub struct NewRow<'a> {
    pub import: &'a shared::effects::photo::PhotoImport,
    pub note: Option<&'a str>,
    pub width: u32,
    pub height: u32,
    pub sha256: &'a str,
    pub thumb_sha256: &'a str,
    pub imported_utc_ms: i64,
}

pub fn insert(tx: &Transaction<'_>, row: &NewRow<'_>) -> Result<i64, ImportError> {
    tx.execute(
        "INSERT INTO photos (taken_utc_ms, taken_source, session_id, day_index, area, note, \
         width, height, sha256, thumb_sha256, imported_utc_ms) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
            row.imported_utc_ms
        ],
    )
    .map_err(store_error)?;
    Ok(tx.last_insert_rowid())
}

pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<(), ImportError> {
    let deleted = tx.execute("DELETE FROM photos WHERE id = ?1", [id]).map_err(store_error)?;
    if deleted == 0 {
        return Err(ImportError::NoSuchPhoto(id));
    }
    Ok(())
}
