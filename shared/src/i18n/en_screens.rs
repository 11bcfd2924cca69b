//! English for the everyday screens (keys in `screens.rs`).

use super::screens::{
    NavigationWords, NoticeWords, ProfileWords, ScreeningWords, SessionFormWords, TimelineWords,
    TodayScreenWords,
};

pub(super) const TODAY: TodayScreenWords = TodayScreenWords {
    title: "Today",
    subtitle_day: "Day {day} after your session · times in your zone, {zone}",
    subtitle: "times in your zone, {zone}",
    check_in: "How is your skin today?",
    add_session: "Add another session",
    what_column: "Activity",
    when_column: "From (your time)",
    warnings: "Talk to your clinic about",
    restrictions: "When you can again",
    dos: "Do",
    donts: "Don't",
    expected: "What you may feel",
    coming_up: "Coming up",
    preparation: "Before your next session",
    next_session: "Next session",
    task_now: "Now: {task}",
    session: "Session {number}",
    unlock_from: "{unlock} from {when}",
    phase_no_sessions: "Add your first session",
    phase_preparing: "Getting ready for your session",
    interval_warning: "Your next session is {days} days after the last one; clinics usually leave at least 4 weeks between sessions so the skin can heal: check the date with your clinic",
    clinic_protocol_note: "Your clinic's aftercare plan is shown as your clinic wrote it.",
};

pub(super) const TIMELINE: TimelineWords = TimelineWords {
    title: "Timeline",
    page: "Page {page} of {count}",
    earlier: "Earlier",
    later: "Later",
    kind_session: "Session",
    kind_unlock: "Allowed again",
    kind_milestone: "Milestone",
    kind_prep: "Preparation",
    detail: "{kind} · session {number} · {when}",
};

pub(super) const NAVIGATION: NavigationWords = NavigationWords {
    today: "Today",
    timeline: "Timeline",
    checkins: "Check-in",
    photos: "Photos",
    reminders: "Reminders",
    clinic: "Clinic",
    records: "Records",
    about: "About",
    more: "More",
    label: "Screens",
};

pub(super) const SESSION_FORM: SessionFormWords = SessionFormWords {
    title: "Your treatment session",
    intro: "Tell Afterglow when your microneedling session was (or will be). Times are in your zone, {zone}.",
    session: "Session",
    start: "Start",
    depth: "Needle depth (mm)",
    areas: "Treated areas",
    device: "Device (optional)",
    planned: "This session is planned (in the future)",
    save: "Save and see today",
    start_hint: "Date and time, like 2026-03-14 10:30",
    list_title: "Your sessions",
    booked: "booked",
    delete: "Delete session {number}",
    delete_question: "Delete session {number}? Its aftercare plan and reminders go; your check-ins and photos stay.",
    keep: "Keep it",
    area_names: ["Face", "Neck", "Décolletage", "Hands", "Scalp", "Body", "Scars", "Stretch marks"],
};

pub(super) const PROFILE: ProfileWords = ProfileWords {
    title: "About you",
    note: "These change the advice you get; they never decide whether you can be treated.",
    cold_sores: "I get cold sores",
    pregnant: "I am pregnant",
    isotretinoin: "I took isotretinoin (Roaccutane) in the last 6 months",
    blood_thinners: "I take blood thinners",
    keloids: "My skin forms raised scars (keloids)",
    skin_type_label: "Skin type (Fitzpatrick), if you know it",
    not_sure: "Not sure",
    skin_type: "Type {number}",
};

pub(super) const SCREENING: ScreeningWords = ScreeningWords {
    title: "For this session, do any of these apply? Each is something to discuss with your clinic, never a reason you cannot be treated.",
    questions: [
        "Acne, a cold sore, an infection or a rash where you will be treated",
        "You get cold sores",
        "A weakened immune system: medicines that lower it, chemotherapy or radiotherapy, or steroid tablets",
        "Diabetes that is not well controlled",
        "An eczema, psoriasis, rosacea or vitiligo flare",
        "An allergy to metals (nickel) or to numbing cream",
        "Pregnant",
        "Breastfeeding",
        "Isotretinoin (Roaccutane) in the last 6 months",
        "Blood thinners (for example warfarin, apixaban or daily aspirin)",
        "Keloids or raised scars",
        "You are younger than 22",
        "This session is radiofrequency (RF) microneedling",
    ],
    warnings: [
        "Acne, a cold sore, an infection or a rash in the area: call your clinic before the session; they usually reschedule",
        "Cold sores: ask your clinic or prescriber about antiviral medicine before this session",
        "A weakened immune system raises the risk of infection: tell your clinic before the session",
        "Diabetes that is not well controlled slows healing: tell your clinic before the session",
        "A skin condition flare in the area: tell your clinic; they may postpone until it settles",
        "A metal or numbing-cream allergy: tell your clinic so they can choose the needles and cream",
        "Pregnancy: clinics usually postpone microneedling; discuss it with your clinic",
        "Breastfeeding: clinics usually postpone microneedling; discuss it with your clinic",
        "Isotretinoin in the last 6 months: discuss timing with your clinic",
        "Blood thinners raise bleeding and bruising: tell your clinic; don't stop them without your doctor",
        "Keloids or raised scars: discuss whether microneedling suits you with your clinic",
        "Under 22: microneedling devices are approved for adults 22 and over; discuss it with your clinic",
        "RF microneedling heals more slowly and has other risks than this app's plan covers: follow your clinic's RF aftercare and ask them which signs to report",
    ],
};

pub(super) const NOTICE: NoticeWords = NoticeWords {
    title: "Before you start",
    about_title: "About Afterglow",
    what_it_is: "Afterglow helps you look after your skin after microneedling: what to do and avoid each day, when each restriction ends, a daily check-in, reminders, and a private photo journal you can share with your clinic.",
    privacy: "Your record stays on this device. Nothing is sent to your clinic until you link it and share, item by item or automatically if you turn that on.",
    triage_table: "Check-in triage table version {version}: {status}.",
    triage_table_status: "a proposal from the project's clinical research and an independent clinical review; not yet signed off by a clinic's medical director",
    care_protocol: "Aftercare plan: {name}, version {version} ({whose}).",
    protocol_default: "the app's default; your clinic can give you theirs",
    protocol_clinic: "from your clinic",
    not_a_diagnosis: "Afterglow does not diagnose. A check-in result sorts your answers with a fixed table; it cannot see your skin.",
    not_monitored: "Your clinic does not watch what you share in real time: a shared check-in may not be read for a day or more. For anything that cannot wait, call them.",
    follow_your_clinic: "It does not replace your clinic's instructions: where they differ, follow your clinic.",
    in_an_emergency: "In an emergency, call your local emergency number or go to an emergency department.",
};
