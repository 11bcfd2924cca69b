//! One request to the clinic, as the steps build it and a transport sends it.

/// POST for enrolling and uploads, DELETE for ending the device's access, GET for answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// No body (GET, DELETE).
    Empty,
    /// `Content-Type: application/json`.
    Json(String),
    /// A journal photo as stored (oriented and stripped at import): `Content-Type: image/jpeg`
    /// and `X-Content-SHA256: sha256_hex`, the digest of these bytes.
    Jpeg { bytes: Vec<u8>, sha256_hex: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    pub method: Method,
    pub url: String,
    /// Sent as `Authorization: Bearer …`.
    pub token: Option<&'a str>,
    /// Sent as `Idempotency-Key`.
    pub idempotency_key: Option<&'a str>,
    pub body: Body,
}
