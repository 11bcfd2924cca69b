//! The catalogue's keys for words the operating system shows for the app, outside its screens:
//! iOS's permission prompts (the Info.plist usage descriptions) and Android's notification
//! channel. The system reads them from the app's own string files, before or without the core
//! running, so `cargo run -p shared_types -- platform-strings .` writes them there
//! (`shared_types/src/platform_strings.rs`, whose test fails when a committed file differs).

use serde::Serialize;

use super::{Language, en_platform, es_platform};

#[derive(Serialize, Debug)]
pub struct PlatformWords {
    /// iOS asks before the camera opens (`NSCameraUsageDescription`).
    pub camera_usage: &'static str,
    /// iOS asks before the photo library is read (`NSPhotoLibraryUsageDescription`).
    pub photo_library_usage: &'static str,
    /// iOS asks before Face ID is used for the app lock (`NSFaceIDUsageDescription`).
    pub face_id_usage: &'static str,
    /// Android's notification settings list the reminders under this name.
    pub reminder_channel_name: &'static str,
    pub reminder_channel_description: &'static str,
}

impl Language {
    /// The words the platform shows for the app in this language.
    pub fn platform_words(self) -> &'static PlatformWords {
        match self {
            Self::En => &en_platform::PLATFORM,
            Self::Es => &es_platform::PLATFORM,
        }
    }
}
