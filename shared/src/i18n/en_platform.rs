//! English for the words the platform shows (keys in `platform.rs`).

use super::platform::PlatformWords;

pub(super) const PLATFORM: PlatformWords = PlatformWords {
    camera_usage: "Afterglow takes progress photos of your treated skin. They stay on this iPhone.",
    photo_library_usage: "Choose progress photos to add to your journal. Only the photos you pick \
                          are read.",
    face_id_usage: "Face ID unlocks Afterglow when you have turned on the app lock.",
    reminder_channel_name: "Aftercare reminders",
    reminder_channel_description: "Skincare steps, check-ins and when restrictions end",
};
