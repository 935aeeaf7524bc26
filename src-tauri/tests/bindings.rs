//! The generated TypeScript bindings and the permission lists follow the one command list in
//! `coldstart_desktop::bindings_builder`.
//!
//! `ui/src/lib/ipc/bindings.ts` is committed; when a command or an IPC type changes, regenerate it
//! with `COLDSTART_UPDATE_BINDINGS=1 cargo test -p coldstart-desktop --test bindings` (this test
//! fails until then).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn committed_path() -> PathBuf {
    root().join("../ui/src/lib/ipc/bindings.ts")
}

/// The bindings as generated now.
fn generate() -> String {
    let dir = std::env::temp_dir().join(format!("coldstart-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bindings.ts");
    coldstart_desktop::export_bindings(&path).expect("export bindings");
    let text = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// Command names the bindings invoke: `__TAURI_INVOKE<T>("list_notes", ...)`.
fn invoked(bindings: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in bindings.match_indices("__TAURI_INVOKE<") {
        let rest = &bindings[i..];
        let rest = &rest[rest.find("(\"").unwrap() + 2..];
        names.insert(rest[..rest.find('"').unwrap()].to_string());
    }
    names
}

#[test]
fn committed_bindings_are_current() {
    let fresh = generate();
    let path = committed_path();
    if std::env::var_os("COLDSTART_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: regenerate it with COLDSTART_UPDATE_BINDINGS=1 cargo test -p coldstart-desktop --test bindings",
        path.display()
    );
}

#[test]
fn permission_lists_name_every_command_and_no_other() {
    let commands = invoked(&generate());
    assert!(commands.len() > 30, "{commands:?}");

    // build.rs: AppManifest::new().commands(&["list_notes", ...])
    let build = std::fs::read_to_string(root().join("build.rs")).unwrap();
    let list = &build[build.find(".commands(&[").expect("commands list in build.rs")..];
    let list = &list[..list.find("])").unwrap()];
    let manifest: BTreeSet<String> = list.split('"').skip(1).step_by(2).map(str::to_string).collect();
    assert_eq!(
        manifest, commands,
        "src-tauri/build.rs lists other commands than the registry"
    );

    // capabilities/main.json: "allow-list-notes", ...
    let caps: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("capabilities/main.json")).unwrap())
            .unwrap();
    let allowed: BTreeSet<String> = caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(
        allowed, commands,
        "capabilities/main.json allows other commands than the registry"
    );
}
