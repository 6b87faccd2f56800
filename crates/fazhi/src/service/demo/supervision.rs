//! The demo town's supervision items of 2023 (issue #18 item 4): deputies' suggestions and
//! CPPCC proposals answered and rated, a 检察建议 and a 司法建议 answered, an audit's and a 监察
//! finding rectified, and a media issue investigated and answered publicly; all closed, so
//! today's to-do list holds none of them, and one suggestion answered late so the rates are
//! not all 100%.

use crate::app::App;
use crate::error::AppResult;
use crate::registers::supervision_items::service::{self as items, ItemInput};
use crate::service::Caller;

pub(super) async fn load(app: &App, town: &str) -> AppResult<()> {
    let op = Caller::operator();
    // (kind, source, number, received, content, unit, replied or rectified, reply, rating)
    #[rustfmt::skip]
    let rows = [
        ("deputy_suggestion", "马某某（镇人大代表）", "镇人大建议第3号", "2023-02-20", "建议硬化通往夏牧场的村道", "镇村镇建设办", "2023-05-12", "已列入2023年农村公路建设计划，8月完工", "satisfied"),
        ("deputy_suggestion", "古某某（镇人大代表）", "镇人大建议第7号", "2023-02-20", "建议增设村卫生室夜间值班", "镇卫生院", "2023-06-02", "卫生院已安排轮流值班并公示电话", "mostly_satisfied"),
        ("deputy_suggestion", "王某某（镇人大代表）", "镇人大建议第11号", "2023-02-21", "建议规范集市摊位收费并公示标准", "镇市场监管所", "2023-04-28", "已制定收费标准并在集市公示", "satisfied"),
        ("cppcc_proposal", "李某某（县政协委员）", "县政协提案第45号（交办）", "2023-03-10", "关于完善农村垃圾分类收运体系的提案", "镇农业农村办", "2023-06-05", "已配置分类收集车两辆，建立村收镇运机制", "mostly_satisfied"),
        ("cppcc_proposal", "阿某某（县政协委员）", "县政协提案第62号（交办）", "2023-03-10", "关于加强农村留守老人关爱服务的提案", "镇社会事务办", "2023-07-20", "已建立探访制度，逾期答复已向委员说明", "unsatisfied"),
        ("procuratorial_suggestion", "乌苏市人民检察院", "乌检行建〔2023〕5号", "2023-04-17", "督促依法整治河道非法采砂", "综合行政执法队", "2023-06-09", "已联合水利部门清理采砂点3处，立案查处1起", ""),
        ("judicial_suggestion", "乌苏市人民法院", "（2023）新4202司建2号", "2023-08-07", "规范行政处罚告知程序，完善送达回证", "镇司法所", "2023-09-22", "已修订执法文书格式并组织执法人员培训", ""),
        ("media_issue", "塔城日报", "", "2023-06-12", "报道集镇老旧小区排水不畅、雨后积水", "镇村镇建设办", "2023-07-03", "已疏通排水管网并在镇政府网站公开处理情况", ""),
    ];
    for (kind, source, number, received, content, unit, done, reply, rating) in rows {
        let mut input = ItemInput {
            org: Some(town.to_owned()),
            kind: kind.to_owned(),
            source: source.to_owned(),
            ref_no: number.to_owned(),
            received_on: received.to_owned(),
            content: content.to_owned(),
            handling_unit: unit.to_owned(),
            replied_on: done.to_owned(),
            reply: reply.to_owned(),
            satisfaction: rating.to_owned(),
            ..ItemInput::default()
        };
        if kind == "media_issue" {
            input.media_on = "2023-06-10".to_owned();
            input.investigation = "现场查看确认管网淤堵，组织疏通".to_owned();
            input.reply_link = "https://www.example.gov.cn/654202100/news/2023-07-03".to_owned();
        }
        items::create(app, &op, input).await?;
    }
    // Findings: an audit's and a 监察机关's, each rectified with its evidence.
    #[rustfmt::skip]
    let findings = [
        ("audit_finding", "乌苏市审计局 审计报告〔2023〕12号", "村集体资金未按规定公开收支明细", "2023-05-15", "2023-08-31", "建立村级财务月公开制度，补公开上半年收支", "各村财务公开照片及台账", "2023-08-25"),
        ("audit_finding", "乌苏市审计局 审计报告〔2023〕12号", "两项工程未按规定履行招标程序", "2023-05-15", "2023-09-30", "补办手续，约谈相关负责人，修订采购制度", "约谈记录及修订后的采购制度", "2023-10-12"),
        ("supervision_finding", "乌苏市监察委员会", "低保对象动态管理不及时", "2023-07-03", "2023-10-31", "全面复核低保对象，清退不符合条件者5户", "复核台账及清退审批表", "2023-10-20"),
    ];
    for (kind, source, content, received, by, measures, evidence, done) in findings {
        items::create(
            app,
            &op,
            ItemInput {
                org: Some(town.to_owned()),
                kind: kind.to_owned(),
                source: source.to_owned(),
                received_on: received.to_owned(),
                content: content.to_owned(),
                handling_unit: "镇党政综合办".to_owned(),
                rectify_by: by.to_owned(),
                measures: measures.to_owned(),
                evidence: evidence.to_owned(),
                rectified_on: done.to_owned(),
                ..ItemInput::default()
            },
        )
        .await?;
    }
    Ok(())
}
