//! Passerelle's desktop window: the Tauri shell.
//!
//! This crate only adapts: each command pulls its state, calls one function of
//! `passerelle_core` (or the preference store), and maps a failure to the wire error
//! `{code, message}` that `ui/ipc/core.js` turns into a JavaScript `Error`.

// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod archive;
mod crm;
mod disconnect;
mod erase;
mod export;
mod inbox;
mod instance;
mod media;
mod notes;
mod number_move;
mod onboarding;
mod opened;
mod people;
mod preferences;
mod session;
mod syncing;
mod tray;
mod whatsapp;
mod wire;

use tauri::Manager;

/// Keeps the log writer alive for the whole run (logs are flushed when it drops).
struct Logs(#[allow(dead_code)] Option<passerelle_core::logging::LogGuard>);

/// Starts logging to the app's log folder (and stderr in debug builds). A machine where the
/// folder cannot be written still opens the window: logs are a help, not a requirement.
fn start_logging(app: &tauri::App) -> Logs {
    let dir = match app.path().app_log_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("passerelle: no log folder ({e}); running without a log file");
            return Logs(None);
        }
    };
    match passerelle_core::logging::init(&dir, cfg!(debug_assertions)) {
        Ok(guard) => {
            tracing::info!(version = env!("CARGO_PKG_VERSION"), log_dir = %dir.display(), "Passerelle starting");
            Logs(Some(guard))
        }
        Err(e) => {
            eprintln!("passerelle: logging unavailable ({e}); running without a log file");
            Logs(None)
        }
    }
}

fn main() {
    let context = tauri::generate_context!("../../tauri.conf.json");
    let at_login = std::env::args().any(|a| a == tray::AUTOSTART_ARG);
    let primary = match instance::claim_at_start(&context.config().identifier, at_login) {
        instance::Claim::First(primary) => Some(primary),
        instance::Claim::Unguarded => None,
        // Another copy runs and now shows its window.
        instance::Claim::Running => return,
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![tray::AUTOSTART_ARG]),
        ))
        .setup(|app| {
            let logs = start_logging(app);
            app.manage(logs);
            let language = preferences::startup_language(app.handle());
            app.manage(preferences::CurrentLanguage::new(language));
            let data_dir = app.path().app_data_dir()?;
            app.manage(session::Session::new(data_dir));
            tray::install(app);
            if let Some(primary) = primary {
                instance::serve(primary, app.handle().clone());
            }
            Ok(())
        })
        .on_window_event(tray::on_window_event)
        .invoke_handler(tauri::generate_handler![
            preferences::get_preferences,
            preferences::set_language,
            onboarding::check_account,
            onboarding::confirm_account,
            onboarding::start_demo,
            syncing::start_sync,
            syncing::check_all_statuses,
            syncing::cancel_sync,
            inbox::current_archive,
            inbox::archive_overview,
            inbox::list_conversations,
            whatsapp::profile_form,
            whatsapp::sender_profiles,
            whatsapp::check_profile_draft,
            whatsapp::save_profile,
            whatsapp::logo_preview,
            whatsapp::list_templates,
            whatsapp::refresh_templates,
            whatsapp::check_template_draft,
            whatsapp::template_copy,
            whatsapp::submit_template,
            whatsapp::delete_template,
            notes::list_notes,
            notes::get_note,
            notes::convert_notes,
            notes::list_backups,
            notes::make_backup,
            notes::restore_backup,
            disconnect::disconnect_status,
            disconnect::disconnect_twilio,
            number_move::move_status,
            number_move::move_event,
            number_move::move_facts,
            number_move::move_check,
            number_move::move_ticket,
            number_move::move_finish,
            number_move::move_report,
            number_move::move_export,
            inbox::open_thread,
            inbox::mark_read,
            inbox::approved_templates,
            inbox::send_message,
            inbox::resend_message,
            inbox::link_conversation,
            inbox::unlink_conversation,
            inbox::suggest_links,
            people::list_users,
            people::add_user,
            people::switch_user,
            people::set_visibility,
            people::list_contacts,
            people::create_contact,
            people::preview_import,
            people::import_records,
            people::sync_interval,
            people::set_sync_interval,
            crm::crm_status,
            crm::crm_connect,
            crm::crm_import,
            crm::crm_push,
            crm::crm_cancel,
            crm::crm_disconnect,
            archive::search_archive,
            archive::search_notes,
            archive::archive_insights,
            archive::save_insights_csv,
            erase::erase_preview,
            erase::erase_customer,
            opened::open_archive_file,
            opened::close_archive_file,
            opened::opened_archive,
            people::rename_user,
            people::remove_user,
            people::set_user_pin,
            people::audit_log,
            people::list_opportunities,
            people::create_opportunity,
            people::delete_record,
            people::update_contact,
            people::update_opportunity,
            people::record_page,
            inbox::media_image,
            inbox::open_media,
            inbox::notifications_enabled,
            inbox::set_notifications,
            media::media_status,
            media::move_media,
            media::cancel_media_move,
            export::export_choices,
            export::export_suggested_path,
            export::start_export,
            export::cancel_export,
            tray::background_status,
            tray::set_start_at_login,
            tray::quit_app,
        ])
        .run(context)
        .expect("the Passerelle window could not start (is a graphical session available?)");
}
