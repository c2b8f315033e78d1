#!/usr/bin/env python3
"""Fails when a tracked file reaches above the repository.

A clone of Passerelle must pass its tests with nothing beside it, so no script, Makefile, Rust,
Python, JS or config file may read `../shared` or any other path that leaves the repository.
Every relative path holding `..` is resolved against the folder it is relative to (the file's
folder, the crate's folder for `env!("CARGO_MANIFEST_DIR")`, the repository root for a shell or
Make variable such as `$root` or `$(CURDIR)`) and fails only when it ends outside the repository:
`../../tauri.conf.json` from `src-tauri/app` is fine. Absolute paths into user or workspace
folders (`/work`, `/home`, `/root`) fail too; temporary and system folders (`/tmp`, `/usr`, …)
are fine.

Usage: `tests/self_contained.py` (checks `git ls-files`), `tests/self_contained.py --self-test`
(the decision table below). Both run in `make test`.
"""

import os
import posixpath
import re
import subprocess
import sys

# The files whose paths matter at run time: code, scripts and the configs that point at files.
CHECKED_SUFFIXES = (".sh", ".py", ".rs", ".js", ".mjs", ".toml", ".json", ".yml", ".yaml", ".sql")
CHECKED_NAMES = ("Makefile",)
# Data copied unchanged from elsewhere (their `../` are URL paths in Twilio's descriptions), and
# this checker itself, whose table spells out the paths it refuses.
SKIPPED_PREFIXES = ("tests/fidelity/twilio-oai/", "tests/self_contained.py")

# A path-like token holding a `..` segment, with what comes before it on the same token.
RELATIVE = re.compile(r"""(?P<prefix>[^\s"'`,;:()=<>|&]*?)(?P<path>(?:\.\./|\.\.$|/\.\.(?:/|$))[^\s"'`,;:()<>|&]*|\.\.(?=["'`\s]|$))""")
# `$(dirname "$0")/..`, `$(dirname "${BASH_SOURCE[0]}")/..`: relative to the script's folder.
SCRIPT_DIR = re.compile(r"""\$\(\s*dirname\s+["']?\$(?:0|\{BASH_SOURCE\[0\]\}|BASH_SOURCE)["']?\s*\)(?P<rest>/[^\s"'`;)|&]*)""")
# `env!("CARGO_MANIFEST_DIR")` followed by a relative path in the same statement.
MANIFEST_DIR = re.compile(r"""env!\(\s*"CARGO_MANIFEST_DIR"\s*\)[^;]*?"(?P<rest>[^"]*\.\.[^"]*)\"""")
# `$root/..`, `${ROOT}/..`, `$(CURDIR)/..`: a variable standing for a folder; scripts here set
# their variables to the repository root, so the path is resolved from there.
VARIABLE_DIR = re.compile(r"""\$(?:\{\w+\}|\(\w+\)|\w+)(?P<rest>/[^\s"'`;)|&]*)""")
# Python: `Path(__file__).resolve().parents[N]` climbs N+1 folders from the file.
PY_PARENTS = re.compile(r"""__file__.*?\.parents\[(?P<n>\d+)\]""")
PY_PARENT_CHAIN = re.compile(r"""__file__\)(?:\.resolve\(\))?(?P<chain>(?:\.parent)+)""")
# Absolute paths into places that exist only on one machine.
PRIVATE_ABSOLUTE = re.compile(r"""(?<![\w.:/-])/(?:work|home|root)(?:/|\b)""")


def leaves(base, rel):
    """True when `rel`, relative to the repository folder `base` ("" = root), ends outside it."""
    joined = posixpath.normpath(posixpath.join(base or ".", rel))
    return joined == ".." or joined.startswith("../")


def crate_dir(path, crate_dirs):
    """The folder of the Cargo crate that holds `path` (the deepest one), or the root."""
    best = ""
    for d in crate_dirs:
        if (path.startswith(d + "/") or d == "") and len(d) >= len(best):
            best = d
    return best


def problems_in_line(path, line, crate_dirs=("",)):
    """The reasons why `line` of the tracked file `path` reaches outside the repository."""
    folder = posixpath.dirname(path)
    found = []
    consumed = []

    def flag(why):
        found.append(f"{path}: {why}: {line.strip()[:160]}")

    for m in SCRIPT_DIR.finditer(line):
        consumed.append(m.span())
        if leaves(folder, m.group("rest").lstrip("/")):
            flag("leaves the repository from the script's folder")
    for m in MANIFEST_DIR.finditer(line):
        consumed.append(m.span())
        if leaves(crate_dir(path, crate_dirs), m.group("rest").lstrip("/")):
            flag("leaves the repository from the crate's folder")
    for m in VARIABLE_DIR.finditer(line):
        if any(a <= m.start() < b for a, b in consumed):
            continue
        if ".." in m.group("rest"):
            consumed.append(m.span())
            if leaves("", m.group("rest").lstrip("/")):
                flag("leaves the repository from a variable's folder (taken as the root)")
    for m in RELATIVE.finditer(line):
        if any(a <= m.start("path") < b for a, b in consumed):
            continue
        token = m.group("prefix") + m.group("path")
        if token.startswith("/") or "://" in token or m.group("prefix").startswith("$"):
            continue  # an absolute path or URL path: `..` there never climbs out of the clone
        rel = token
        bases = [folder]
        if path.endswith(".rs"):
            bases.append(crate_dir(path, crate_dirs))  # macros resolve from the crate's folder
        elif path.endswith((".sh", ".py")) or posixpath.basename(path) == "Makefile" or "." not in posixpath.basename(path):
            bases.append("")  # scripts run from the repository root
        if any(leaves(b, rel) for b in bases):
            flag(f"`{rel}` leaves the repository")
    for m in PY_PARENTS.finditer(line):
        depth = len(folder.split("/")) if folder else 0
        if int(m.group("n")) > depth:
            flag("Path(__file__).parents[...] climbs above the repository")
    for m in PY_PARENT_CHAIN.finditer(line):
        depth = len(folder.split("/")) if folder else 0
        if m.group("chain").count(".parent") - 1 > depth:
            flag("Path(__file__).parent... climbs above the repository")
    if re.search(r"""\b(?:REPO|ROOT|REPO_ROOT|repo|root)\.parent\b""", line):
        flag("the repository root's parent is outside the repository")
    if PRIVATE_ABSOLUTE.search(line):
        flag("an absolute path into a user or workspace folder")
    return found


def checked(path):
    if path.startswith(SKIPPED_PREFIXES):
        return False
    name = posixpath.basename(path)
    if name in CHECKED_NAMES or path.endswith(CHECKED_SUFFIXES):
        return True
    return path.startswith(".ci/") or "." not in name  # extension-less scripts (`.ci/run`)


def check_repository(root):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True).stdout
    paths = [p for p in files.decode().split("\0") if p]
    crate_dirs = [posixpath.dirname(p) for p in paths if posixpath.basename(p) == "Cargo.toml"]
    found = []
    for path in filter(checked, paths):
        full = os.path.join(root, path)
        if not os.path.isfile(full):
            continue  # deleted in the work tree but still in the index
        try:
            with open(full, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            continue
        for line in text.splitlines():
            found += problems_in_line(path, line, crate_dirs)
    return found


# (file, line, reaches outside?) — the decision table.
CASES = [
    ("tests/fidelity/run.sh", 'export TWILIO_OAI_DIR="${TWILIO_OAI_DIR:-$root/../shared/reference/twilio-oai}"', True),
    ("tests/fidelity/run.sh", 'export TWILIO_OAI_DIR="${TWILIO_OAI_DIR:-$root/tests/fidelity/twilio-oai}"', False),
    ("tests/fidelity/run.sh", 'cd "$(dirname "$0")/../.."', False),
    ("tests/fidelity/run.sh", 'cd "$(dirname "$0")/../../.."', True),
    ("tests/setup.sh", 'cd "$(dirname "${BASH_SOURCE[0]}")/.."', False),
    ("tests/x.sh", "cat ../shared/reference/whatsapp-codes-and-limits.md", True),
    ("tests/x.sh", "# see ../shared/docs/PRODUCT.md", True),
    ("tests/x.sh", "mktemp -d /tmp/passerelle.XXXX && ls /usr/share/doc", False),
    ("tests/x.sh", "ls /work/shared/reference", True),
    ("tests/x.sh", "ls /home/me/archive.db", True),
    ("Makefile", "export PATH := $(CURDIR)/tools/bin:$(PATH)", False),
    ("Makefile", "SPECS := $(CURDIR)/../shared", True),
    ("src-tauri/app/build.rs", 'println!("cargo:rerun-if-changed=../../tauri.conf.json");', False),
    ("src-tauri/app/src/main.rs", '.run(tauri::generate_context!("../../tauri.conf.json"))', False),
    ("src-tauri/app/src/main.rs", 'include_str!("../../../../shared/docs/PRODUCT.md")', True),
    ("src-tauri/core/src/x.rs", 'Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")', False),
    ("src-tauri/core/src/x.rs", 'Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")', True),
    ("src-tauri/twilio-sim/tests/sim/bad_input.rs", '"/v2/Channels/Senders/../../etc".into(),', False),
    ("src-tauri/core/src/x.rs", "let url = format!(\"https://api.twilio.com/a/../b\");", False),
    ("ui/views/senders.js", 'import * as ipc from "../ipc.js";', False),
    ("ui/views/senders.js", 'import * as ipc from "../../../shared/ipc.js";', True),
    ("src-tauri/app/capabilities/default.json", '"$schema": "../gen/schemas/desktop-schema.json",', False),
    ("src-tauri/cli/Cargo.toml", 'passerelle-core = { path = "../core" }', False),
    ("src-tauri/cli/Cargo.toml", 'passerelle-core = { path = "../../../core" }', True),
    ("tests/fidelity/conftest.py", 'REPO = Path(__file__).resolve().parents[2]', False),
    ("tests/fidelity/conftest.py", 'OUT = Path(__file__).resolve().parents[3]', True),
    ("tests/fidelity/conftest.py", 'return REPO.parent / "shared" / "reference" / "twilio-oai"', True),
    ("tests/fidelity/conftest.py", 'here = Path(__file__).resolve().parent / "twilio-oai"', False),
    (".ci/run", 'cd "$(dirname "$0")/.."', False),
    (".ci/run", "cd ..", True),
]


def self_test():
    crates = ["src-tauri/app", "src-tauri/core", "src-tauri/cli", "src-tauri/twilio-sim", ""]
    wrong = []
    for path, line, outside in CASES:
        got = bool(problems_in_line(path, line, crates))
        if got != outside:
            wrong.append(f"{path}: {line!r}: expected {'outside' if outside else 'inside'}, got {'outside' if got else 'inside'}")
    return wrong


def main():
    if "--self-test" in sys.argv:
        wrong = self_test()
        for w in wrong:
            print(w, file=sys.stderr)
        print(f"self-contained checker: {len(CASES) - len(wrong)}/{len(CASES)} cases right")
        return 1 if wrong else 0
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=os.path.dirname(os.path.abspath(__file__)),
                          check=True, capture_output=True, text=True).stdout.strip()
    found = check_repository(root)
    for f in found:
        print(f, file=sys.stderr)
    if found:
        print(f"{len(found)} reference(s) outside the repository: a clone must stand on its own.", file=sys.stderr)
        return 1
    print("self-contained: no tracked file reaches outside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
