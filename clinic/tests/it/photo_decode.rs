//! Review M6: a photo is decoded in full before it is stored. A file of zeros behind a valid
//! header and a 49-byte file claiming 8064×6048 pass the header walk but are refused, and
//! nothing is stored; a real JPEG is stored.

use crate::harness::{Server, jpeg};

/// A header the structure checks accept, claiming 8064×6048, with no image data.
fn tiny_claiming_48_mp() -> Vec<u8> {
    let mut claim = vec![0xFF, 0xD8];
    claim.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0x17, 0xA0, 0x1F, 0x80, 3]);
    claim.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    claim.extend([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
    claim.extend([0xFF, 0xD9]);
    claim
}

/// The test JPEG's headers and tables with its scan data replaced by zeros, to `len` bytes.
fn zeros_as_jpeg(len: usize) -> Vec<u8> {
    let real = jpeg();
    let sos = real.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let scan = sos + 2 + usize::from(u16::from_be_bytes([real[sos + 2], real[sos + 3]]));
    let mut v = real[..scan].to_vec();
    v.resize(len - 2, 0);
    v.extend([0xFF, 0xD9]);
    v
}

#[tokio::test]
async fn undecodable_photos_are_refused_and_nothing_is_stored() {
    let server = Server::start().await;
    let p = server.patient("Ann Example").await;
    let claim = tiny_claiming_48_mp();
    assert!(claim.len() <= 49, "{}", claim.len());
    let zeros = zeros_as_jpeg(15 * 1024 * 1024 - 1024);
    for (key, bytes) in [("key-claim-01", claim), ("key-zeros-01", zeros)] {
        let response = server.upload_photo(&p.token, key, "image/jpeg", bytes).await;
        assert_eq!(response.status(), 415, "{key}");
    }
    assert!(server.detail(&p.id).unwrap().unwrap().photos.is_empty());
    let photo_dir = server.dir.path().join("clinic.db.photos");
    assert_eq!(std::fs::read_dir(&photo_dir).unwrap().count(), 0, "no file either");
    let response = server.upload_photo(&p.token, "key-real-01", "image/jpeg", jpeg()).await;
    assert_eq!(response.status(), 201);
}
