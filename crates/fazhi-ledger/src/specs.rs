//! Every register's ledger (PRODUCT.md §8.4): one place for their column names and the other
//! headers towns write for them, so that the template a town downloads and the importer that
//! reads it back cannot drift apart.
//!
//! Allowed values that are configurable code lists (types, sources, themes …) are described, not
//! listed: the lists live in the configuration and may differ by region.
//!
//! Synonyms come from real township ledgers (a published 矛盾纠纷排查记录表 has 排查日期,
//! 排查区域/单位, 排查人员, 矛盾事项 …). A header that is neither a column nor a synonym is
//! mapped by the clerk on the import page and saved as the organisation's ledger profile.

use crate::{ColumnSpec, LedgerSpec};

const DATE: &str = "日期，如 2024-03-05";
const COUNT: &str = "非负整数，不填按 0 计";

/// 备注, in almost every town's ledger: a known column of every ledger, kept with the record.
pub const REMARKS: &str = "备注";
const REMARKS_COLUMN: ColumnSpec =
    ColumnSpec::optional(REMARKS, "其他需要说明的情况，随记录保存").aka(&["备注说明", "附注"]);

pub const DISPUTES: LedgerSpec =
    LedgerSpec {
        key: "disputes",
        name: "纠纷台账",
        columns: &[
            ColumnSpec::optional("编号", "纠纷编号；不填则由系统自动生成").aka(&[
                "案件编号",
                "纠纷编号",
                "案号",
            ]),
            ColumnSpec::required("登记日期", DATE).aka(&[
                "排查日期",
                "受理日期",
                "收案日期",
                "登记时间",
                "排查时间",
            ]),
            ColumnSpec::required("所属村", "本镇所辖村（社区）的名称或代码").aka(&[
                "排查区域/单位",
                "排查区域",
                "排查单位",
                "所属村（社区）",
                "村（社区）",
                "所在村",
                "村居",
            ]),
            ColumnSpec::required("纠纷类型", "系统「纠纷类型」代码表中的名称").aka(&[
                "纠纷类别",
                "矛盾类型",
                "矛盾纠纷类型",
                "纠纷种类",
            ]),
            ColumnSpec::required("来源", "系统「纠纷来源」代码表中的名称").aka(&[
                "纠纷来源",
                "来源渠道",
                "受理方式",
            ]),
            ColumnSpec::required("当事人", "当事人姓名或单位名称；多个用顿号「、」分隔")
                .aka(&["当事人姓名", "双方当事人", "当事人（双方）"])
                .multi(),
            ColumnSpec::optional("简要情况", "纠纷的简要情况").aka(&[
                "矛盾事项",
                "纠纷事项",
                "基本情况",
                "纠纷简要情况",
                "矛盾纠纷简要情况",
                "主要事实",
            ]),
            ColumnSpec::required("调解层级", "村级 或 镇级").aka(&["调处层级", "化解层级", "层级"]),
            ColumnSpec::optional("调解员", "调解员姓名；多个用顿号「、」分隔")
                .aka(&["调解人员", "调解人", "责任人", "化解责任人", "排查人员"])
                .multi(),
            ColumnSpec::required("状态", "已受理、调解中、调解成功、调解不成、已终止 之一").aka(&[
                "化解结果",
                "调解结果",
                "化解情况",
                "办理状态",
            ]),
            ColumnSpec::optional(
                "结案日期",
                "状态为调解成功、调解不成或已终止时必填；日期，如 2024-03-05",
            )
            .aka(&["化解日期", "办结日期", "调结日期", "结案时间"]),
            ColumnSpec::optional("协议形式", "书面、口头、无 之一")
                .aka(&["协议类型", "调解协议形式"]),
            ColumnSpec::optional("涉及金额", "单位：元，如 12000 或 1.5万；不涉及金额可不填")
                .aka(&["涉及金额（元）", "涉案金额", "标的金额"]),
            REMARKS_COLUMN,
        ],
    };

pub const CONSULTATIONS: LedgerSpec = LedgerSpec {
    key: "consultations",
    name: "法律咨询台账",
    columns: &[
        ColumnSpec::required("日期", DATE).aka(&["咨询日期", "来访日期", "咨询时间"]),
        ColumnSpec::optional("所属村", "咨询人所在村（社区）的名称或代码").aka(&[
            "所属村（社区）",
            "村（社区）",
            "所在村",
        ]),
        ColumnSpec::required("咨询人", "咨询人姓名").aka(&["咨询人姓名", "来访人", "来访人姓名"]),
        ColumnSpec::required("咨询事项", "咨询的问题").aka(&["咨询内容", "咨询问题", "主要内容"]),
        ColumnSpec::optional("类别", "系统「咨询类别」代码表中的名称")
            .aka(&["咨询类别", "问题类别"]),
        ColumnSpec::optional("答复人", "答复人姓名").aka(&["解答人", "接待人", "接待人员"]),
        ColumnSpec::optional("处理方式", "如 当场解答、引导申请法律援助、转交有关部门").aka(&[
            "处理结果",
            "处理情况",
            "办理结果",
        ]),
        REMARKS_COLUMN,
    ],
};

pub const LEGAL_AID: LedgerSpec = LedgerSpec {
    key: "legal-aid",
    name: "法律援助台账",
    columns: &[
        ColumnSpec::required("申请日期", DATE).aka(&["受理日期", "申请时间"]),
        ColumnSpec::required("申请人", "申请人姓名").aka(&["申请人姓名", "受援人"]),
        ColumnSpec::optional("所属村", "申请人所在村（社区）的名称或代码").aka(&[
            "所属村（社区）",
            "村（社区）",
            "所在村",
        ]),
        ColumnSpec::required("事项", "申请法律援助的事项").aka(&["申请事项", "援助事项", "案由"]),
        ColumnSpec::optional("转交机构", "转交的法律援助机构名称").aka(&[
            "转交单位",
            "承办机构",
            "法律援助机构",
        ]),
        ColumnSpec::optional("结果", "办理结果").aka(&["办理结果", "援助结果", "处理结果"]),
        REMARKS_COLUMN,
    ],
};

pub const PUBLICITY: LedgerSpec = LedgerSpec {
    key: "publicity",
    name: "普法活动台账",
    columns: &[
        ColumnSpec::required("日期", DATE).aka(&["活动日期", "开展时间", "活动时间"]),
        ColumnSpec::required("活动名称", "活动名称").aka(&["活动内容", "名称"]),
        ColumnSpec::required("地点类型", "系统「地点类型」代码表中的名称")
            .aka(&["活动地点类型", "场所类型"]),
        ColumnSpec::optional(
            "主题",
            "系统「普法主题」代码表中的名称；多个用顿号「、」分隔",
        )
        .aka(&["宣传主题", "普法主题"])
        .multi(),
        ColumnSpec::optional("形式", "如 讲座、集市宣传、入户宣传").aka(&["宣传形式", "活动形式"]),
        ColumnSpec::optional("大型海报", COUNT).aka(&["大型宣传海报", "大海报"]),
        ColumnSpec::optional("小型海报", COUNT).aka(&["小型宣传海报", "小海报"]),
        ColumnSpec::optional("横幅", COUNT).aka(&["悬挂横幅", "横幅（条）"]),
        ColumnSpec::optional("宣传品份数", COUNT).aka(&[
            "发放宣传品",
            "宣传资料份数",
            "发放资料（份）",
            "发放宣传资料",
        ]),
        ColumnSpec::optional("宣传车台次", COUNT).aka(&["宣传车", "出动宣传车"]),
        ColumnSpec::optional("受益人次", COUNT).aka(&["受益群众", "受益人数", "受教育人数"]),
        REMARKS_COLUMN,
    ],
};

pub const STUDY_SESSIONS: LedgerSpec = LedgerSpec {
    key: "study-sessions",
    name: "学法台账",
    columns: &[
        ColumnSpec::required("日期", DATE).aka(&["学习日期", "学法日期", "学习时间"]),
        ColumnSpec::required(
            "形式",
            "理论学习中心组、会前学法、机关集中学法、专题讲座、培训班、在线 之一",
        )
        .aka(&["学习形式", "学法形式"]),
        ColumnSpec::required("学习内容", "所学法律法规，如《中华人民共和国宪法》")
            .aka(&["学法内容", "学习的法律法规"]),
        ColumnSpec::optional("主讲人", "主讲人姓名").aka(&["领学人", "授课人"]),
        ColumnSpec::optional("参加人员", "姓名；多个用顿号「、」分隔")
            .aka(&["参学人员"])
            .multi(),
        ColumnSpec::optional("参加人数", "非负整数；不填按参加人员人数计").aka(&["参学人数"]),
        ColumnSpec::required("学时", "小时数，如 1.5").aka(&["学习时长", "时长（小时）"]),
        REMARKS_COLUMN,
    ],
};

pub const LAW_EXAMS: LedgerSpec = LedgerSpec {
    key: "law-exams",
    name: "学法考试成绩",
    columns: &[
        ColumnSpec::required("年度", "考试年度，如 2024").aka(&["考试年度", "年份"]),
        ColumnSpec::required("姓名", "干部姓名").aka(&["干部姓名", "考生姓名"]),
        ColumnSpec::optional("职务", "职务").aka(&["职位", "岗位"]),
        ColumnSpec::optional("成绩", "0–150 分；不填则须填写是否合格").aka(&[
            "考试成绩",
            "分数",
            "得分",
        ]),
        ColumnSpec::optional("是否合格", "合格 或 不合格；不填按成绩 60 分及以上为合格")
            .aka(&["考试结果", "合格情况"]),
        ColumnSpec::optional("考试日期", "日期，如 2024-11-20").aka(&["考试时间"]),
        REMARKS_COLUMN,
    ],
};

pub const TRAININGS: LedgerSpec = LedgerSpec {
    key: "trainings",
    name: "调解培训台账",
    columns: &[
        ColumnSpec::required("日期", DATE).aka(&["培训日期", "培训时间"]),
        ColumnSpec::required("主题", "培训主题，如 人民调解法及调解文书制作")
            .aka(&["培训主题", "培训内容"]),
        ColumnSpec::optional("授课人", "授课人或举办单位；不填记为导入的组织").aka(&[
            "授课人/举办单位",
            "主讲人",
            "举办单位",
        ]),
        ColumnSpec::required("参训人数", "非负整数，如 32").aka(&["参训人次", "参加人数"]),
        ColumnSpec::optional("学时", "培训时长（小时），如 1.5；有此列时须填写").aka(&[
            "时长（小时）",
            "培训时长",
            "时长",
        ]),
        REMARKS_COLUMN,
    ],
};

/// 行政规范性文件台账 (statutes.md §5.4): the town's list of its documents. A row issued without
/// a legality review linked in fazhi is marked 历史记录 (it predates the system); 有效期至,
/// 评估期限 and 状态 are written on export and worked out again on import.
pub const NORMATIVE_DOCUMENTS: LedgerSpec = LedgerSpec {
    key: "normative-documents",
    name: "行政规范性文件台账",
    columns: &[
        ColumnSpec::required("文件名称", "如 关于加强草场管理的暂行规定")
            .aka(&["文件标题", "标题"]),
        ColumnSpec::optional("文号", "如 某政规〔2024〕1号；已印发的必填")
            .aka(&["发文字号", "文件编号"]),
        ColumnSpec::optional("统一登记编号", "三统一登记编号").aka(&["登记编号", "登记号"]),
        ColumnSpec::required("起草单位", "如 党政办").aka(&["起草部门", "承办单位"]),
        ColumnSpec::optional("合法性审核", "本系统中的审查编号，如 合审〔2025〕3号")
            .aka(&["审查编号", "合法性审核编号"]),
        ColumnSpec::optional("集体审议日期", DATE).aka(&["审议日期"]),
        ColumnSpec::optional("审议会议", "如 镇政府第5次常务会议").aka(&["审议会议名称"]),
        ColumnSpec::optional("印发日期", DATE).aka(&["发文日期", "成文日期"]),
        ColumnSpec::optional("公布日期", DATE).aka(&["发布日期"]),
        ColumnSpec::optional("公布载体", "如 镇政府网站、政务公开栏")
            .aka(&["公布方式", "发布渠道"]),
        ColumnSpec::optional("施行日期", "日期；不填按公布日期").aka(&["生效日期"]),
        ColumnSpec::optional("有效期（年）", "不填按最长：5年，暂行、试行2年")
            .aka(&["有效期", "有效期限（年）"]),
        ColumnSpec::optional("有效期至", "导出时填写；导入时按施行日期和有效期计算")
            .aka(&["失效日期"]),
        ColumnSpec::optional("评估期限", "导出时填写；导入时按有效期届满前6个月计算"),
        ColumnSpec::optional("报送备案日期", DATE).aka(&["备案日期"]),
        ColumnSpec::optional("备案机关", "如 县司法局").aka(&["备案单位"]),
        ColumnSpec::optional("状态", "导出时填写；导入时按各日期确定")
            .aka(&["文件状态", "效力状态"]),
        ColumnSpec::optional(
            "历史记录",
            "早于本系统制发、未在本系统关联合法性审查的，填「是」",
        )
        .aka(&["补录"]),
        REMARKS_COLUMN,
    ],
};

/// 考核指标表 (statutes.md §12): the county's indicator list of a year, imported into the
/// assessment (fazhi `registers/assessments/`). Not a register's ledger, so not in [`ALL`]:
/// the county imports it on the assessment page, all or nothing.
pub const ASSESSMENT_INDICATORS: LedgerSpec = LedgerSpec {
    key: "assessment-indicators",
    name: "法治建设考核指标表",
    columns: &[
        ColumnSpec::required("指标编号", "如 1、1.2、1.2.3；上级指标为编号的前缀")
            .aka(&["编号", "指标序号"]),
        ColumnSpec::required("指标名称", "如 专题研究法治建设").aka(&["考核内容", "考核指标"]),
        ColumnSpec::required("分值", "如 4 或 4.5；上级指标为下级之和").aka(&["分数", "标准分"]),
        ColumnSpec::optional("评分方法", "如 查阅会议记录，每少一次扣1分")
            .aka(&["评分标准", "考核方法"]),
        ColumnSpec::optional("佐证材料", "如 会议记录、文件").aka(&["佐证材料要求", "考核依据"]),
    ],
};

/// Every ledger, for command-line help and download pages.
pub const ALL: &[LedgerSpec] = &[
    DISPUTES,
    CONSULTATIONS,
    LEGAL_AID,
    PUBLICITY,
    STUDY_SESSIONS,
    LAW_EXAMS,
    TRAININGS,
    NORMATIVE_DOCUMENTS,
];

/// A ledger by its key (`disputes`) or Chinese name (`纠纷台账`).
pub fn by_key(key: &str) -> Option<&'static LedgerSpec> {
    ALL.iter().find(|s| s.key == key || s.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header may name one column only: a synonym that is another column's name, or two
    /// columns' synonym, would read a town's cell into the wrong field.
    #[test]
    fn every_header_names_one_column() {
        for spec in ALL {
            let mut seen: Vec<&str> = Vec::new();
            for c in spec.columns {
                for name in std::iter::once(&c.name).chain(c.synonyms) {
                    assert!(!seen.contains(name), "{}: 「{name}」 twice", spec.key);
                    seen.push(name);
                }
            }
            assert!(spec.column(REMARKS).is_some(), "{} has no 备注", spec.key);
        }
    }
}
