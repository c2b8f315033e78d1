//! Templates against the simulator: the list with every approval state, and "edit" as a new
//! submission — new SID, new name, the old one kept and marked replaced, 92009 never returned.

use crate::support::*;
use passerelle_core::templates::{self, ApprovalState, TemplateDraft, TemplateFilter};
use passerelle_core::{Code, Lang};
use serde_json::Value;

fn list(archive: &Archive, account: &str) -> Vec<templates::Template> {
    templates::list_templates(
        &archive.store(),
        account,
        &TemplateFilter::default(),
        Lang::En,
    )
    .unwrap()
}

fn clear_requests(info: &twilio_sim::Info) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .delete(format!("{}/__sim/requests", info.url))
            .send()
            .await
            .unwrap();
    });
}

fn content_requests(info: &twilio_sim::Info) -> Vec<Value> {
    sim_requests(info)
        .into_iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with("/v1/")))
        .collect()
}

#[test]
fn editing_a_rejected_template_submits_a_new_one_and_never_meets_92009() {
    let c = connected(200);
    let (info, rt, archive, client) = (&c.info, &c.rt, &c.archive, &c.client);
    let account = info.account_sid.clone();

    let count = rt
        .block_on(templates::refresh_templates(client, &archive.path))
        .unwrap();
    let all = list(archive, &account);
    assert_eq!(all.len(), count);
    let states: Vec<&ApprovalState> = all.iter().map(|t| &t.stored.state).collect();
    for want in ["approved", "pending", "rejected", "unsubmitted"] {
        assert!(
            states.contains(&&ApprovalState::from(want)),
            "the sim serves {want}: {states:?}"
        );
    }
    let old = all
        .iter()
        .find(|t| t.stored.state == ApprovalState::Rejected)
        .expect("a rejected template")
        .clone();
    let explanation = old.explanation.clone().expect("a rejection is explained");
    assert!(explanation.contains("Edit"), "{explanation}");

    // "Edit" opens a copy under a new name; the user fixes the text.
    let mut draft = templates::copy_draft(&archive.store(), &old.stored.sid).unwrap();
    assert_ne!(draft.name, old.stored.name);
    assert!(draft.name.starts_with(
        old.stored
            .name
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches("_v")
    ));
    draft.body = "Bonjour {{1}}, votre commande est prête au magasin.".into();
    draft.samples = [("1".to_string(), "Marie".to_string())].into();
    draft.category = "utility".into();

    clear_requests(info);
    let new = rt
        .block_on(templates::submit_template(
            client,
            &archive.path,
            &draft,
            Some(&old.stored.sid),
        ))
        .unwrap();
    assert_ne!(new.sid, old.stored.sid, "a new SID");
    assert_eq!(new.name, draft.name, "under the new name");
    assert_eq!(new.state, ApprovalState::Received);

    // What the simulator received: one create, one submission of the NEW template, nothing
    // sent to the old one, every answer a success (92009 is an HTTP 400).
    let log = content_requests(info);
    let calls: Vec<(String, String)> = log
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("POST".to_string(), "/v1/Content".to_string()),
            (
                "POST".to_string(),
                format!("/v1/Content/{}/ApprovalRequests/whatsapp", new.sid)
            ),
        ]
    );
    assert!(
        log.iter()
            .all(|r| r["status"].as_u64().is_some_and(|s| s < 300)),
        "{log:?}"
    );

    // Both kept; the old one marked replaced by the new one.
    let all = list(archive, &account);
    let old_now = all.iter().find(|t| t.stored.sid == old.stored.sid).unwrap();
    let new_now = all.iter().find(|t| t.stored.sid == new.sid).unwrap();
    assert_eq!(
        old_now.stored.replaced_by.as_deref(),
        Some(new.sid.as_str())
    );
    assert_eq!(new_now.replaces.as_deref(), Some(old.stored.sid.as_str()));

    // On the sim clock the copy is reviewed and approved; a refresh keeps the link.
    sim_control(info, "/__sim/clock", &[("advance_seconds", "7200")]);
    rt.block_on(templates::refresh_templates(client, &archive.path))
        .unwrap();
    let all = list(archive, &account);
    let new_now = all.iter().find(|t| t.stored.sid == new.sid).unwrap();
    assert_eq!(new_now.stored.state, ApprovalState::Approved);
    let old_now = all.iter().find(|t| t.stored.sid == old.stored.sid).unwrap();
    assert_eq!(
        old_now.stored.replaced_by.as_deref(),
        Some(new.sid.as_str())
    );
    assert!(content_requests(info)
        .iter()
        .all(|r| r["status"].as_u64() < Some(300)));
}

#[test]
fn a_wrong_draft_is_refused_before_anything_is_sent() {
    let c = connected(100);
    let (info, rt, archive, client) = (&c.info, &c.rt, &c.archive, &c.client);
    rt.block_on(templates::refresh_templates(client, &archive.path))
        .unwrap();
    let taken = list(archive, &info.account_sid)[0].stored.name.clone();
    let good = TemplateDraft {
        name: "rappel_rdv".into(),
        language: "fr".into(),
        category: "utility".into(),
        body: "Bonjour {{1}}, votre rendez-vous est confirmé.".into(),
        samples: [("1".to_string(), "Marie".to_string())].into(),
    };
    type Edit = fn(&mut TemplateDraft, &str);
    let cases: [(Edit, &str); 4] = [
        (
            |d, _| d.body = "{{1}}, votre rendez-vous est confirmé.".into(),
            "body",
        ),
        (|d, taken| d.name = taken.into(), "name"),
        (|d, _| d.name = "Rappel RDV".into(), "name"),
        (|d, _| d.samples.clear(), "samples.1"),
    ];
    for (edit, field) in cases {
        let mut draft = good.clone();
        edit(&mut draft, &taken);
        clear_requests(info);
        let err = rt
            .block_on(templates::submit_template(
                client,
                &archive.path,
                &draft,
                None,
            ))
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidInput);
        assert!(
            err.message(Lang::En).contains(field),
            "{field}: {}",
            err.message(Lang::En)
        );
        assert!(
            content_requests(info).is_empty(),
            "nothing sent for a wrong {field}"
        );
    }
}

#[test]
fn a_template_created_from_scratch_then_deleted_leaves_the_list() {
    let c = connected(100);
    let (info, rt, archive, client) = (&c.info, &c.rt, &c.archive, &c.client);
    let draft = TemplateDraft {
        name: "livraison_prete".into(),
        language: "fr".into(),
        category: "utility".into(),
        body: "Bonjour {{1}}, votre colis {{2}} est prêt au dépôt.".into(),
        samples: [("1", "Marie"), ("2", "A-42")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into(),
    };
    let created = rt
        .block_on(templates::submit_template(
            client,
            &archive.path,
            &draft,
            None,
        ))
        .unwrap();
    let shown = list(archive, &info.account_sid);
    let t = shown.iter().find(|t| t.stored.sid == created.sid).unwrap();
    assert_eq!(
        t.preview,
        "Bonjour Marie, votre colis A-42 est prêt au dépôt."
    );
    assert_eq!(t.variables, ["1", "2"]);
    rt.block_on(templates::delete_template(
        client,
        &archive.path,
        &created.sid,
    ))
    .unwrap();
    assert!(list(archive, &info.account_sid)
        .iter()
        .all(|t| t.stored.sid != created.sid));
    rt.block_on(templates::refresh_templates(client, &archive.path))
        .unwrap();
    assert!(list(archive, &info.account_sid)
        .iter()
        .all(|t| t.stored.sid != created.sid));
}
