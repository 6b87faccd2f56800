//! Roles and what each may do. Where a user may act (their organisation's subtree) is enforced
//! by the storage layer's scoped queries; *what* they may do there is decided here.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Leader,
    Staff,
    Mediator,
    Adviser,
    Enforcer,
    Viewer,
}

/// The registers (and administrative areas) permissions are granted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    Orgs,
    Users,
    Calendar,
    Audit,
    Disputes,
    Consultations,
    LegalAid,
    Mediation,
    Trainings,
    Screening,
    Publicity,
    Study,
    Reports,
    /// 合法性审查 and what goes through it: external agreements and contracts, administrative
    /// penalty decisions (行政处罚法 第五十八条) (and, with issue #16, review requests, major
    /// decisions and normative documents).
    LegalReview,
    /// 政务公开: disclosure requests (依申请公开) and, with issue #17, the disclosure catalogue.
    Disclosure,
    /// 举报投诉与信访 (issue #18): complaints, reports and petitions with their clocks and 督办.
    Complaints,
}

/// The area whose read right covers the deadlines tracked under a register (the `register` of
/// a rule in `data/deadline_rules.json`).
pub const DEADLINE_REGISTERS: &[(&str, Area)] = &[
    ("dispute", Area::Disputes),
    ("consultation", Area::Consultations),
    ("legal_aid", Area::LegalAid),
    ("committee", Area::Mediation),
    ("report", Area::Reports),
    ("disclosure", Area::Disclosure),
    ("complaint", Area::Complaints),
    ("normative", Area::LegalReview),
    // Proactive items (registers/disclosure_items/): rule `disclosure.proactive_publication`.
    ("disclosure_item", Area::Disclosure),
    // Supervision items (registers/supervision_items/): reply and rectification due dates.
    ("supervision_item", Area::Complaints),
];

/// What a village mediator reads and writes within their village: its cases, consultations and
/// legal-aid applications, its committee's members and trainings, and its screening reports.
const MEDIATOR_AREAS: &[Area] = &[
    Area::Disputes,
    Area::Consultations,
    Area::LegalAid,
    Area::Mediation,
    Area::Trainings,
    Area::Screening,
];

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Leader,
        Role::Staff,
        Role::Mediator,
        Role::Adviser,
        Role::Enforcer,
        Role::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Staff => "staff",
            Role::Mediator => "mediator",
            Role::Adviser => "adviser",
            Role::Enforcer => "enforcer",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Leader => "领导",
            Role::Staff => "工作人员",
            Role::Mediator => "调解员",
            Role::Adviser => "法律顾问",
            Role::Enforcer => "执法人员",
            Role::Viewer => "查阅",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label() == s)
    }

    /// May this role read records of `area` within its subtree?
    pub fn can_read(self, area: Area) -> bool {
        match self {
            Role::Admin => true,
            Role::Leader | Role::Viewer => !matches!(area, Area::Users),
            // The audit log shows every colleague's work: administrators and those who oversee
            // (leaders, viewers) read it; the clerks whose work it records do not.
            Role::Staff => !matches!(area, Area::Users | Area::Orgs | Area::Audit),
            // A village mediator follows the petitions of their own village (its subtree, by
            // the scoped queries) but does not handle them: the town's staff do.
            Role::Mediator => MEDIATOR_AREAS.contains(&area) || area == Area::Complaints,
            Role::Adviser | Role::Enforcer => false,
        }
    }

    /// May this role create or change records of `area` within its subtree?
    pub fn can_write(self, area: Area) -> bool {
        match self {
            Role::Admin => true,
            Role::Staff => !matches!(
                area,
                Area::Users | Area::Orgs | Area::Calendar | Area::Audit
            ),
            // Their own committee's records too: its members and the trainings they attend.
            Role::Mediator => MEDIATOR_AREAS.contains(&area),
            Role::Leader => matches!(area, Area::Reports),
            Role::Adviser | Role::Enforcer | Role::Viewer => false,
        }
    }

    /// The registers whose deadlines this role may see on its to-do list: those it may read.
    /// `None` means every register (administrators); a register not yet mapped to an area in
    /// [`DEADLINE_REGISTERS`] is shown to administrators only.
    pub fn deadline_registers(self) -> Option<Vec<&'static str>> {
        if self == Role::Admin {
            return None;
        }
        Some(
            DEADLINE_REGISTERS
                .iter()
                .filter(|(_, area)| self.can_read(*area))
                .map(|(register, _)| *register)
                .collect(),
        )
    }

    /// Full ID numbers and phone numbers are shown only to roles that handle the cases.
    pub fn may_see_personal_data(self) -> bool {
        matches!(self, Role::Admin | Role::Staff | Role::Mediator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn to_do_lists_hold_only_readable_registers() {
        assert_eq!(Role::Admin.deadline_registers(), None);
        assert_eq!(Role::Adviser.deadline_registers(), Some(vec![]));
        assert_eq!(Role::Enforcer.deadline_registers(), Some(vec![]));
        let mediator = Role::Mediator.deadline_registers().unwrap();
        assert!(mediator.contains(&"legal_aid") && mediator.contains(&"dispute"));
    }

    #[test]
    fn a_village_mediator_follows_petitions_but_the_towns_staff_handle_them() {
        assert!(Role::Mediator.can_read(Area::Complaints));
        assert!(!Role::Mediator.can_write(Area::Complaints));
        assert!(Role::Staff.can_write(Area::Complaints));
        assert!(
            Role::Leader.can_read(Area::Complaints) && !Role::Leader.can_write(Area::Complaints)
        );
        assert!(!Role::Adviser.can_read(Area::Complaints));
        assert!(Role::Mediator
            .deadline_registers()
            .unwrap()
            .contains(&"complaint"));
    }

    #[test]
    fn viewers_never_write() {
        for area in [Area::Disputes, Area::Publicity, Area::Reports, Area::Users] {
            assert!(!Role::Viewer.can_write(area));
            assert!(Role::Admin.can_write(area));
        }
        assert!(Role::Mediator.can_write(Area::Disputes));
        assert!(Role::Mediator.can_write(Area::Mediation));
        assert!(!Role::Leader.can_write(Area::Trainings));
        assert!(!Role::Mediator.can_read(Area::Publicity));
        assert!(!Role::Staff.can_write(Area::Users));
    }
}
