//! What reaches Swift and Kotlin: the render and local notifications, nothing else. The mobile
//! library carries out storage, photos and the clinic in Rust (its middleware, in
//! `ffi/src/bridge.rs`) and narrows the core's [`Effect`] to this type after them, so the native
//! shells' `when`/`switch` has one arm per effect they really handle and the bridge types they
//! are generated from (`shared_types`) have no others. The web shell, which has no middleware,
//! keeps the whole [`Effect`].

use crux_core::{macros::effect, render::RenderOperation};

use super::{Effect, NotifyOperation};

#[effect(facet_typegen)]
#[derive(Debug)]
pub enum NativeEffect {
    Render(RenderOperation),
    Notify(NotifyOperation),
}

impl From<Effect> for NativeEffect {
    /// Only ever given what the middleware below passed on: each of their layers takes every
    /// effect of its kind (crux's `HandleEffectLayer` intercepts by type, not by choice), so the
    /// other arms cannot be reached in the mobile library. Built elsewhere, they would be a
    /// wiring mistake, reported as loudly as crux's own narrowing does.
    fn from(effect: Effect) -> Self {
        match effect {
            Effect::Render(request) => Self::Render(request),
            Effect::Notify(request) => Self::Notify(request),
            Effect::Store(_) | Effect::Photo(_) | Effect::Clinic(_) => {
                unreachable!("an effect the mobile library handles in Rust reached the narrowing")
            }
        }
    }
}
