//! Passerelle's product core. Knows nothing of Tauri or of the UI.
