//! The photo-progress journal: photos grouped by session and day, the reference ("ghost") photo
//! per area, and the comparison of any two photos.

mod photo;

pub use photo::{Photo, TakenSource};
