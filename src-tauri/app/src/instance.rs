//! One Passerelle per user: a second start (the launcher clicked while Passerelle runs in the
//! tray, or the login item firing again) hands over to the running one — which shows its
//! window — and exits. Two copies would run two syncs against one archive and show two inboxes.
//!
//! The election is an advisory lock on a file in the app's data folder: the kernel releases it
//! when its holder dies, so a crash or a kill never leaves Passerelle refusing to start. The
//! running copy listens on a Unix socket named after that folder (so two user profiles — or two
//! test profiles — never see each other) for one word: `show`, or `quiet` from a start at login,
//! which must not pop the window up. Other systems than Unix run without the guard.

use std::path::{Path, PathBuf};

/// What a start learned about other copies of Passerelle.
pub enum Claim {
    /// This copy is the only one: it keeps the lock and serves wake-ups.
    First(Primary),
    /// Another copy runs and was told to show itself: this one exits.
    Running,
    /// The lock could not be taken (no data folder, an unwritable one): this copy runs
    /// unguarded rather than not at all.
    Unguarded,
}

/// The lock and the socket of the copy that runs; dropping it would free the election, so it
/// lives as long as the app.
pub struct Primary {
    #[cfg(unix)]
    lock: passerelle_core::file_lock::FileLock,
    #[cfg(unix)]
    listener: std::os::unix::net::UnixListener,
}

/// The word a second start sends: `show` normally, `quiet` when it was started at login.
fn wake_word(started_at_login: bool) -> &'static [u8] {
    if started_at_login {
        b"quiet\n"
    } else {
        b"show\n"
    }
}

/// Where the running copy listens: the user's runtime folder when there is one (private to the
/// user, emptied at logout), named by a hash of the data folder. Socket paths are limited to
/// about 100 bytes, which a data folder deep in a home folder may exceed.
fn socket_path(data_dir: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    let name = format!("passerelle-{:016x}.sock", hasher.finish());
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_dir())
        .unwrap_or_else(|| data_dir.to_path_buf());
    let path = base.join(&name);
    if path.as_os_str().len() < 100 {
        path
    } else {
        std::env::temp_dir().join(name)
    }
}

/// Claims this user's copy of the app `identifier` at start-up, before any window opens:
/// the lock lives in the data folder Tauri gives the app (`app_data_dir`).
pub fn claim_at_start(identifier: &str, started_at_login: bool) -> Claim {
    let Some(data_dir) = dirs::data_dir().map(|dir| dir.join(identifier)) else {
        return Claim::Unguarded;
    };
    claim(&data_dir, started_at_login).unwrap_or_else(|e| {
        eprintln!("passerelle: could not check for another running copy ({e}); starting anyway");
        Claim::Unguarded
    })
}

/// Takes the lock in `data_dir`, or wakes the copy that holds it.
#[cfg(unix)]
fn claim(data_dir: &Path, started_at_login: bool) -> std::io::Result<Claim> {
    use std::io::ErrorKind;
    use std::os::unix::net::UnixListener;

    std::fs::create_dir_all(data_dir)?;
    let socket = socket_path(data_dir);
    let Some(lock) = passerelle_core::file_lock::try_lock(&data_dir.join("passerelle.lock"))?
    else {
        wake(&socket, started_at_login)?;
        return Ok(Claim::Running);
    };
    // We hold the lock: any socket file left there belongs to a copy that died.
    match std::fs::remove_file(&socket) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = UnixListener::bind(&socket)?;
    Ok(Claim::First(Primary { lock, listener }))
}

/// Without Unix sockets and `flock`, every start runs (no guard).
#[cfg(not(unix))]
fn claim(_data_dir: &Path, _started_at_login: bool) -> std::io::Result<Claim> {
    Ok(Claim::First(Primary {}))
}

/// Tells the running copy to show itself. It may still be starting (lock taken, socket not yet
/// bound): a few tries over two seconds.
#[cfg(unix)]
fn wake(socket: &Path, started_at_login: bool) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::net::UnixStream;

    let mut last = None;
    for _ in 0..20 {
        match UnixStream::connect(socket) {
            Ok(mut stream) => return stream.write_all(wake_word(started_at_login)),
            Err(e) => last = Some(e),
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no answer")))
}

/// Serves wake-ups for the life of the app: `show` brings the window back (from the tray,
/// minimised or behind others).
#[cfg(unix)]
pub fn serve(primary: Primary, app: tauri::AppHandle) {
    use std::io::{BufRead, BufReader};

    std::thread::spawn(move || {
        // The lock stays held for as long as this thread runs: the life of the app.
        let Primary { lock, listener } = primary;
        for stream in listener.incoming().flatten() {
            let mut word = String::new();
            // A line of a few bytes: anything longer is not one of ours.
            let mut reader = BufReader::new(std::io::Read::take(stream, 16));
            if reader.read_line(&mut word).is_err() {
                continue;
            }
            match word.trim() {
                "show" => {
                    tracing::info!("Passerelle was started again: showing the window");
                    crate::tray::show_window(&app);
                }
                "quiet" => tracing::info!("started at login while already running: nothing to do"),
                _ => {}
            }
        }
        drop(lock);
    });
}

#[cfg(not(unix))]
pub fn serve(_primary: Primary, _app: tauri::AppHandle) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_at_login_never_pops_the_window_up() {
        assert_eq!(wake_word(false), b"show\n");
        assert_eq!(wake_word(true), b"quiet\n");
    }

    #[test]
    fn each_data_folder_has_its_own_short_socket() {
        let a = socket_path(Path::new(
            "/tmp/passerelle-test/ana/share/eu.passerelle.desktop",
        ));
        let b = socket_path(Path::new(
            "/tmp/passerelle-test/bob/share/eu.passerelle.desktop",
        ));
        assert_ne!(a, b);
        let deep = "/x".repeat(200);
        assert!(socket_path(Path::new(&deep)).as_os_str().len() < 108);
    }

    #[cfg(unix)]
    #[test]
    fn a_second_claim_wakes_the_first_which_hears_show() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("passerelle-instance-{}", std::process::id()));
        let Claim::First(primary) = claim(&dir, false).expect("first claim") else {
            panic!("the first start must be the first");
        };
        let listener = primary.listener.try_clone().expect("listener");
        let heard = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("a wake-up");
            let mut word = String::new();
            stream.read_to_string(&mut word).expect("its word");
            word
        });
        assert!(matches!(claim(&dir, false), Ok(Claim::Running)));
        assert_eq!(heard.join().expect("listener thread"), "show\n");
        drop(primary);
        // The lock is free again once the first copy is gone: the next start runs.
        assert!(matches!(claim(&dir, true), Ok(Claim::First(_))));
        let _ = std::fs::remove_file(socket_path(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
