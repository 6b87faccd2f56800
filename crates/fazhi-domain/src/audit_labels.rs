//! The audit log as officials read it: every action code and record kind the system writes, and
//! the common field names of the recorded values, in Chinese; the reverse lookup that lets a
//! filter be typed in Chinese (操作「编辑」, 记录类型「纠纷」); and recorded values flattened into
//! 字段：旧值 → 新值 lines. A code not in the tables is shown as it is, never hidden.

use serde_json::Value;

use crate::revision::shown;

/// Action codes and their labels. A code may be written by several record kinds; where the
/// label differs by kind, [`ENTITY_ACTIONS`] has it first.
const ACTIONS: &[(&str, &str)] = &[
    ("create", "登记"),
    ("register", "登记"),
    ("update", "修改"),
    ("correct", "更正"),
    ("withdraw", "作废"),
    ("restore", "恢复"),
    ("import", "导入"),
    ("deactivate", "停用"),
    ("reactivate", "重新启用"),
    ("accept", "受理"),
    ("reject", "不予受理"),
    ("start", "开始调解"),
    ("close", "结案"),
    ("transfer", "移交"),
    ("escalate", "上报镇级调解"),
    ("session", "记录调解"),
    ("add_session", "记录调解"),
    ("return_visit", "回访"),
    ("add_return_visit", "回访"),
    ("judicial_confirmation", "司法确认"),
    ("mediation_plan", "记录重大矛盾纠纷调处方案"),
    ("decide", "作出审查决定"),
    ("assign", "指派承办人"),
    ("link_dispute", "关联纠纷案件"),
    ("attach", "上传附件"),
    ("download", "下载文件"),
    ("view_personal_data", "查看完整个人信息"),
    ("sign_in", "登录"),
    ("sign_in_failed", "登录失败"),
    ("sign_out", "退出登录"),
    ("change_password", "修改密码"),
    ("save_narrative", "保存报告文字"),
    ("save_settings", "保存报告设置"),
    ("finalize", "报告定稿"),
    ("set_indicators", "设定考核指标"),
    ("self_assess", "填报考核自评"),
    ("score", "考核评分"),
    ("load", "载入"),
    ("rekey", "审计日志改用密钥签名"),
    ("user_disabled", "停用账户"),
    ("user_enabled", "启用账户"),
    ("password_reset", "重置密码"),
    ("role_changed", "更改角色"),
    ("user_moved", "调整所属组织"),
    ("user_renamed", "修改姓名"),
    ("session_revoked", "注销登录或令牌"),
    ("org_renamed", "组织更名"),
    ("rename", "更名"),
    ("recode", "更改代码"),
    ("move", "迁移"),
    ("activate", "启用"),
    ("org_moved", "调整上级组织"),
    ("org_deactivated", "停用组织"),
    ("code_added", "新增代码"),
    ("code_deactivated", "停用代码"),
    ("code_reactivated", "重新启用代码"),
    ("review_opinion", "出具审查意见"),
    ("review_adoption", "反馈采纳情况"),
    ("complaint_accept", "告知受理决定"),
    ("complaint_refer", "转送或提出异议"),
    ("complaint_assign", "交办"),
    ("complaint_note", "记录调查情况"),
    ("complaint_extend", "延长办理期限"),
    ("complaint_conclude", "出具处理意见"),
    ("complaint_callback", "满意度回访"),
    ("complaint_review", "记录复查"),
    ("complaint_recheck", "记录复核"),
    ("complaint_supervise", "督办"),
    ("complaint_supervision_reply", "督办回复"),
    ("complaint_link_dispute", "关联调解案件"),
    ("supervision_item_reply", "答复监督事项"),
    ("supervision_item_rectify", "整改完成"),
    ("normative_open_comment", "公开征求意见"),
    ("normative_send_review", "送合法性审核"),
    ("normative_deliberate", "集体审议"),
    ("normative_issue", "印发"),
    ("normative_publish", "公布"),
    ("normative_file", "报送备案"),
    ("normative_evaluate", "评估"),
    ("normative_amend", "修订"),
    ("normative_repeal", "废止"),
    ("cleanup_result", "确定清理结果"),
    ("cleanup_finish", "完成清理"),
    ("cleanup_publish", "公布清理结果"),
    ("cleanup_repeal", "清理废止"),
    ("cleanup_invalidate", "清理宣布失效"),
    ("comment_received", "收到公众意见"),
    ("comment_approve", "公开公众意见"),
    ("comment_hide", "不予公开公众意见"),
    ("decision_catalogue", "公布决策目录"),
    ("decision_procedure", "记录决策程序"),
    ("decision_review", "关联合法性审查"),
    ("decision_decide", "集体讨论决定"),
    ("decision_publish", "决策公布"),
    ("decision_archive", "决策归档"),
    ("decision_evaluate", "决策后评估"),
    ("disclosure_correction_notice", "告知补正"),
    ("disclosure_corrected", "收到补正"),
    ("disclosure_consult", "征求意见"),
    ("disclosure_extend", "延长答复期限"),
    ("disclosure_reply", "答复申请"),
    ("disclosure_fee", "收取信息处理费"),
    ("disclosure_remedy", "登记行政复议、行政诉讼"),
    ("save_profile", "保存台账格式（列对应）"),
    ("record_file", "登记导入文件"),
    ("alias_added", "新增别名"),
    ("ledger_profile_saved", "保存台账列对应"),
];

/// Labels that depend on the record kind: `(entity, action, label)`.
const ENTITY_ACTIONS: &[(&str, &str, &str)] = &[
    ("user", "create", "新建用户"),
    ("org", "create", "新建组织"),
    ("org", "rename", "组织更名"),
    ("org", "recode", "更改组织代码"),
    ("org", "move", "调整上级组织"),
    ("org", "deactivate", "停用组织"),
    ("org", "activate", "启用组织"),
    ("legal_aid", "transfer", "转交"),
    ("calendar_file", "load", "载入日历文件"),
];

/// Words people type for an action that are not its label (「编辑」 for 修改).
const ACTION_SYNONYMS: &[(&str, &str)] = &[
    ("编辑", "update"),
    ("更改", "update"),
    ("新增", "create"),
    ("新建", "create"),
    ("添加", "create"),
    ("删除", "withdraw"),
    ("登入", "sign_in"),
    ("登出", "sign_out"),
    ("下载", "download"),
    ("附件", "attach"),
];

/// Record kinds (the log's `entity`) and their labels.
const ENTITIES: &[(&str, &str)] = &[
    ("dispute", "纠纷案件"),
    ("consultation", "法律咨询"),
    ("legal_aid", "法律援助申请"),
    ("screening_round", "矛盾纠纷排查"),
    ("screening_report", "村（社区）排查报告"),
    ("committee", "人民调解委员会"),
    ("mediator", "人民调解员"),
    ("training", "调解培训"),
    ("publicity_event", "普法宣传活动"),
    ("responsibility_item", "普法责任清单条目"),
    ("study_session", "学法活动"),
    ("law_exam", "学法考试成绩"),
    ("duty_report", "述职述法记录"),
    ("contract", "对外协议合同"),
    ("penalty", "行政处罚决定"),
    ("leading_group", "法治建设领导小组"),
    ("leading_group_member", "领导小组成员"),
    ("meeting", "法治建设会议"),
    ("work_rule", "法治建设工作制度"),
    ("budget_line", "法治建设经费"),
    ("plan_task", "年度目标任务"),
    ("assessment", "法治建设考核"),
    ("disclosure_request", "政府信息公开申请"),
    ("disclosure_item", "主动公开信息"),
    ("portal_profile", "门户网站信息"),
    ("review_request", "合法性审查"),
    ("complaint", "信访事项"),
    ("supervision_item", "监督事项"),
    ("normative_document", "行政规范性文件"),
    ("normative_comment", "规范性文件公众意见"),
    ("normative_cleanup", "规范性文件清理"),
    ("decision", "重大行政决策"),
    ("ledger_import", "导入文件"),
    ("user", "用户"),
    ("org", "组织"),
    ("report", "年度报告"),
    ("file", "文件"),
    ("calendar_file", "节假日日历文件"),
    ("audit_log", "审计日志"),
    ("code", "代码"),
    ("code_list", "代码表"),
    ("alias", "代码别名"),
    ("ledger_profile", "台账列对应"),
    ("api_token", "API 令牌"),
    ("session", "登录会话"),
];

/// Words people type for a record kind that are not its label (「纠纷」 for 纠纷案件).
const ENTITY_SYNONYMS: &[(&str, &str)] = &[
    ("纠纷", "dispute"),
    ("矛盾纠纷", "dispute"),
    ("案件", "dispute"),
    ("咨询", "consultation"),
    ("法律援助", "legal_aid"),
    ("援助", "legal_aid"),
    ("排查", "screening_round"),
    ("排查报告", "screening_report"),
    ("调委会", "committee"),
    ("调解委员会", "committee"),
    ("调解员", "mediator"),
    ("培训", "training"),
    ("普法", "publicity_event"),
    ("普法活动", "publicity_event"),
    ("宣传活动", "publicity_event"),
    ("责任清单", "responsibility_item"),
    ("学法", "study_session"),
    ("考试", "law_exam"),
    ("述法", "duty_report"),
    ("合同", "contract"),
    ("处罚", "penalty"),
    ("行政处罚", "penalty"),
    ("领导小组", "leading_group"),
    ("小组成员", "leading_group_member"),
    ("会议", "meeting"),
    ("工作制度", "work_rule"),
    ("制度", "work_rule"),
    ("经费", "budget_line"),
    ("目标任务", "plan_task"),
    ("考核", "assessment"),
    ("依申请公开", "disclosure_request"),
    ("审查", "review_request"),
    ("合法性审查", "review_request"),
    ("规范性文件", "normative_document"),
    ("清理", "normative_cleanup"),
    ("决策", "decision"),
    ("重大决策", "decision"),
    ("重大行政决策", "decision"),
    ("公开申请", "disclosure_request"),
    ("信访", "complaint"),
    ("投诉", "complaint"),
    ("举报", "complaint"),
    ("代表建议", "supervision_item"),
    ("政协提案", "supervision_item"),
    ("司法建议", "supervision_item"),
    ("检察建议", "supervision_item"),
    ("账户", "user"),
    ("单位", "org"),
    ("报告", "report"),
    ("日历", "calendar_file"),
];

/// Common field names of recorded values; a register's own labels (its ledger's column names)
/// come first where the caller has them.
const FIELDS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("code", "代码"),
    ("kind", "类型"),
    ("parent", "上级组织"),
    ("parent_code", "上级组织代码"),
    ("parent_id", "上级组织"),
    ("region", "地区"),
    ("path", "组织路径"),
    ("org_id", "组织"),
    ("org", "组织"),
    ("org_code", "组织代码"),
    ("org_name", "组织"),
    ("username", "用户名"),
    ("display_name", "姓名"),
    ("role", "角色"),
    ("active", "启用"),
    ("disabled", "停用"),
    ("must_change_password", "须修改密码"),
    ("address", "访问地址"),
    ("rows", "行数"),
    ("source", "来源"),
    ("ledger", "台账"),
    ("file", "文件"),
    ("file_name", "文件名"),
    ("year", "年度"),
    ("title", "标题"),
    ("title_kind", "标题类型"),
    ("signatories", "署名"),
    ("section", "章节"),
    ("body", "内容"),
    ("entries", "条目"),
    ("entity", "记录类型"),
    ("actor", "操作人"),
    ("from", "起始日期"),
    ("to", "截止日期"),
    ("page", "页码"),
    ("hash", "哈希"),
    ("head", "链头"),
    ("status", "状态"),
    ("level", "层级"),
    ("note", "备注"),
    ("notes", "备注"),
    ("remarks", "备注"),
    ("reason", "原因"),
    ("correction_reason", "更正原因"),
    ("withdrawn_reason", "作废原因"),
    ("withdrawn_at", "作废时间"),
    ("list", "代码表"),
    ("alias", "别名"),
    ("canonical", "规范名称"),
    ("label", "名称"),
    ("columns", "列"),
    ("profile", "列对应方案"),
    ("parties", "当事人"),
    ("id_number", "身份证号码"),
    ("id_no", "身份证号码"),
    ("phone", "电话"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("age", "年龄"),
    ("dispute_id", "纠纷案件"),
    ("round_id", "排查轮次"),
    ("village_id", "村（社区）"),
    ("committee_id", "调解委员会"),
    ("mediator", "调解员"),
    ("mediators", "调解员"),
    ("summary", "简要情况"),
    ("outcome", "结果"),
    ("held_on", "日期"),
    ("registered_on", "登记日期"),
    ("size", "大小"),
    ("content_type", "文件类型"),
    ("sha256", "文件哈希"),
];

/// Values that are bookkeeping, not content: not shown as changes.
const HIDDEN_FIELDS: &[&str] = &[
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "org_path",
    "password_hash",
];

/// What people read for `action` on a record of kind `entity`; the code itself when unknown.
pub fn action_label<'a>(entity: &str, action: &'a str) -> &'a str {
    ENTITY_ACTIONS
        .iter()
        .find(|(e, a, _)| *e == entity && *a == action)
        .map(|(_, _, l)| *l)
        .or_else(|| lookup(ACTIONS, action))
        .unwrap_or(action)
}

/// What people read for a record kind; the code itself when unknown.
pub fn entity_label(entity: &str) -> &str {
    lookup(ENTITIES, entity).unwrap_or(entity)
}

/// Whether `action` has a label of its own (not the raw code).
pub fn is_known_action(action: &str) -> bool {
    lookup(ACTIONS, action).is_some()
}

/// Whether `entity` has a label of its own.
pub fn is_known_entity(entity: &str) -> bool {
    lookup(ENTITIES, entity).is_some()
}

/// A common field's label, if it has one.
pub fn field_label(field: &str) -> Option<&'static str> {
    lookup(FIELDS, field)
}

fn lookup(table: &[(&str, &'static str)], code: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// The codes a filter's text means: a code as stored, a label (every code with it, so 「登记」
/// finds both `create` and `register`), or a word people use for it. Quotes 「」 and spaces
/// around it are ignored. Empty when nothing matches: the filter then finds nothing rather than
/// everything.
fn codes_for(
    text: &str,
    labels: &[(&'static str, &'static str)],
    synonyms: &[(&'static str, &'static str)],
) -> Vec<String> {
    let t = bare(text);
    let mut codes: Vec<String> = Vec::new();
    let matching = labels
        .iter()
        .filter(|(code, label)| *code == t || *label == t)
        .map(|(code, _)| code)
        .chain(
            synonyms
                .iter()
                .filter(|(w, _)| *w == t)
                .map(|(_, code)| code),
        );
    for code in matching {
        push_once(&mut codes, code);
    }
    if codes.is_empty() && !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        // A code the tables do not know yet (written by a newer version): searched as typed.
        push_once(&mut codes, t);
    }
    codes
}

/// A filter's text without the quotes 「」 and spaces around it.
fn bare(text: &str) -> &str {
    text.trim_matches(|c: char| matches!(c, '「' | '」' | '"' | '“' | '”') || c.is_whitespace())
}

fn push_once(codes: &mut Vec<String>, code: &str) {
    if !codes.iter().any(|c| c == code) {
        codes.push(code.to_owned());
    }
}

/// The action codes a filter's text means (see [`codes_for`]).
pub fn action_codes(text: &str) -> Vec<String> {
    let mut codes = codes_for(text, ACTIONS, ACTION_SYNONYMS);
    for (_, code, label) in ENTITY_ACTIONS {
        if *label == bare(text) {
            push_once(&mut codes, code);
        }
    }
    codes
}

/// The record-kind codes a filter's text means (see [`codes_for`]).
pub fn entity_codes(text: &str) -> Vec<String> {
    codes_for(text, ENTITIES, ENTITY_SYNONYMS)
}

/// The labels offered in the filters' drop-downs: `(code, label)`, each label once.
pub fn action_choices() -> Vec<(&'static str, &'static str)> {
    let mut seen = Vec::new();
    ACTIONS
        .iter()
        .filter(|(_, l)| {
            let first = !seen.contains(l);
            seen.push(*l);
            first
        })
        .copied()
        .collect()
}

pub fn entity_choices() -> &'static [(&'static str, &'static str)] {
    ENTITIES
}

/// One line of an entry's content: 字段：旧值 → 新值, or 字段：值 when only one side exists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldLine {
    pub label: String,
    /// The value before the change; `None` for a value that did not exist (a registration).
    pub before: Option<String>,
    /// The value after; `None` for a value that no longer exists.
    pub after: Option<String>,
}

/// A recorded value flattened: `(path, text)` for every leaf, paths like `parties.2.name`
/// (arrays numbered from 1), leaves as people read them (是/否, （空）).
pub fn flatten(v: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_owned()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if !HIDDEN_FIELDS.contains(&k.as_str()) {
                        walk(v, &join(k), out);
                    }
                }
            }
            // A list of plain values reads as one value (主题：宪法、民法典).
            Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &join(&(i + 1).to_string()), out);
                }
            }
            leaf => out.push((path.to_owned(), shown(leaf))),
        }
    }
    let mut out = Vec::new();
    if !v.is_null() {
        walk(v, "", &mut out);
    }
    out
}

/// A flattened path as people read it: each name by `label` (a register's own labels) or the
/// common table, numbers as 第N项, unknown names as they are. `parties.2.name` → 当事人 第2项 名称.
pub fn path_label(path: &str, label: impl Fn(&str) -> Option<String>) -> String {
    if let Some(l) = label(path) {
        return l;
    }
    path.split('.')
        .map(|part| {
            if part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty() {
                format!("第{part}项")
            } else {
                label(part)
                    .or_else(|| field_label(part).map(str::to_owned))
                    .unwrap_or_else(|| part.to_owned())
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines of an entry with values `before` and `after` (either may be null): for an edit,
/// the leaves that differ; for a registration or removal, every leaf of the side there is.
pub fn field_lines(
    before: &Value,
    after: &Value,
    label: impl Fn(&str) -> Option<String>,
) -> Vec<FieldLine> {
    let old = flatten(before);
    let new = flatten(after);
    let find = |side: &[(String, String)], p: &str| {
        side.iter().find(|(k, _)| k == p).map(|(_, v)| v.clone())
    };
    let mut paths: Vec<&String> = old.iter().map(|(k, _)| k).collect();
    for (k, _) in &new {
        if !paths.contains(&k) {
            paths.push(k);
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let (b, a) = (find(&old, p), find(&new, p));
            if b == a {
                return None;
            }
            let name = if p.is_empty() {
                "值".to_owned()
            } else {
                path_label(p, &label)
            };
            Some(FieldLine {
                label: name,
                before: b,
                after: a,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn actions_and_kinds_read_in_chinese_and_unknown_codes_show_as_they_are() {
        assert_eq!(action_label("dispute", "update"), "修改");
        assert_eq!(action_label("legal_aid", "transfer"), "转交");
        assert_eq!(action_label("dispute", "transfer"), "移交");
        assert_eq!(action_label("user", "user_disabled"), "停用账户");
        assert_eq!(action_label("x", "brand_new_code"), "brand_new_code");
        assert_eq!(entity_label("dispute"), "纠纷案件");
        assert_eq!(entity_label("brand_new_kind"), "brand_new_kind");
    }

    #[test]
    fn filters_accept_codes_labels_and_words_people_use() {
        assert_eq!(action_codes("update"), vec!["update"]);
        assert_eq!(action_codes("修改"), vec!["update"]);
        assert_eq!(action_codes("「编辑」"), vec!["update"]);
        assert_eq!(action_codes("登记"), vec!["create", "register"]);
        assert_eq!(entity_codes("纠纷"), vec!["dispute"]);
        assert_eq!(entity_codes("纠纷案件"), vec!["dispute"]);
        assert_eq!(entity_codes("dispute"), vec!["dispute"]);
        assert!(entity_codes("没有这种记录").is_empty());
        assert_eq!(entity_codes("new_kind"), vec!["new_kind"]);
    }

    #[test]
    fn an_edit_lists_what_changed_as_old_to_new_with_nested_values_flattened() {
        let before = json!({"id": 7, "version": 1, "name": "宪法宣传", "parties": [{"name": "张三", "phone": "138****0000"}], "themes": ["宪法"]});
        let after = json!({"id": 7, "version": 2, "name": "宪法宣传周", "parties": [{"name": "张三", "phone": "139****0000"}], "themes": ["宪法", "民法典"]});
        let lines = field_lines(&before, &after, |k| {
            (k == "themes").then(|| "主题".to_owned())
        });
        assert_eq!(
            lines,
            vec![
                FieldLine {
                    label: "名称".into(),
                    before: Some("宪法宣传".into()),
                    after: Some("宪法宣传周".into())
                },
                FieldLine {
                    label: "当事人 第1项 电话".into(),
                    before: Some("138****0000".into()),
                    after: Some("139****0000".into())
                },
                FieldLine {
                    label: "主题".into(),
                    before: Some("宪法".into()),
                    after: Some("宪法、民法典".into())
                },
            ]
        );
    }

    #[test]
    fn a_registration_lists_every_value_once() {
        let lines = field_lines(
            &Value::Null,
            &json!({"rows": 3, "source": "a.csv", "id": 1}),
            |_| None,
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].before, None);
        assert_eq!(lines[0].label, "行数");
        assert_eq!(lines[0].after.as_deref(), Some("3"));
    }
}
