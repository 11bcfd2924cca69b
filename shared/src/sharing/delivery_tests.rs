use proptest::prelude::*;

use super::*;

const NOW: i64 = 1_800_000_000_000;

fn answered(status: u16, retry_after: Option<&str>, body: &str) -> Exchange {
    Exchange::Answered { status, retry_after: retry_after.map(Into::into), body: body.into() }
}

fn first_try(key: &str) -> Attempt<'_> {
    Attempt { idempotency_key: key, attempts: 0 }
}

fn judge(exchange: &Exchange) -> Delivery {
    judge_delivery(exchange, first_try("ag-key"), Backoff::default(), NOW)
}

#[test]
fn a_success_is_sent_with_the_servers_id() {
    assert_eq!(
        judge(&answered(
            201,
            None,
            r#"{"id":"c-17","kind":"checkin","received_at":"2027-01-15T08:00:01Z"}"#
        )),
        Delivery::Sent { server_id: Some("c-17".into()) }
    );
    // A replay answers 200; an answer that is not the API's ack is still a success.
    assert_eq!(judge(&answered(200, None, "")), Delivery::Sent { server_id: None });
}

#[test]
fn unauthorized_asks_to_link_again() {
    let Delivery::RelinkNeeded { reason } = judge(&answered(401, None, "{}")) else {
        panic!("401 must stop the queue")
    };
    assert_eq!(reason, ClinicReason::NoLongerAccepted);
}

#[test]
fn other_client_errors_fail_with_the_clinics_words_cleaned() {
    let body = r#"{"error":"bad_request","message":"score out of range\n\u0007"}"#;
    let says = |text: &str| Some(text.to_owned());
    assert_eq!(
        judge(&answered(422, None, body)),
        Delivery::Failed {
            reason: ClinicReason::Refused { status: 422, clinic_says: says("score out of range") }
        }
    );
    assert_eq!(
        judge(&answered(413, None, "<html>too big</html>")),
        Delivery::Failed { reason: ClinicReason::Refused { status: 413, clinic_says: None } }
    );
    let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(10_000));
    let Delivery::Failed { reason } = judge(&answered(400, None, &long)) else { panic!() };
    let worded = crate::sharing::reasons::word(&reason, crate::i18n::Language::En);
    assert!(worded.len() < 400, "a server cannot flood the patient's screen");
}

#[test]
fn slow_down_and_server_errors_retry_honouring_retry_after() {
    let Delivery::Retry { next_attempt_utc_ms, stop_pass, reason } =
        judge(&answered(429, Some("120"), ""))
    else {
        panic!()
    };
    assert_eq!(next_attempt_utc_ms, NOW + 120_000);
    assert!(stop_pass && reason == ClinicReason::SlowDown { wait_seconds: None });

    // NOW is Fri, 15 Jan 2027 08:00:00 GMT; a date ten minutes on is honoured.
    let Delivery::Retry { next_attempt_utc_ms, .. } =
        judge(&answered(503, Some("Fri, 15 Jan 2027 08:10:00 GMT"), ""))
    else {
        panic!()
    };
    assert_eq!(next_attempt_utc_ms, NOW + 600_000);

    let Delivery::Retry { next_attempt_utc_ms, stop_pass, reason } =
        judge(&answered(503, Some("Sat, 16 Jan 2027 08:00:00 GMT"), ""))
    else {
        panic!()
    };
    assert!(!stop_pass, "one item's 5xx does not stop the others");
    assert_eq!(reason, ClinicReason::ServerProblem { status: 503, wait_seconds: None });
    // That date is far past the cap: the cap wins, so an item is never parked for ever.
    assert_eq!(next_attempt_utc_ms, NOW + 3_600_000);
}

#[test]
fn a_retry_after_in_the_past_or_garbage_falls_back_to_backoff() {
    for header in ["Mon, 01 Jan 1990 00:00:00 GMT", "soon", "-5", ""] {
        let Delivery::Retry { next_attempt_utc_ms, .. } = judge(&answered(500, Some(header), ""))
        else {
            panic!()
        };
        let wait = next_attempt_utc_ms - NOW;
        assert!((1_000..=2_000).contains(&wait), "{header:?} waited {wait} ms");
    }
}

#[test]
fn no_answer_retries_and_stops_the_pass_with_a_reason_per_transport() {
    for (transport, expected) in [
        (Transport::Timeout, ClinicReason::Timeout),
        (Transport::Unreachable, ClinicReason::Unreachable),
        (Transport::BrokeOff, ClinicReason::BrokeOff),
        (Transport::NotHttp, ClinicReason::NotHttp),
    ] {
        let Delivery::Retry { reason, stop_pass, .. } = judge(&Exchange::NoAnswer { transport })
        else {
            panic!()
        };
        assert!(stop_pass && reason == expected, "{reason:?}");
    }
    let Delivery::Retry { reason, .. } = judge(&Exchange::AnswerCutShort { status: 201 }) else {
        panic!("a cut-short success is confirmed by the replay, not assumed")
    };
    assert_eq!(reason, ClinicReason::AnswerCutShort);
}

/// What every transport reports, read once: a body that broke off after a success may have been
/// stored; after a refusal it is still that refusal, with its `Retry-After`.
#[test]
fn a_body_that_broke_off_is_cut_short_after_a_success_and_a_refusal_after_one() {
    let retry = || Some("120".to_owned());
    assert_eq!(Exchange::observed(201, None, None), Exchange::AnswerCutShort { status: 201 });
    assert_eq!(Exchange::observed(299, None, None), Exchange::AnswerCutShort { status: 299 });
    assert_eq!(Exchange::observed(503, retry(), None), answered(503, Some("120"), ""));
    assert_eq!(Exchange::observed(302, None, None), answered(302, None, ""));
    assert_eq!(Exchange::observed(200, None, Some("{}".into())), answered(200, None, "{}"));
    let Delivery::Retry { next_attempt_utc_ms, .. } =
        judge(&Exchange::observed(503, retry(), None))
    else {
        panic!("a 503 whose body broke off is still a 503")
    };
    assert_eq!(next_attempt_utc_ms, NOW + 120_000, "its Retry-After is honoured");
}

#[test]
fn redirects_are_not_followed_but_retried() {
    let Delivery::Retry { reason, .. } = judge(&answered(302, None, "")) else { panic!() };
    assert_eq!(reason, ClinicReason::Unexpected { status: 302, clinic_says: None });
}

#[test]
fn the_jitter_is_the_same_for_the_same_item_and_spreads_across_items() {
    let backoff = Backoff::default();
    let at = |key: &str, attempts| {
        let exchange = Exchange::NoAnswer { transport: Transport::Unreachable };
        match judge_delivery(&exchange, Attempt { idempotency_key: key, attempts }, backoff, NOW) {
            Delivery::Retry { next_attempt_utc_ms, .. } => next_attempt_utc_ms - NOW,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(at("ag-a", 5), at("ag-a", 5));
    // Full jitter: 200 devices that went offline together do not come back together.
    let waits: std::collections::BTreeSet<i64> =
        (0..200).map(|n| at(&format!("ag-{n}"), 10)).collect();
    assert!(waits.len() > 190, "only {} distinct waits", waits.len());
    let mean = waits.iter().sum::<i64>() / i64::try_from(waits.len()).unwrap();
    // Uniform over [0, 2048 s]: the mean is near the middle, not near the top.
    assert!((800_000..1_250_000).contains(&mean), "mean {mean} ms");
}

proptest! {
    #[test]
    fn waits_stay_between_a_second_and_the_cap(
        key in ".{0,40}", attempts in 0u32..200, base in 1u64..100_000, cap in 1_000u64..10_000_000,
        retry_after in proptest::option::of(0u64..100_000_000),
    ) {
        let backoff = Backoff { base_ms: base, cap_ms: cap };
        let wait = wait_ms(Attempt { idempotency_key: &key, attempts }, backoff, retry_after);
        let ceiling = base.saturating_mul(1 << attempts.min(30)).min(cap).max(1_000);
        prop_assert!(wait >= 1_000);
        prop_assert!(wait <= ceiling.max(retry_after.unwrap_or(0).min(cap)));
    }

    #[test]
    fn any_answer_gets_a_verdict_without_panicking(
        status in 0u16..1000, retry_after in proptest::option::of(".{0,40}"), body in ".{0,200}",
        attempts in proptest::num::u32::ANY, now in proptest::num::i64::ANY,
    ) {
        let exchange = Exchange::Answered { status, retry_after, body };
        let attempt = Attempt { idempotency_key: "k", attempts };
        let _ = judge_delivery(&exchange, attempt, Backoff::default(), now);
        let _ = judge_enrolment(&exchange, "https://clinic.example", true, now);
    }
}

const ENROLLED: &str = r#"{"api_version":1,"patient_id":"p-1","device_id":"d-1","token":"secret-token","clinic":{"name":"Skin\nClinic","phone":"+34 600","after_hours_advice":"Call 112."},"care_protocol":{"version":"x"}}"#;

#[test]
fn enrolment_gives_the_link_and_keeps_the_token_out_of_debug() {
    let enrolment =
        judge_enrolment(&answered(201, None, ENROLLED), "https://c.example", true, NOW).unwrap();
    assert_eq!(enrolment.link.device_id, "d-1");
    assert_eq!(enrolment.link.clinic_name, "Skin Clinic");
    assert!(enrolment.link.auto_share && !enrolment.link.relink_needed);
    assert_eq!(enrolment.link.linked_utc_ms, NOW);
    assert_eq!(enrolment.token, "secret-token");
    assert_eq!(enrolment.care_protocol_json, r#"{"version":"x"}"#);
    assert!(!format!("{enrolment:?}").contains("secret-token"));
}

#[test]
fn enrolment_errors_are_kinds_with_reasons() {
    let kind = |exchange: Exchange| {
        judge_enrolment(&exchange, "https://c.example", false, NOW).unwrap_err().kind
    };
    assert_eq!(kind(answered(404, None, "")), ClinicErrorKind::InvalidInvite);
    assert_eq!(kind(answered(410, None, "")), ClinicErrorKind::ExpiredInvite);
    assert_eq!(kind(answered(503, None, "")), ClinicErrorKind::ServerError);
    assert_eq!(kind(answered(429, Some("30"), "")), ClinicErrorKind::ServerError);
    assert_eq!(kind(answered(403, None, "")), ClinicErrorKind::Other);
    assert_eq!(kind(answered(201, None, "<html>")), ClinicErrorKind::BadResponse);
    assert_eq!(
        kind(Exchange::NoAnswer { transport: Transport::NotHttp }),
        ClinicErrorKind::BadResponse
    );
    assert_eq!(
        kind(Exchange::NoAnswer { transport: Transport::Timeout }),
        ClinicErrorKind::Unreachable
    );
    let error = judge_enrolment(&answered(429, Some("30"), ""), "https://c.example", false, NOW)
        .unwrap_err();
    assert_eq!(error.reason, ClinicReason::SlowDown { wait_seconds: Some(30) });
    assert_eq!(
        crate::sharing::reasons::cannot_link(
            &error.reason,
            "https://c.example",
            crate::i18n::Language::En
        ),
        "cannot link to https://c.example: the clinic asked to slow down (wait 30 s before trying again)"
    );
}
