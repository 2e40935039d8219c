//! How a scenario file reaches the lab without the chapters' wasm carrying serde's JSON
//! reader (about 55 KB gzip of derived `Deserialize` code: `BENCHMARKS.md`).
//!
//! The import field (`crate::components::export_buttons`) parses a file through an [`ImportSlot`] in
//! context. Only the full build (`driftline-data`, `crate::data_page::slot::DataApp`, which
//! also holds "Your data") provides one. Without it, the field keeps the file in session
//! storage ([`stash`]) and reloads the page; the loader (`crate::prerender::entry`) sees the
//! kept file and starts the full build, whose slot takes the file back ([`take_stashed`]) and
//! imports it as if it had just been picked. From there the page stays on the full build.

use std::cell::RefCell;
use std::rc::Rc;

use crate::share::branch_file::Imported;
use crate::share::export::ImportError;

/// Session-storage key of a file kept across the reload (the loader reads it too).
pub const STASH_KEY: &str = "driftline.import";

/// A picked file: its name and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedFile {
    /// The file's name, as the reader's system gave it.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// Reads scenario files where the page can (see the module doc).
#[derive(Clone)]
pub struct ImportSlot {
    /// Parses a scenario or branch file.
    pub parse: fn(&str) -> Result<Imported, ImportError>,
    /// A file picked before the reload that brought the page here, not yet imported.
    pub stashed: Rc<RefCell<Option<PickedFile>>>,
}

impl PartialEq for ImportSlot {
    /// One slot per page: the same slot compares equal to itself only.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stashed, &other.stashed)
    }
}

/// The stored form: the name on the first line (line breaks in it become spaces), then
/// the text.
#[must_use]
pub fn encode(file: &PickedFile) -> String {
    format!("{}\n{}", file.name.replace(['\n', '\r'], " "), file.text)
}

/// The inverse of [`encode`]; `None` for a value without a name line.
#[must_use]
pub fn decode(stored: &str) -> Option<PickedFile> {
    let (name, text) = stored.split_once('\n')?;
    Some(PickedFile {
        name: name.to_owned(),
        text: text.to_owned(),
    })
}

#[cfg(target_arch = "wasm32")]
fn session_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

/// Keeps `file` for the full build and reloads into it.
///
/// # Errors
/// Session storage is missing or refused the write (a sandboxed frame, storage full); the
/// message says so, and nothing was reloaded.
pub fn stash_and_reload(file: &PickedFile) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = session_storage()
            .ok_or("this page may not use session storage, which the import needs")?;
        storage
            .set_item(STASH_KEY, &encode(file))
            .map_err(|_| "session storage refused the file (full or blocked)".to_owned())?;
        gloo::utils::window()
            .location()
            .reload()
            .map_err(|_| "the page could not reload into the importer".to_owned())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = file;
        Err("importing needs a browser".to_owned())
    }
}

/// Takes the kept file out of session storage, if there is one (it is removed, so a later
/// reload is a plain one).
#[must_use]
pub fn take_stashed() -> Option<PickedFile> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = session_storage()?;
        let stored = storage.get_item(STASH_KEY).ok().flatten()?;
        // A failed removal leaves the file to be imported again on the next reload.
        let _ = storage.remove_item(STASH_KEY);
        decode(&stored)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_file_reads_back_whole() {
        let file = PickedFile {
            name: "run\n1.json".to_owned(),
            text: "{\n  \"seed\": 7\n}\n".to_owned(),
        };
        let back = decode(&encode(&file)).unwrap();
        assert_eq!(back.name, "run 1.json");
        assert_eq!(back.text, file.text);
        assert_eq!(decode("no name line"), None);
        let empty = PickedFile {
            name: String::new(),
            text: String::new(),
        };
        assert_eq!(decode(&encode(&empty)), Some(empty));
    }
}
