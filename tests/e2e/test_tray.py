"""Passerelle in the background, on the real window: Settings → "Start Passerelle when I log in"
goes through the real autostart plugin (the login item appears in ~/.config/autostart and goes
away again, and a restart reads it back); the tests' private session bus has no tray host, so
no tray is built and closing quits. With the tray forced (as on an XEmbed-only desktop) the icon
is built without a crash, the tray's Quit asks first in the window and quits only once
confirmed, closing the window (as its close button does) hides it and keeps Passerelle
running, and starting Passerelle again shows that window instead of a second copy."""
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from conftest import app_binary, app_processes, end_process, launch, scroll_to, strings
from Xlib import X, display as xdisplay, protocol

EN, FR = strings("en"), strings("fr")


def open_settings(app):
    # The hash router shows any screen by its address; Settings needs no archive for this card.
    app.driver.execute_script("location.hash = '#/settings'")
    app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#settings-start-at-login[data-loaded=true]"),
             "the start-at-login switch never loaded")


def click_switch(app):
    """Clicks the start-at-login switch once the page stopped moving (the other Settings cards
    load on their own and push it down: a click aimed before that lands beside it)."""
    app.driver.execute_script("document.getElementById('settings-startup').scrollIntoView({block: 'center'})")
    box = app.find("#settings-start-at-login")
    before = None
    deadline = time.monotonic() + 10
    while box.rect != before and time.monotonic() < deadline:
        before = box.rect
        time.sleep(0.5)
    was = box.is_selected()
    box.click()
    app.wait(lambda d: box.is_selected() != was, "the switch did not change")


def log_text(profile) -> str:
    """The app's log (passerelle.YYYY-MM-DD.log in its log folder)."""
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(profile.app_data.glob("logs/passerelle*")))


def wait_until(condition, message, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


def test_start_at_login_writes_and_removes_the_login_item(profile):
    # auto-launch writes to $HOME/.config/autostart (it ignores XDG_CONFIG_HOME): a private HOME.
    env = {"HOME": str(profile.root)}
    item = profile.root / ".config" / "autostart" / "Passerelle.desktop"
    with launch(profile, locale="fr_FR.UTF-8", extra_env=env) as app:
        open_settings(app)
        assert not app.find("#settings-start-at-login").is_selected(), "Passerelle does not start at login until asked"
        # No StatusNotifier host on the tests' own session bus: no tray, closing quits, Settings says so.
        assert app.inner_text("#settings-close-hint") == FR["startup.close_quits"]
        assert "no system tray on this desktop" in log_text(profile)
        assert app.inner_text("#settings-startup-title") == FR["startup.title"]
        click_switch(app)
        wait_until(item.exists, f"the login item never appeared at {item}")
        text = item.read_text(encoding="utf-8")
        assert f"Exec={app_binary()} --autostart" in text, text
        assert "Name=Passerelle" in text, text
        app.wait(lambda d: app.find("#settings-start-at-login").is_enabled(), "the switch stayed disabled")
        scroll_to(app, "#settings-startup")
        app.screenshot("tray-settings-startup-fr")
    # A restart reads the login item back, then turning it off removes the file.
    with launch(profile, locale="en_GB.UTF-8", extra_env=env) as app:
        open_settings(app)
        assert app.find("#settings-start-at-login").is_selected(), "a restart forgot that Passerelle starts at login"
        click_switch(app)
        wait_until(lambda: not item.exists(), "the login item was not removed")
        app.wait(lambda d: not app.find("#settings-start-at-login").is_selected(), "the switch stayed on")
        # No tray here: the close button quits, as a plain window does.
        [pid] = app_processes(profile)
        close_like_a_user(pid)
        wait_until(lambda: not app_processes(profile), "without a tray, closing the window did not quit")
        app.driver.execute_script = lambda *a, **k: []


def test_the_trays_quit_asks_first_and_quits_once_confirmed(profile):
    env = {"HOME": str(profile.root), "PASSERELLE_FORCE_TRAY": "1"}
    with launch(profile, locale="fr_FR.UTF-8", extra_env=env) as app:
        open_settings(app)
        # The tray was built (no panic, no missing library): closing the window would hide it.
        log = log_text(profile)
        assert "tray icon ready" in log, log[-2000:]
        assert app.inner_text("#settings-close-hint") == FR["startup.close_keeps"]
        [pid] = app_processes(profile)
        # What the tray's Quit sends; the page asks first.
        app.driver.execute_script("window.__TAURI__.event.emit('quit-requested')")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#quit-confirm"), "Quit asked nothing")
        assert app.inner_text("#quit-text") == FR["quit.text"]
        app.screenshot("tray-quit-confirm-fr")
        app.find("#quit-cancel").click()
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#quit-confirm")
        assert app_processes(profile) == [pid], "Keep running must keep Passerelle running"
        app.driver.execute_script("window.__TAURI__.event.emit('quit-requested')")
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#quit-confirm-button"), "Quit asked nothing")
        try:
            app.find("#quit-confirm-button").click()
        except WebDriverException:
            pass  # the app may quit before WebKit answers the click
        wait_until(lambda: not os.path.exists(f"/proc/{pid}") or pid not in app_processes(profile),
                   "the app did not quit after the confirmation")
        # The session's window is gone: skip the CSP check's script call in launch's exit.
        app.driver.execute_script = lambda *a, **k: []


def app_window(pid: int):
    """The app's top-level X window (GTK marks it with _NET_WM_PID; Xvfb has no window manager,
    so it is a child of the root window)."""
    screen = xdisplay.Display()
    pid_atom = screen.intern_atom("_NET_WM_PID")
    for window in screen.screen().root.query_tree().children:
        prop = window.get_full_property(pid_atom, X.AnyPropertyType)
        # GTK's hidden client-leader window carries the pid too: the title tells the real one.
        if prop and prop.value[0] == pid and window.get_wm_name() == "Passerelle":
            return screen, window
    raise AssertionError(f"no window of process {pid}")


def close_like_a_user(pid: int) -> None:
    """What the window's close button does: a polite WM_DELETE_WINDOW request (the app may
    refuse it, which is the point), not a destruction of the window."""
    screen, window = app_window(pid)
    protocols = screen.intern_atom("WM_PROTOCOLS")
    delete = screen.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(window=window, client_type=protocols,
                                         data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    window.send_event(event)
    screen.flush()


def window_shown(pid: int) -> bool:
    screen, window = app_window(pid)
    return window.get_attributes().map_state == X.IsViewable


def test_with_a_tray_closing_hides_the_window_and_starting_again_shows_it(profile):
    """A start at login while it runs stays quiet; the launcher shows the hidden window."""
    env = {"HOME": str(profile.root), "PASSERELLE_FORCE_TRAY": "1"}
    with launch(profile, locale="fr_FR.UTF-8", extra_env=env) as app:
        open_settings(app)
        assert app.inner_text("#settings-close-hint") == FR["startup.close_keeps"]
        [pid] = app_processes(profile)
        assert window_shown(pid)
        close_like_a_user(pid)
        wait_until(lambda: not window_shown(pid), "closing the window did not hide it")
        time.sleep(1)
        assert app_processes(profile) == [pid], "closing the window ended Passerelle despite the tray"
        start_env = dict(os.environ, HOME=str(profile.root), XDG_DATA_HOME=str(profile.data),
                         XDG_CONFIG_HOME=str(profile.config), XDG_CACHE_HOME=str(profile.cache),
                         PASSERELLE_FORCE_TRAY="1")
        # The login item firing while Passerelle already runs: nothing pops up.
        at_login = subprocess.run([str(app_binary()), "--autostart"], env=start_env, capture_output=True, timeout=60)
        assert at_login.returncode == 0, at_login.stderr.decode(errors="replace")[-2000:]
        wait_until(lambda: "started at login while already running" in log_text(profile), "the running copy never heard it")
        assert not window_shown(pid), "a start at login showed the window"
        # The launcher clicked again: the running copy shows its window, the new one exits.
        second = subprocess.run([str(app_binary())], env=start_env, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr.decode(errors="replace")[-2000:]
        wait_until(lambda: window_shown(pid), "starting Passerelle again did not show its window")
        assert app_processes(profile) == [pid], "a second copy kept running"
        assert "Passerelle was started again" in log_text(profile)
        # The same page, still alive (nothing reloaded, the session still drives it).
        assert app.inner_text("#settings-close-hint") == FR["startup.close_keeps"]
        app.screenshot("tray-shown-again-fr")


APPINDICATOR_LIBS = [f"/usr/lib/x86_64-linux-gnu/{name}" for name in (
    "libayatana-appindicator3.so.1", "libayatana-appindicator3.so", "libappindicator3.so.1", "libappindicator3.so")]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"),
                    reason="hiding the tray library needs root and unshare (a private mount namespace)")
def test_a_missing_tray_library_does_not_crash_the_app(profile):
    """The tray forced on a machine without libayatana-appindicator3 (hidden by empty files in
    a private mount namespace): its loader panics, the app catches it and runs without a tray."""
    hide = "; ".join(f"[ -e {lib} ] && mount --bind /dev/null {lib}" for lib in APPINDICATOR_LIBS)
    env = dict(os.environ, HOME=str(profile.root), XDG_DATA_HOME=str(profile.data),
               XDG_CONFIG_HOME=str(profile.config), XDG_CACHE_HOME=str(profile.cache),
               PASSERELLE_FORCE_TRAY="1")
    env.pop("PASSERELLE_NO_TRAY", None)
    process = subprocess.Popen(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", f"{hide}; exec \"$0\"", str(app_binary())],
        env=env, stdout=subprocess.DEVNULL, stderr=open(profile.root / "app.log", "wb"))
    try:
        wait_until(lambda: "tray library is missing" in log_text(profile) or process.poll() is not None,
                   "the app never said the tray library is missing", seconds=60)
        time.sleep(2)
        assert process.poll() is None, f"the app died: {(profile.root / 'app.log').read_text()[-2000:]}"
        assert "tray library is missing" in log_text(profile)
    finally:
        end_process(process, seconds=15)
