use std::collections::HashMap;

use super::*;

fn indicator(code: &str, name: &str, points: &str) -> Indicator {
    Indicator {
        code: code.to_owned(),
        name: name.to_owned(),
        points_tenths: parse_points(points).unwrap(),
        method: "查阅资料".to_owned(),
        evidence: "会议记录".to_owned(),
    }
}

fn tree() -> Vec<Indicator> {
    vec![
        indicator("1", "党政主要负责人履行推进法治建设第一责任人职责", "10"),
        indicator("1.1", "专题研究法治建设", "6"),
        indicator("1.2", "年终述法", "4"),
        indicator("2", "依法决策", "15.5"),
        indicator("2.1", "合法性审查全覆盖", "10"),
        indicator("2.2", "法律顾问参与", "5.5"),
    ]
}

#[test]
fn points_parse_to_tenths_and_print_back() {
    assert_eq!(parse_points("4"), Ok(40));
    assert_eq!(parse_points("4.5分"), Ok(45));
    assert_eq!(parse_points(" 0.5 "), Ok(5));
    for bad in ["", "4.55", "-1", "四分", "1.2.3", "99999"] {
        assert!(parse_points(bad).is_err(), "{bad}");
    }
    assert_eq!(points_label(45), "4.5");
    assert_eq!(points_label(40), "4");
}

#[test]
fn a_tree_checks_codes_parents_and_sums() {
    assert_eq!(check_tree(&tree()), Ok(()));
    let mut broken = tree();
    broken[1].points_tenths = 50; // 1.1 now 5 + 1.2 4 ≠ 10
    broken.push(indicator("3.1", "孤立指标", "1"));
    broken.push(indicator("2.2", "重复", "0"));
    let errors = check_tree(&broken).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("上级指标 3 不存在")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("指标编号 2.2 重复")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e == "指标 1 分值为 10，其下级指标合计 9，请核对"),
        "{errors:?}"
    );
}

#[test]
fn scores_stay_within_the_points_and_totals_add_the_leaves() {
    let t = tree();
    let leaves: Vec<&str> = leaves(&t).iter().map(|i| i.code.as_str()).collect();
    assert_eq!(leaves, ["1.1", "1.2", "2.1", "2.2"]);
    assert!(check_score(&t[5], 55).is_ok());
    let too_high = check_score(&t[5], 56).unwrap_err();
    assert!(too_high.contains("满分 5.5 分"), "{too_high}");
    assert!(check_score(&t[5], -1).is_err());
    let scores: HashMap<String, i64> = [("1.1", 60), ("1.2", 35), ("2.1", 90)]
        .into_iter()
        .map(|(c, s)| (c.to_owned(), s))
        .collect();
    // 2.2 unscored counts 0; parents are not added twice.
    assert_eq!(total(&t, &scores), 185);
}

#[test]
fn towns_rank_by_total_with_shared_places() {
    let ranked = rank(&[
        ("乙镇".to_owned(), 900),
        ("甲镇".to_owned(), 955),
        ("丁镇".to_owned(), 900),
        ("丙镇".to_owned(), 870),
    ]);
    let places: Vec<(&str, usize)> = ranked.iter().map(|r| (r.town.as_str(), r.rank)).collect();
    assert_eq!(places, [("甲镇", 1), ("丁镇", 2), ("乙镇", 2), ("丙镇", 4)]);
}
