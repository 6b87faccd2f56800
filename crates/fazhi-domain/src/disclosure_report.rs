//! The tables of the 政府信息公开工作年度报告 in the uniform format (国办公开办函〔2021〕30号,
//! statutes.md §9.4), counted from the year's requests: the third table (requests received and
//! handled, by applicant type and result row, carried over from last year and to next year) and
//! the fourth (行政复议 and 行政诉讼 over disclosure). Pure counting; the records come from
//! registers/disclosure/report.rs.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::disclosure::{ApplicantKind, RemedyKind, RemedyResult, ReplyType};

/// What the tables read of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestFacts {
    pub applicant_kind: ApplicantKind,
    pub received_on: NaiveDate,
    /// The day it was closed: answered, or the correction period passed without a correction.
    pub closed_on: Option<NaiveDate>,
    /// The result row it is counted in once closed (an abandoned request: 逾期不补正).
    pub result: Option<ReplyType>,
    pub remedy: Option<(RemedyKind, NaiveDate, RemedyResult)>,
}

/// The applicant columns of the requests table, in the format's order (总计 added last).
pub fn columns() -> Vec<&'static str> {
    let mut c: Vec<&str> = ApplicantKind::ALL.iter().map(|k| k.label()).collect();
    c.push("总计");
    c
}

/// The result rows of the table: each reply type that is its own row (已主动公开 counts as 予以
/// 公开, 不属于本机关负责公开 as 本机关不掌握: `ReplyType::report_row`).
pub fn result_rows() -> Vec<ReplyType> {
    ReplyType::ALL
        .iter()
        .copied()
        .filter(|t| t.report_row() == t.label())
        .collect()
}

/// One row of figures: a figure per applicant type, then the total.
pub type Figures = Vec<i64>;

/// The requests table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RequestTable {
    /// 本年新收申请数量
    pub received: Figures,
    /// 上年结转申请数量
    pub carried_in: Figures,
    /// 本年度办理结果, in the order of `result_rows()`.
    pub results: Vec<(String, Figures)>,
    /// 本年度办理结果 总计
    pub closed: Figures,
    /// 结转下年度继续办理
    pub carried_out: Figures,
}

/// The remedies table: for 行政复议, 直接起诉 and 复议后起诉, the cases by result and in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RemedyTable {
    /// (kind label, [结果维持, 结果纠正, 其他结果, 尚未审结, 总计])
    pub rows: Vec<(String, Figures)>,
}

fn with_total(mut v: Vec<i64>) -> Figures {
    let total = v.iter().sum();
    v.push(total);
    v
}

fn by_kind<'a>(rs: impl Iterator<Item = &'a RequestFacts>) -> Figures {
    let mut v = vec![0; ApplicantKind::ALL.len()];
    for r in rs {
        if let Some(i) = ApplicantKind::ALL
            .iter()
            .position(|k| *k == r.applicant_kind)
        {
            v[i] += 1;
        }
    }
    with_total(v)
}

/// The requests table of `year`: received in the year; open on 1 January (received before it,
/// closed on or after it); closed in the year by result row; still open on 31 December. So
/// 新收 + 结转 = 办理结果总计 + 结转下年度.
pub fn request_table(year: i32, requests: &[RequestFacts]) -> RequestTable {
    let in_year = |d: NaiveDate| d.year() == year;
    let closed_by = |r: &RequestFacts, y: i32| r.closed_on.is_some_and(|d| d.year() <= y);
    let received = by_kind(requests.iter().filter(|r| in_year(r.received_on)));
    let carried_in = by_kind(
        requests
            .iter()
            .filter(|r| r.received_on.year() < year && !closed_by(r, year - 1)),
    );
    let closed_in_year: Vec<&RequestFacts> = requests
        .iter()
        .filter(|r| r.received_on.year() <= year && r.closed_on.is_some_and(in_year))
        .collect();
    let results = result_rows()
        .into_iter()
        .map(|row| {
            let counted = closed_in_year
                .iter()
                .copied()
                .filter(|r| r.result.is_some_and(|t| t.report_row() == row.label()));
            (row.label().to_owned(), by_kind(counted))
        })
        .collect();
    let closed = by_kind(closed_in_year.iter().copied());
    let carried_out = by_kind(
        requests
            .iter()
            .filter(|r| r.received_on.year() <= year && !closed_by(r, year)),
    );
    RequestTable {
        received,
        carried_in,
        results,
        closed,
        carried_out,
    }
}

/// The remedies table of `year`: the cases filed in the year, by how they ended.
pub fn remedy_table(year: i32, requests: &[RequestFacts]) -> RemedyTable {
    let rows = RemedyKind::ALL
        .iter()
        .map(|kind| {
            let mut v = vec![0; RemedyResult::ALL.len()];
            for (k, filed, result) in requests.iter().filter_map(|r| r.remedy) {
                if k == *kind && filed.year() == year {
                    if let Some(i) = RemedyResult::ALL.iter().position(|x| *x == result) {
                        v[i] += 1;
                    }
                }
            }
            (kind.label().to_owned(), with_total(v))
        })
        .collect();
    RemedyTable { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn req(kind: ApplicantKind, received: &str, closed: Option<(&str, ReplyType)>) -> RequestFacts {
        RequestFacts {
            applicant_kind: kind,
            received_on: d(received),
            closed_on: closed.map(|c| d(c.0)),
            result: closed.map(|c| c.1),
            remedy: None,
        }
    }

    #[test]
    fn the_table_balances_and_merges_rows_as_the_format_does() {
        use ApplicantKind::*;
        let rs = vec![
            req(
                Person,
                "2022-12-20",
                Some(("2023-01-10", ReplyType::AlreadyPublished)),
            ),
            req(
                Business,
                "2022-12-01",
                Some(("2022-12-20", ReplyType::Disclosed)),
            ),
            req(
                Person,
                "2023-03-01",
                Some(("2023-03-20", ReplyType::NotThisBody)),
            ),
            req(Research, "2023-12-25", None),
            req(Person, "2024-01-02", None),
        ];
        let t = request_table(2023, &rs);
        assert_eq!(t.received, vec![1, 0, 1, 0, 0, 0, 2]);
        assert_eq!(t.carried_in, vec![1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(t.closed, vec![2, 0, 0, 0, 0, 0, 2]);
        assert_eq!(t.carried_out, vec![0, 0, 1, 0, 0, 0, 1]);
        let row = |label: &str| t.results.iter().find(|r| r.0 == label).unwrap().1.clone();
        assert_eq!(row("予以公开")[6], 1);
        assert_eq!(row("无法提供：本机关不掌握相关政府信息")[6], 1);
        assert_eq!(t.results.len(), 21);
        assert_eq!(
            t.received[6] + t.carried_in[6],
            t.closed[6] + t.carried_out[6]
        );
    }
}
