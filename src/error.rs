//! The errors [`crate::clean`] can return. Everything else becomes a [`crate::Warning`].

use std::fmt;

/// Why no article could be produced at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`crate::Options::max_input_bytes`].
    InputTooLarge {
        /// Size of the input in bytes.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InputTooLarge { len, max } => write!(
                f,
                "input is {len} bytes, larger than the configured maximum of {max} bytes"
            ),
        }
    }
}

impl std::error::Error for Error {}
