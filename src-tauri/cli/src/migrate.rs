//! `passerelle migrate`: the "Move my number" wizard from a script. `check` runs the
//! completeness check (exit 0 only at zero difference); `status` prints each number's step and
//! what is recorded.

use passerelle_core::number_move::{self, NumberStatus, Proof, ReportFormat};
use passerelle_core::{Lang, Store};

use crate::account;
use crate::failure::Failure;
use crate::profile::connected_client;
use crate::Cli;

/// Options of `migrate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// `migrate check` / `migrate status`.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Count every message at Twilio against the archive, per number, direction and month;
    /// fetch differences again; exit 0 only when none remains.
    Check {
        /// Only this business number (+33…); default: every one.
        #[arg(long, value_name = "NUMBER")]
        sender: Option<String>,
        /// Count and report only, fetch nothing again.
        #[arg(long)]
        no_repair: bool,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The wizard's step for each number and what is recorded.
    Status {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the handover report (HTML, or PDF with --pdf): the completeness proof, what
    /// moved, the templates that should carry over, the date of each step.
    Report {
        /// The business number (+33…); needed when the archive has several.
        #[arg(long, value_name = "NUMBER")]
        sender: Option<String>,
        /// The file to write (a bare name goes to the Documents folder); default:
        /// passerelle-handover-<number>.html or .pdf.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
        /// Write a PDF instead of an HTML page.
        #[arg(long)]
        pdf: bool,
    },
}

/// Runs `migrate`.
pub async fn run(cli: &Cli, args: &Args, lang: Lang) -> Result<(), Failure> {
    match &args.action {
        Action::Check {
            sender,
            no_repair,
            json,
        } => check(cli, sender.as_deref(), !*no_repair, *json, lang).await,
        Action::Status { json } => status(cli, *json, lang),
        Action::Report { sender, out, pdf } => {
            report(cli, sender.as_deref(), out.as_deref(), *pdf, lang)
        }
    }
}

async fn check(
    cli: &Cli,
    sender: Option<&str>,
    repair: bool,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let (db, client) = connected_client(cli)?;
    let numbers = number_move::business_numbers(&Store::open_read_only(&db)?, sender)?;
    let mut proofs = Vec::new();
    for number in &numbers {
        let proof = if repair {
            number_move::run_check(&client, &db, number, false).await?
        } else {
            let target = number_move::CheckTarget {
                db_path: &db,
                media_dir: None,
                sender: number,
                since: None,
                repair: false,
            };
            number_move::completeness::check(&client, &target).await?
        };
        proofs.push(proof);
    }
    if json {
        crate::output::print_json(&proofs)?;
    } else {
        for proof in &proofs {
            print_proof(proof, lang);
        }
    }
    let missing: u64 = proofs
        .iter()
        .map(|p| p.missing_total + p.media_problems.len() as u64)
        .sum();
    if missing == 0 {
        Ok(())
    } else {
        Err(Failure::ArchiveIncomplete(missing))
    }
}

fn print_proof(p: &Proof, lang: Lang) {
    say!(
        "{} · {} · {} Twilio · {} {} · sha256 {}",
        p.sender.trim_start_matches("whatsapp:"),
        if p.passed {
            lang.pick("complet", "complete")
        } else {
            lang.pick("INCOMPLET", "INCOMPLETE")
        },
        p.twilio_total,
        p.missing_total,
        lang.pick("manquants", "missing"),
        p.sids_sha256
    );
    for m in &p.months {
        let mark = if m.missing == 0 { " " } else { "!" };
        say!(
            "{mark} {} {:<8} {:>8} Twilio {:>8} {} {:>6} {}",
            m.month,
            m.direction,
            m.twilio,
            m.archived,
            lang.pick("archivés", "archived"),
            m.missing,
            lang.pick("manquants", "missing")
        );
    }
    for media in &p.media_problems {
        say!(
            "! {} {} {}",
            lang.pick("média", "media"),
            media.media_sid,
            media.problem
        );
    }
}

fn report(
    cli: &Cli,
    sender: Option<&str>,
    out: Option<&std::path::Path>,
    pdf: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let numbers = number_move::business_numbers(&store, sender)?;
    let [number] = numbers.as_slice() else {
        return Err(passerelle_core::Error::invalid(
            "sender",
            "cette archive a plusieurs numéros : choisissez-en un avec --sender.",
            "this archive has several numbers: pick one with --sender.",
        )
        .into());
    };
    let (format, extension) = if pdf {
        (ReportFormat::Pdf, "pdf")
    } else {
        (ReportFormat::Html, "html")
    };
    let default = format!(
        "passerelle-handover-{}.{extension}",
        number.trim_start_matches("whatsapp:+")
    );
    let out = out.map_or_else(|| default.into(), std::path::Path::to_path_buf);
    let written = number_move::write_report(&store, number, &out, format, lang)?;
    say!("{}", written.display());
    Ok(())
}

fn status(cli: &Cli, json: bool, lang: Lang) -> Result<(), Failure> {
    let store = Store::open_read_only(&account::db_path(cli)?)?;
    let all = number_move::status(&store)?;
    if json {
        return crate::output::print_json(&all);
    }
    for s in &all {
        print_status(s, lang);
    }
    Ok(())
}

fn print_status(s: &NumberStatus, lang: Lang) {
    let r = s.state.recorded();
    say!(
        "{} · {} {}/7 ({})",
        s.sender.trim_start_matches("whatsapp:"),
        lang.pick("étape", "step"),
        s.step,
        s.state.name()
    );
    let date = |t: Option<i64>| t.map(passerelle_core::rfc3339).unwrap_or_default();
    if let Some(p) = &r.proof {
        say!(
            "  {} {} · {} Twilio · {} {}",
            lang.pick("preuve", "proof"),
            date(Some(p.at)),
            p.twilio_total,
            p.missing_total,
            lang.pick("manquants", "missing")
        );
    }
    let fields = [
        ("Business Manager", r.business_manager_id.clone()),
        (
            lang.pick("ticket envoyé", "ticket sent"),
            r.ticket_sent_at.map(passerelle_core::rfc3339),
        ),
        (
            lang.pick("ticket confirmé", "ticket confirmed"),
            r.ticket_confirmed_at.map(passerelle_core::rfc3339),
        ),
        (lang.pick("fournisseur", "provider"), r.provider.clone()),
        (
            lang.pick("terminé", "done"),
            r.done_at.map(passerelle_core::rfc3339),
        ),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            say!("  {label}: {value}");
        }
    }
}
