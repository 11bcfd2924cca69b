//! Integration tests: the real server on loopback, driven over HTTP.

// Helpers here are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod alert_routing;
mod alerts;
mod api;
mod api_v2;
mod at_rest;
mod attacks;
mod audit;
mod cli;
mod clinics_cli;
mod db_crypto;
mod device_access;
mod erasure;
mod fhir_export;
mod fhir_gate;
mod fhir_parity;
mod harness;
mod key_files;
mod lockout;
mod mfa;
mod migrate;
mod pg;
mod photo_crypto;
mod photo_decode;
mod portal;
mod postgres;
mod proxy;
mod quotas;
mod replies;
mod restore_drill;
mod roles;
mod secure_default;
mod session_hygiene;
mod settings_page;
mod slow_clients;
mod smtp_sink;
mod staff;
mod staff_page;
mod tenancy;
mod webapp;
