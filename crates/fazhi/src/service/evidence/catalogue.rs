//! Which records each figure counts: the figure keys of `storage::figures` that count records
//! (the report's and the dashboard's), each with its register and its condition — the same
//! conditions the figures are computed with (storage/figures/disputes.rs, legality.rs, …).

use crate::storage::evidence::RecordSource;

/// One register as an evidence pack names it: its folder, its record pages and its source.
#[derive(Clone, Copy, Debug)]
pub struct Register {
    /// The folder of its records in the pack and the index's 登记簿 column.
    pub folder: &'static str,
    /// A record's staff page is `{page}/{id}`.
    pub page: &'static str,
    pub source: RecordSource,
}

const fn src(
    table: &'static str,
    date: &'static str,
    number: &'static str,
    title: &'static str,
    people: &'static str,
    entity: &'static str,
) -> RecordSource {
    RecordSource {
        table,
        date,
        number,
        title,
        people,
        extra: "",
        entity,
    }
}

const DISPUTES: Register = Register {
    folder: "矛盾纠纷",
    page: "/disputes",
    source: src(
        "disputes",
        "registered_on",
        "t.case_no",
        "t.dispute_type",
        "t.parties_text",
        crate::service::disputes::REGISTER,
    ),
};

/// Every register whose records a figure counts, once: the whole report's pack.
pub const REGISTERS: [Register; 8] = [
    DISPUTES,
    Register {
        folder: "法律咨询",
        page: "/consultations",
        source: src(
            "consultations",
            "consulted_on",
            "CAST(t.id AS TEXT)",
            "t.topic",
            "t.person",
            "consultation",
        ),
    },
    Register {
        folder: "法律援助",
        page: "/legal-aid",
        source: src(
            "legal_aid_referrals",
            "applied_on",
            "CAST(t.id AS TEXT)",
            "t.matter",
            "t.applicant",
            "legal_aid",
        ),
    },
    Register {
        folder: "调解培训",
        page: "/trainings",
        source: src(
            "trainings",
            "held_on",
            "CAST(t.id AS TEXT)",
            "t.topic",
            "''",
            "training",
        ),
    },
    Register {
        folder: "矛盾纠纷排查",
        page: "/screening",
        source: src(
            "screening_rounds",
            "starts_on",
            "CAST(t.id AS TEXT)",
            "t.name",
            "''",
            "screening_round",
        ),
    },
    Register {
        folder: "普法活动",
        page: "/publicity",
        source: src(
            "publicity_events",
            "held_on",
            "CAST(t.id AS TEXT)",
            "t.name",
            "''",
            crate::service::publicity::PHOTO_ENTITY,
        ),
    },
    Register {
        folder: "学法活动",
        page: "/study",
        source: src(
            "study_sessions",
            "held_on",
            "CAST(t.id AS TEXT)",
            "t.laws",
            "''",
            "study_session",
        ),
    },
    Register {
        folder: "重大行政决策",
        page: "/decisions",
        source: src(
            "decisions",
            "decided_on",
            "CAST(t.id AS TEXT)",
            "t.title",
            "''",
            "decision",
        ),
    },
];

/// Registers no report figure counts whose records an assessment's evidence links may name
/// (a meeting and its minutes, a complaint, a supervision item and its rectification).
pub const LINKED: [Register; 3] = [
    Register {
        folder: "会议",
        page: "/meetings",
        source: src(
            "meetings",
            "held_on",
            "CAST(t.id AS TEXT)",
            "t.topics",
            "''",
            "meeting",
        ),
    },
    Register {
        folder: "信访投诉",
        page: "/complaints",
        source: src(
            "complaints",
            "received_on",
            "CAST(t.id AS TEXT)",
            "t.subject",
            "t.petitioner_name",
            "complaint",
        ),
    },
    Register {
        folder: "监督事项",
        page: "/supervision-items",
        source: src(
            "supervision_items",
            "received_on",
            "CAST(t.id AS TEXT)",
            "t.content",
            "''",
            "supervision_item",
        ),
    },
];

/// A figure an evidence pack can be made for: its key (as in `Figures`), its name in Chinese,
/// its register and the figure's own condition.
#[derive(Clone, Copy, Debug)]
pub struct FigureDef {
    pub key: &'static str,
    pub label: &'static str,
    pub register: Register,
    /// The register list's own filter that shows exactly these records (`level=village`;
    /// empty: the list of the organisation's year), or none where no list filter can (the
    /// evidence pack's index lists them then).
    pub list: Option<&'static str>,
}

/// A figure counting some of a register's records: `extra` narrows it as the figure does.
const fn narrowed(
    key: &'static str,
    label: &'static str,
    i: usize,
    extra: &'static str,
    list: Option<&'static str>,
) -> FigureDef {
    let mut register = REGISTERS[i];
    register.source.extra = extra;
    FigureDef {
        key,
        label,
        register,
        list,
    }
}

/// A figure counting (or summing over) every record of a register's year.
const fn whole(key: &'static str, label: &'static str, i: usize, list: bool) -> FigureDef {
    FigureDef {
        key,
        label,
        register: REGISTERS[i],
        list: if list { Some("") } else { None },
    }
}

const DISPUTE: usize = 0;
const PUBLICITY: usize = 5;

/// The figures with evidence, keyed as `storage::figures` keys them. Sums (海报、受益群众) are
/// evidenced by the records they add up.
pub const FIGURES: [FigureDef; 26] = [
    whole("disputes", "矛盾纠纷", DISPUTE, true),
    narrowed(
        "village_level",
        "村级调处",
        DISPUTE,
        " AND t.level = 'village'",
        Some("level=village"),
    ),
    narrowed(
        "town_level",
        "镇级调解",
        DISPUTE,
        " AND t.level = 'town'",
        Some("level=town"),
    ),
    narrowed(
        "succeeded",
        "调解成功",
        DISPUTE,
        " AND t.status = 'succeeded'",
        Some("status=succeeded"),
    ),
    narrowed(
        "failed",
        "调解不成",
        DISPUTE,
        " AND t.status = 'failed'",
        Some("status=failed"),
    ),
    narrowed(
        "terminated",
        "终止调解",
        DISPUTE,
        " AND t.status = 'terminated'",
        Some("status=terminated"),
    ),
    narrowed(
        "transferred",
        "移交处理",
        DISPUTE,
        " AND t.status = 'transferred'",
        Some("status=transferred"),
    ),
    narrowed(
        "rejected",
        "不予受理",
        DISPUTE,
        " AND t.status = 'rejected'",
        Some("status=rejected"),
    ),
    narrowed(
        "written_agreements",
        "书面调解协议",
        DISPUTE,
        " AND t.status = 'succeeded' AND t.agreement_form = 'written'",
        None,
    ),
    narrowed(
        "oral_agreements",
        "口头调解协议",
        DISPUTE,
        " AND t.status = 'succeeded' AND t.agreement_form = 'oral'",
        None,
    ),
    narrowed(
        "judicial_confirmations",
        "申请司法确认",
        DISPUTE,
        " AND t.confirmation_applied = TRUE",
        None,
    ),
    whole("consultations", "法律咨询", 1, true),
    whole("legal_aid", "法律援助", 2, true),
    whole("trainings", "调解培训", 3, true),
    whole("screening_rounds", "矛盾纠纷排查", 4, false),
    whole("publicity_events", "普法活动", PUBLICITY, true),
    narrowed(
        "enterprise_events",
        "普法进企业",
        PUBLICITY,
        " AND t.venue_type = 'enterprise'",
        Some("venue_type=enterprise"),
    ),
    narrowed(
        "village_events",
        "普法进村居",
        PUBLICITY,
        " AND t.venue_type = 'village'",
        Some("venue_type=village"),
    ),
    narrowed(
        "school_events",
        "普法进学校",
        PUBLICITY,
        " AND t.venue_type = 'school'",
        Some("venue_type=school"),
    ),
    whole("vehicle_trips", "宣传车台次", PUBLICITY, true),
    whole("posters", "宣传海报", PUBLICITY, true),
    whole("banners", "横幅", PUBLICITY, true),
    whole("materials", "宣传物品、单张", PUBLICITY, true),
    whole("beneficiaries", "受益群众", PUBLICITY, true),
    whole("study_sessions", "学法活动", 6, true),
    whole("decisions_made", "重大行政决策", 7, false),
];

/// The figure of this key.
pub fn figure(key: &str) -> Option<&'static FigureDef> {
    FIGURES.iter().find(|f| f.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_figures_keys() {
        let keys: Vec<&str> = FIGURES.iter().map(|f| f.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert_eq!(
            fazhi_domain::report::legality_keys::DECISIONS_MADE,
            "decisions_made"
        );
    }
}
