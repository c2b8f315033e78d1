"""Drives the real Passerelle window through tauri-driver (WebDriver) under Xvfb.

Each test gets a private profile (XDG data/config/cache folders in its own temp dir), so the
app's store and archive never touch the user's real files and tests cannot see each other's
choices. A test that needs a restart launches the app twice on the same profile.
"""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "e2e"
IDENTIFIER = "eu.passerelle.desktop"
# Generous: the first WebKit start on a cold, busy 2-core machine takes several seconds.
WAIT_SECONDS = 30
# A WebDriver call that hangs (e.g. the app died before its webview came up) fails after this.
HTTP_TIMEOUT_SECONDS = 90


def app_binary() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    return target / "debug" / "passerelle-app"


def tauri_driver() -> str:
    found = shutil.which("tauri-driver") or str(REPO / "tools" / "bin" / "tauri-driver")
    if not os.access(found, os.X_OK):
        pytest.fail("tauri-driver not found: run `tests/setup.sh test` (installs it into tools/)")
    return found


def strings(lang: str) -> dict:
    """The interface strings the app ships, so tests check what users really read."""
    return json.loads((REPO / "ui" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all held open while picking, so they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tauri-driver exited early with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"tauri-driver did not listen on port {port} within {seconds}s")


class Profile:
    """A private user profile: where the app keeps its store, archive and logs."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.config = root / "config"
        self.cache = root / "cache"
        for folder in (self.data, self.config, self.cache):
            folder.mkdir(parents=True, exist_ok=True)

    @property
    def app_data(self) -> Path:
        return self.data / IDENTIFIER

    def settings(self) -> dict:
        path = self.app_data / "settings.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class App:
    """One run of the app: tauri-driver + a WebDriver session on the Passerelle window."""

    def __init__(self, driver: webdriver.Remote, process: subprocess.Popen):
        self.driver = driver
        self.process = process

    def wait(self, condition, message: str, seconds: float = WAIT_SECONDS):
        return WebDriverWait(self.driver, seconds).until(lambda d: condition(d), message)

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        return self.find(css).text

    def inner_text(self, css: str) -> str:
        """The rendered text of the first match (the page's own innerText)."""
        return self.driver.execute_script("return document.querySelector(arguments[0]).innerText", css)

    def wait_text(self, css: str, expected: str, seconds: float = WAIT_SECONDS):
        def has_text(d):
            found = d.find_elements(By.CSS_SELECTOR, css)
            return found and found[0].text == expected

        self.wait(has_text, f"{css} never read {expected!r}", seconds)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        # Let the page finish painting what the test just checked (fonts, then two frames):
        # a snapshot taken in between shows an empty page.
        self.driver.set_script_timeout(WAIT_SECONDS)
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));"
        )
        self.driver.save_screenshot(str(path))
        return path


def scroll_to(app, css: str) -> None:
    """Brings `css` to the top of the view, clear of the app bar."""
    app.driver.execute_script(
        "const el = document.querySelector(arguments[0]); el.scrollIntoView();"
        "let box = el.parentElement; while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;"
        "(box || document.scrollingElement).scrollBy(0, -80);",
        css,
    )


def end_process(process: subprocess.Popen, seconds: float) -> None:
    """SIGTERM (tauri-driver stops WebKitWebDriver only from its signal handler; the simulators
    and the app end cleanly on it), then SIGKILL after `seconds`."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_processes(profile: Profile) -> list[int]:
    """Ids of the app processes running on `profile` (recognised by its data folder)."""
    marker = f"XDG_DATA_HOME={profile.data}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"passerelle-app" in cmdline and marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def stop_leftover_apps(profile: Profile) -> None:
    """Ends any app still running on `profile` once its session is over. WebKitWebDriver
    usually ends the app with the session, but not always (about one session in thirty here):
    a leftover would hold the profile's single-instance lock and turn the next launch on the
    same profile into a second copy that exits at once."""
    deadline = time.monotonic() + 5
    while app_processes(profile) and time.monotonic() < deadline:
        time.sleep(0.1)
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        left = app_processes(profile)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal_number)
        deadline = time.monotonic() + 10
        while app_processes(profile) and time.monotonic() < deadline:
            time.sleep(0.1)


@contextlib.contextmanager
def launch(profile: Profile, locale: str = "fr_FR.UTF-8", extra_env: dict | None = None):
    """Starts the app on `profile` with the given system locale; stops it on exit."""
    binary = app_binary()
    if not binary.exists():
        pytest.fail(f"the app is not built at {binary}: run `cargo build -p passerelle-app`")
    if not os.environ.get("DISPLAY"):
        pytest.fail("no X display: run the end-to-end tests under `xvfb-run -a`")

    env = dict(os.environ)
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    env.update(
        LANG=locale,
        XDG_DATA_HOME=str(profile.data),
        XDG_CONFIG_HOME=str(profile.config),
        XDG_CACHE_HOME=str(profile.cache),
        **(extra_env or {}),
    )
    port, native_port = free_ports(2)
    log = open(profile.root / "tauri-driver.log", "ab")
    process = subprocess.Popen(
        [tauri_driver(), "--port", str(port), "--native-port", str(native_port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    driver = None
    try:
        wait_for_port(port, process)
        # tauri-driver proxies to WebKitWebDriver, which it starts itself and which may still be
        # starting: a session request sent before it listens fails with "client error (Connect)".
        wait_for_port(native_port, process)
        options = ArgOptions()
        options.set_capability("tauri:options", {"application": str(binary)})
        config = ClientConfig(remote_server_addr=f"http://127.0.0.1:{port}", timeout=HTTP_TIMEOUT_SECONDS)
        driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
        app = App(driver, process)
        # The page marks itself ready once its strings are loaded and the first screen is drawn.
        app.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "body[data-ready=true] [data-screen]"),
                 "the first screen never appeared")
        yield app
        violations = driver.execute_script("return window.passerelleCspViolations || []")
        assert violations == [], f"the page tripped its content security policy: {violations}"
    finally:
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.quit()
        end_process(process, seconds=15)
        stop_leftover_apps(profile)
        log.close()


@pytest.fixture
def profile(tmp_path) -> Profile:
    return Profile(tmp_path / "profile")


def sim_binary() -> Path:
    """The twilio-sim binary next to the app (built by the Rust tests; built here if missing)."""
    binary = app_binary().parent / "twilio-sim"
    if not binary.exists():
        subprocess.run(["cargo", "build", "-p", "twilio-sim"], cwd=REPO, check=True, timeout=1800)
    return binary


@contextlib.contextmanager
def simulator_process(binary: Path, log: Path, *args: str):
    """Runs a simulator binary (twilio-sim, pipedrive-sim) with `args`; yields (its process, the
    Info line it prints first: URL, accounts, tokens); stops it on exit."""
    process = subprocess.Popen(
        [str(binary), *args],
        stdout=subprocess.PIPE,
        stderr=open(log, "wb"),
        text=True,
    )
    try:
        line = {}

        def read_info():
            line["info"] = process.stdout.readline()

        reader = threading.Thread(target=read_info, daemon=True)
        reader.start()
        reader.join(timeout=120)
        if not line.get("info"):
            raise RuntimeError(f"{binary.name} printed no Info line within 120 s")
        yield process, json.loads(line["info"])
    finally:
        end_process(process, seconds=10)


@contextlib.contextmanager
def simulator(binary: Path, log: Path, *args: str):
    """Runs a simulator binary with `args`; yields its Info line (URL, accounts, tokens)."""
    with simulator_process(binary, log, *args) as (_, info):
        yield info


@pytest.fixture
def twilio_sim(twilio_sim_process):
    """A running Twilio simulator (small data set); yields its Info (URL, accounts, tokens)."""
    yield twilio_sim_process[1]


@pytest.fixture
def twilio_sim_process(tmp_path):
    """A running Twilio simulator; yields (its process, its Info), for a test that stops it."""
    with simulator_process(
        sim_binary(), tmp_path / "twilio-sim.log", "--messages", "600", "--contacts", "40"
    ) as running:
        yield running


@pytest.fixture(autouse=True)
def empty_keychain():
    """Every test starts with no Passerelle secret in the test keychain, which the whole run
    shares (tests/with-keyring.sh): a test that stops half-way (a Pipedrive token left, say)
    must not make another one's "no secret left" check fail."""
    subprocess.run(["secret-tool", "clear", "service", "eu.passerelle.desktop"],
                   capture_output=True, check=False)
    yield
