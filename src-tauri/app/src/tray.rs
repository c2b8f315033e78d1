//! Passerelle in the background: the system tray icon (Open Passerelle, Sync now, Quit), the
//! window that hides instead of closing while that icon exists, the confirmed quit, and the
//! "start at login" switch (tauri-plugin-autostart).
//!
//! The tray is optional by design. Many Linux desktops have no tray host (GNOME without its
//! AppIndicator extension, a CI display under Xvfb), and `libayatana-appindicator3` may be
//! missing — its loader then panics. So the icon is built only when a host is there, inside
//! `catch_unwind`, and when it cannot be built closing the window quits, exactly as before:
//! hiding a window nobody can bring back would look like a crash that keeps syncing. A window
//! driven by WebDriver (the end-to-end tests) does not hide either, unless the tray is forced:
//! ending a session should end the app.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use passerelle_core::{Code, ErrorBody, Lang};
use serde::Serialize;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, State, Window, WindowEvent, Wry};
use tauri_plugin_autostart::ManagerExt;

use crate::preferences::CurrentLanguage;
use crate::wire::Answer;

/// Set to `1` to run without a tray icon even where the desktop shows one (closing the window
/// then quits): a way out on a desktop whose tray misbehaves.
pub const NO_TRAY_ENV: &str = "PASSERELLE_NO_TRAY";

/// Set to `1` to build the tray icon even where no StatusNotifier host answers: desktops with
/// an old XEmbed tray only (the library falls back to it), and the end-to-end test of the
/// hidden window.
pub const FORCE_TRAY_ENV: &str = "PASSERELLE_FORCE_TRAY";

/// The argument the login item starts Passerelle with: it then opens in the tray only.
pub const AUTOSTART_ARG: &str = "--autostart";

/// Event the page gets when the user picks "Quit": it asks for a confirmation, then calls
/// [`quit_app`].
pub const QUIT_REQUESTED: &str = "quit-requested";

const MAIN_WINDOW: &str = "main";
const OPEN_ID: &str = "tray-open";
const SYNC_ID: &str = "tray-sync";
const QUIT_ID: &str = "tray-quit";

/// The tray icon's menu items (kept to relabel them when the language changes; `None` when
/// this desktop has no tray), and whether closing the window hides it.
pub struct Tray {
    items: Mutex<Option<[MenuItem<Wry>; 3]>>,
    hides_on_close: bool,
}

/// Whether a WebDriver session drives this window (tauri-driver sets this for the app). Ending
/// such a session closes the window and expects the app to end, so it hides in a tray only
/// when the tray is forced (the tray's own tests).
fn under_automation() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").is_ok_and(|v| v == "true")
}

/// The menu's labels in `lang`, in menu order.
fn labels(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("Ouvrir Passerelle", "Open Passerelle"),
        lang.pick("Synchroniser maintenant", "Sync now"),
        lang.pick("Quitter", "Quit"),
    ]
}

/// Builds the tray icon when this desktop can show one, and manages [`Tray`] either way.
/// Never fails: without a tray, Passerelle behaves as a plain window.
pub fn install(app: &tauri::App) {
    let items = if env_is_one(NO_TRAY_ENV) {
        tracing::info!("{NO_TRAY_ENV}=1: no tray icon, closing the window quits");
        None
    } else if !host_available() && !env_is_one(FORCE_TRAY_ENV) {
        tracing::info!("no system tray on this desktop: closing the window quits");
        None
    } else {
        let lang = app.state::<CurrentLanguage>().get();
        match catch_unwind(AssertUnwindSafe(|| build(app, lang))) {
            Ok(Ok(items)) => Some(items),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the tray icon could not be built: closing the window quits");
                None
            }
            Err(_) => {
                tracing::warn!("the tray library is missing (libayatana-appindicator3?): closing the window quits");
                None
            }
        }
    };
    // A forced tray is asked for by the tray's own tests, which close the window on purpose.
    let hides_on_close = items.is_some() && (!under_automation() || env_is_one(FORCE_TRAY_ENV));
    if items.is_some() && !hides_on_close {
        tracing::info!("driven by WebDriver: closing the window quits despite the tray");
    }
    app.manage(Tray {
        items: Mutex::new(items),
        hides_on_close,
    });
    if hides_on_close && std::env::args().any(|a| a == AUTOSTART_ARG) {
        // Started at login: sync and notify from the tray, without opening a window.
        if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
            let _ = window.hide();
        }
    }
}

fn env_is_one(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

fn build(app: &tauri::App, lang: Lang) -> tauri::Result<[MenuItem<Wry>; 3]> {
    let [open, sync, quit] = labels(lang);
    let items = [
        MenuItem::with_id(app, OPEN_ID, open, true, None::<&str>)?,
        MenuItem::with_id(app, SYNC_ID, sync, true, None::<&str>)?,
        MenuItem::with_id(app, QUIT_ID, quit, true, None::<&str>)?,
    ];
    let menu = Menu::with_items(app, &[&items[0], &items[1], &items[2]])?;
    let mut tray = TrayIconBuilder::with_id("passerelle")
        .menu(&menu)
        .tooltip("Passerelle")
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    tracing::info!("tray icon ready: closing the window keeps Passerelle running");
    Ok(items)
}

fn on_menu(app: &AppHandle, id: &str) {
    match id {
        OPEN_ID => show_window(app),
        SYNC_ID => sync_now(app.clone()),
        QUIT_ID => {
            // The confirmation lives in the window, in the user's language.
            show_window(app);
            let _ = app.emit(QUIT_REQUESTED, ());
        }
        _ => {}
    }
}

/// Shows the main window again (from the tray, or when Passerelle is started a second time).
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Starts the same sync as the window's button; its outcome arrives as the usual events.
fn sync_now(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let started = crate::syncing::start_sync(app.clone(), app.state(), app.state()).await;
        if let Err(body) = started {
            let _ = app.emit("sync-failed", body);
        }
    });
}

/// Closing the main window hides it while the tray icon exists (sync and notifications go
/// on); without a tray it closes and Passerelle quits, as a plain window does.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == MAIN_WINDOW && window.state::<Tray>().hides_on_close {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

/// Relabels the tray menu after the user picked another language.
pub fn relabel(app: &AppHandle, lang: Lang) {
    let Some(tray) = app.try_state::<Tray>() else {
        return;
    };
    let items = tray.items.lock().unwrap_or_else(|p| p.into_inner());
    for (item, label) in items.iter().flatten().zip(labels(lang)) {
        let _ = item.set_text(label);
    }
}

/// What Settings shows about running in the background.
#[derive(Debug, Serialize)]
pub struct Background {
    /// A tray icon exists and closing the window keeps Passerelle running.
    pub tray: bool,
    /// Passerelle starts when the user logs in.
    pub start_at_login: bool,
}

/// Whether a tray icon exists and whether Passerelle starts at login.
#[tauri::command]
pub fn background_status(
    app: AppHandle,
    tray: State<'_, Tray>,
    lang: State<'_, CurrentLanguage>,
) -> Answer<Background> {
    let start_at_login = app
        .autolaunch()
        .is_enabled()
        .map_err(|e| login_item_error(lang.get(), &e))?;
    Ok(Background {
        tray: tray.hides_on_close,
        start_at_login,
    })
}

/// Starts Passerelle at login (or stops doing so); answers the new state.
#[tauri::command]
pub fn set_start_at_login(
    on: bool,
    app: AppHandle,
    lang: State<'_, CurrentLanguage>,
) -> Answer<bool> {
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(|e| login_item_error(lang.get(), &e))?;
    tracing::info!(on, "start at login changed");
    launcher
        .is_enabled()
        .map_err(|e| login_item_error(lang.get(), &e))
}

/// Quits Passerelle after the user confirmed (messages then wait at Twilio).
#[tauri::command]
pub fn quit_app(app: AppHandle) {
    tracing::info!("quit from the tray, confirmed");
    app.exit(0);
}

fn login_item_error(lang: Lang, error: &tauri_plugin_autostart::Error) -> ErrorBody {
    tracing::warn!(%error, "the login item could not be changed");
    ErrorBody {
        code: Code::Io,
        message: lang
            .pick(
                "Impossible de modifier le démarrage à l'ouverture de session sur cet ordinateur.",
                "Starting at login could not be changed on this computer.",
            )
            .into(),
    }
}

/// Whether this desktop shows tray icons. Linux: a StatusNotifier host registered on the
/// session bus (KDE, XFCE, Cinnamon, GNOME with the AppIndicator extension). Asking the bus
/// first also keeps the appindicator library unloaded where it would be of no use.
#[cfg(target_os = "linux")]
fn host_available() -> bool {
    use gtk::gio;
    use gtk::glib::{ToVariant, VariantTy};

    // Without a session bus, GIO would try to autolaunch one: there is no tray host anyway.
    let runtime_bus = std::env::var_os("XDG_RUNTIME_DIR")
        .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists());
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() && !runtime_bus {
        return false;
    }
    let Ok(bus) = gio::bus_get_sync(gio::BusType::Session, gio::Cancellable::NONE) else {
        return false;
    };
    bus.call_sync(
        Some("org.freedesktop.DBus"),
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "NameHasOwner",
        Some(&("org.kde.StatusNotifierWatcher",).to_variant()),
        Some(VariantTy::new("(b)").expect("a valid type string")),
        gio::DBusCallFlags::NONE,
        1000,
        gio::Cancellable::NONE,
    )
    .ok()
    .and_then(|reply| reply.get::<(bool,)>())
    .is_some_and(|(owned,)| owned)
}

/// Windows and macOS always have a notification area / menu bar.
#[cfg(not(target_os = "linux"))]
fn host_available() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_in_both_languages() {
        assert_eq!(
            labels(Lang::Fr),
            ["Ouvrir Passerelle", "Synchroniser maintenant", "Quitter"]
        );
        assert_eq!(labels(Lang::En), ["Open Passerelle", "Sync now", "Quit"]);
    }
}
