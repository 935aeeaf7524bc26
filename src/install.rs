//! Where a built or installed Coldstart finds the files it ships with (the bundled notes and
//! question banks), one rule for the CLI and the desktop app.
//!
//! The `.deb` puts the binaries in `/usr/bin` and Tauri's resources in `/usr/lib/Coldstart`
//! (the product name), so from `/usr/bin/coldstart` the notes are at `../lib/Coldstart/content`.
//! A build tree or an unpacked folder keeps them beside the binary or a few levels up.

use std::path::{Path, PathBuf};

/// The folder under `lib/` where the package installs its resources (Tauri's product name).
pub const RESOURCE_DIR_NAME: &str = "Coldstart";

/// The shipped folder `name` for the executable at `exe`: `name/` in the executable's folder or
/// up to two levels above it, else `lib/Coldstart/name` under one of those; the first for which
/// `probe` holds.
pub fn shipped_dir(exe: &Path, name: &str, probe: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let ups: Vec<&Path> = exe.ancestors().skip(1).take(3).collect();
    let beside = ups.iter().map(|up| up.join(name));
    let installed = ups
        .iter()
        .map(|up| up.join("lib").join(RESOURCE_DIR_NAME).join(name));
    beside.chain(installed).find(|c| probe(c))
}

/// [`shipped_dir`] for the running executable.
pub(crate) fn shipped_dir_of_current_exe(name: &str, probe: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // An installed binary may be reached through a symlink; its real place decides.
    let exe = exe.canonicalize().unwrap_or(exe);
    shipped_dir(&exe, name, probe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn has_facts(p: &Path) -> bool {
        p.join("facts.toml").exists()
    }

    #[test]
    fn an_installed_cli_finds_the_package_resources() {
        let root = tempfile::tempdir().unwrap();
        let usr = root.path().join("usr");
        fs::create_dir_all(usr.join("bin")).unwrap();
        let content = usr.join("lib/Coldstart/content");
        fs::create_dir_all(&content).unwrap();
        fs::write(content.join("facts.toml"), "").unwrap();
        let found = shipped_dir(&usr.join("bin/coldstart"), "content", has_facts);
        assert_eq!(found.as_deref(), Some(content.as_path()));
    }

    #[test]
    fn a_folder_beside_the_binary_comes_before_the_package_one() {
        let root = tempfile::tempdir().unwrap();
        let tree = root.path().join("tree");
        for c in ["content", "target/release/lib/Coldstart/content"] {
            fs::create_dir_all(tree.join(c)).unwrap();
            fs::write(tree.join(c).join("facts.toml"), "").unwrap();
        }
        let found = shipped_dir(&tree.join("target/release/coldstart"), "content", has_facts);
        assert_eq!(found, Some(tree.join("content")));
    }

    #[test]
    fn nothing_found_is_none() {
        let root = tempfile::tempdir().unwrap();
        let exe = root.path().join("a/b/c/coldstart");
        assert_eq!(shipped_dir(&exe, "content", has_facts), None);
    }
}
