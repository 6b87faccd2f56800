//! The milestone-1 ledgers (PRODUCT.md §8.4): one place for their column names, so that the
//! template a town downloads and the importer that reads it back cannot drift apart.
//!
//! Allowed values that are configurable code lists (types, sources, themes …) are described, not
//! listed: the lists live in the configuration and may differ by region.

use crate::{ColumnSpec, LedgerSpec};

const DATE: &str = "日期，如 2024-03-05";
const COUNT: &str = "非负整数，不填按 0 计";

pub const DISPUTES: LedgerSpec = LedgerSpec {
    key: "disputes",
    name: "纠纷台账",
    columns: &[
        ColumnSpec::optional("编号", "纠纷编号；不填则由系统自动生成"),
        ColumnSpec::required("登记日期", DATE),
        ColumnSpec::required("所属村", "本镇所辖村（社区）的名称或代码"),
        ColumnSpec::required("纠纷类型", "系统「纠纷类型」代码表中的名称"),
        ColumnSpec::required("来源", "系统「纠纷来源」代码表中的名称"),
        ColumnSpec::required("当事人", "当事人姓名或单位名称；多个用顿号「、」分隔"),
        ColumnSpec::optional("简要情况", "纠纷的简要情况"),
        ColumnSpec::required("调解层级", "村级 或 镇级"),
        ColumnSpec::optional("调解员", "调解员姓名；多个用顿号「、」分隔"),
        ColumnSpec::required("状态", "已受理、调解中、调解成功、调解不成、已终止 之一"),
        ColumnSpec::optional(
            "结案日期",
            "状态为调解成功、调解不成或已终止时必填；日期，如 2024-03-05",
        ),
        ColumnSpec::optional("协议形式", "书面、口头、无 之一"),
        ColumnSpec::optional("涉及金额", "单位：元，如 12000 或 1.5万；不涉及金额可不填"),
    ],
};

pub const CONSULTATIONS: LedgerSpec = LedgerSpec {
    key: "consultations",
    name: "法律咨询台账",
    columns: &[
        ColumnSpec::required("日期", DATE),
        ColumnSpec::optional("所属村", "咨询人所在村（社区）的名称或代码"),
        ColumnSpec::required("咨询人", "咨询人姓名"),
        ColumnSpec::required("咨询事项", "咨询的问题"),
        ColumnSpec::optional("类别", "系统「咨询类别」代码表中的名称"),
        ColumnSpec::optional("答复人", "答复人姓名"),
        ColumnSpec::optional("处理方式", "如 当场解答、引导申请法律援助、转交有关部门"),
    ],
};

pub const LEGAL_AID: LedgerSpec = LedgerSpec {
    key: "legal-aid",
    name: "法律援助台账",
    columns: &[
        ColumnSpec::required("申请日期", DATE),
        ColumnSpec::required("申请人", "申请人姓名"),
        ColumnSpec::optional("所属村", "申请人所在村（社区）的名称或代码"),
        ColumnSpec::required("事项", "申请法律援助的事项"),
        ColumnSpec::optional("转交机构", "转交的法律援助机构名称"),
        ColumnSpec::optional("结果", "办理结果"),
    ],
};

pub const PUBLICITY: LedgerSpec = LedgerSpec {
    key: "publicity",
    name: "普法活动台账",
    columns: &[
        ColumnSpec::required("日期", DATE),
        ColumnSpec::required("活动名称", "活动名称"),
        ColumnSpec::required("地点类型", "系统「地点类型」代码表中的名称"),
        ColumnSpec::optional(
            "主题",
            "系统「普法主题」代码表中的名称；多个用顿号「、」分隔",
        ),
        ColumnSpec::optional("形式", "如 讲座、集市宣传、入户宣传"),
        ColumnSpec::optional("大型海报", COUNT),
        ColumnSpec::optional("小型海报", COUNT),
        ColumnSpec::optional("横幅", COUNT),
        ColumnSpec::optional("宣传品份数", COUNT),
        ColumnSpec::optional("宣传车台次", COUNT),
        ColumnSpec::optional("受益人次", COUNT),
    ],
};

/// Every ledger, for command-line help and download pages.
pub const ALL: &[LedgerSpec] = &[DISPUTES, CONSULTATIONS, LEGAL_AID, PUBLICITY];

/// A ledger by its key (`disputes`) or Chinese name (`纠纷台账`).
pub fn by_key(key: &str) -> Option<&'static LedgerSpec> {
    ALL.iter().find(|s| s.key == key || s.name == key)
}
