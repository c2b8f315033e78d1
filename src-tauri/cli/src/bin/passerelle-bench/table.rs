//! The printed result: one row per run, then every ratio against its target.

use std::fmt::Write;

use crate::{Figures, Run};

const MB: f64 = 1_000_000.0;

/// Renders the figures as a plain-text table.
pub fn render(f: &Figures) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nPasserelle sync benchmark — twilio-sim with {} messages\n",
        f.sim_messages
    );
    let _ = writeln!(out, "machine: {}\n", f.machine);
    let _ = writeln!(
        out,
        "{:<44} {:>10} {:>10} {:>12} {:>12} {:>8} {:>10}",
        "run", "messages", "wall s", "msgs/s", "peak RSS MB", "CPU s", "sim CPU s"
    );
    let slow = format!("{} ms", f.latency_ms);
    let rows: [(String, &Option<Run>); 7] = [
        ("Passerelle full sync, no latency".into(), &f.full),
        (
            format!("Passerelle full sync, {slow} latency"),
            &f.full_slow,
        ),
        ("Passerelle incremental, nothing new".into(), &f.incremental),
        (
            "Passerelle sync --full, archive unchanged".into(),
            &f.reread,
        ),
        ("SDK peer (Python), no latency".into(), &f.sdk),
        (format!("SDK peer (Python), {slow} latency"), &f.sdk_slow),
        ("bare loader (no index, no summary)".into(), &f.bare),
    ];
    for (name, run) in rows {
        match run {
            Some(r) => {
                let _ = writeln!(
                    out,
                    "{:<44} {:>10} {:>10.2} {:>12} {:>12} {:>8} {:>10}",
                    name,
                    r.messages,
                    r.wall.as_secs_f64(),
                    // Nothing is copied by an incremental run with nothing new: no rate.
                    if name.contains("incremental") {
                        "-".to_string()
                    } else {
                        format!("{:.0}", r.rate())
                    },
                    r.peak_rss
                        .map(|b| format!("{:.1}", b as f64 / MB))
                        .unwrap_or("-".into()),
                    secs(r.cpu),
                    secs(r.sim_cpu),
                );
            }
            None => {
                let _ = writeln!(out, "{name:<44} {:>10}", "skipped");
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{:<44} {:>12} {:>12} {:>8}",
        "target", "measured", "goal", "met"
    );
    let ratio = |a: &Option<Run>, b: &Option<Run>| match (a, b) {
        (Some(a), Some(b)) => Some(a.rate() / b.rate()),
        _ => None,
    };
    target(
        &mut out,
        "full sync vs SDK, no latency",
        ratio(&f.full, &f.sdk),
        3.0,
        "x",
        true,
    );
    target(
        &mut out,
        &format!("full sync vs SDK, {slow} latency"),
        ratio(&f.full_slow, &f.sdk_slow),
        8.0,
        "x",
        true,
    );
    target(
        &mut out,
        "full sync vs bare loader (rate)",
        ratio(&f.full, &f.bare).map(|r| r * 100.0),
        60.0,
        "%",
        true,
    );
    target(
        &mut out,
        "incremental sync, nothing new",
        f.incremental.as_ref().map(|r| r.wall.as_secs_f64()),
        2.0,
        "s",
        false,
    );
    target(
        &mut out,
        "sync --full over an unchanged archive",
        f.reread.as_ref().map(Run::rate),
        200_000.0,
        "msgs/s",
        true,
    );
    let rss = [&f.full, &f.full_slow, &f.incremental, &f.reread]
        .iter()
        .filter_map(|r| r.as_ref().and_then(|r| r.peak_rss))
        .max()
        .map(|b| b as f64 / MB);
    target(
        &mut out,
        "peak RSS of passerelle (any run)",
        rss,
        250.0,
        "MB",
        false,
    );
    out
}

fn target(out: &mut String, name: &str, value: Option<f64>, goal: f64, unit: &str, at_least: bool) {
    let (measured, met) = match value {
        Some(v) => {
            let ok = if at_least { v >= goal } else { v < goal };
            (format!("{v:.2} {unit}"), if ok { "yes" } else { "NO" })
        }
        None => ("-".to_string(), "-"),
    };
    let goal = format!("{}{goal} {unit}", if at_least { ">= " } else { "< " });
    let _ = writeln!(out, "{name:<44} {measured:>12} {goal:>12} {met:>8}");
}

fn secs(d: Option<std::time::Duration>) -> String {
    d.map(|d| format!("{:.1}", d.as_secs_f64()))
        .unwrap_or_else(|| "-".into())
}
