//! Build script of the Tauri shell.
//!
//! `tauri.conf.json` lives at the repository root (the product owner asked for it there), two
//! levels above this crate; without `config_path` tauri-build looks for
//! `src-tauri/app/tauri.conf.json` and fails with "unable to read Tauri config file". Relative
//! paths inside the config (`frontendDist: "ui"`, `icons/…`) then resolve from the root.
//! Capabilities stay in their default place, `src-tauri/app/capabilities/`.
fn main() {
    println!("cargo:rerun-if-changed=../../tauri.conf.json");
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../../tauri.conf.json"))
        .expect("tauri-build failed: is tauri.conf.json at the repository root?");
}
