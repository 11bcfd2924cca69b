//! An error as the model keeps it until the next event clears it: its kind and its words in
//! every language, worded when it happens, so an error already on screen follows a switch of
//! language instead of staying in the one it was raised in.

use super::{ErrorKind, ErrorView};
use crate::i18n::Language;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    kind: ErrorKind,
    words: [String; Language::ALL.len()],
}

impl Failure {
    /// `words` gives the message in a language; text that is not translated (a clinic's own
    /// words, a parser's detail for the clinic) is the same in each.
    pub(crate) fn new(kind: ErrorKind, words: impl Fn(Language) -> String) -> Self {
        Self { kind, words: Language::ALL.map(words) }
    }

    pub(crate) fn view(&self, language: Language) -> ErrorView {
        let index = Language::ALL.iter().position(|l| *l == language).unwrap_or_default();
        ErrorView { kind: self.kind, message: self.words[index].clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_reads_the_language_asked_for() {
        let failure = Failure::new(ErrorKind::Invalid, |l| l.tag().to_owned());
        assert_eq!(failure.view(Language::En).message, "en");
        assert_eq!(failure.view(Language::Es).message, "es");
        assert_eq!(failure.view(Language::Es).kind, ErrorKind::Invalid);
    }
}
