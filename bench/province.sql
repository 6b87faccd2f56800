-- A province for bench/province.sh (issue #20 item 4), written straight into a migrated,
-- empty fazhi database on PostgreSQL: 1 province › 14 prefectures › 98 counties › :towns towns
-- (8 villages each), and :years years of records per town in the seed's proportions (one town's
-- 2023: 332 disputes, 158 consultations, 3 legal-aid applications, about 75 publicity events).
-- Deterministic: setseed() fixes random(), so two runs make the same province.
-- Usage: psql "$db" -v towns=1000 -v years=10 -v first_year=2015 -f bench/province.sql
\set ON_ERROR_STOP on
SELECT setseed(0.2023) AS seed \gset

-- The tree. The province, prefectures and counties are organisations of kind `county`
-- (a county may contain counties: fazhi_domain::org::OrgKind::may_contain).
INSERT INTO orgs (code, name, kind, parent_id, path, created_at)
VALUES ('P65', '基准自治区', 'county', NULL, '', now());
UPDATE orgs SET path = '/' || id || '/' WHERE code = 'P65';

INSERT INTO orgs (code, name, kind, parent_id, path, created_at)
SELECT 'P65F' || lpad(f::text, 2, '0'), '基准' || f || '地区', 'county', p.id, '', now()
FROM generate_series(1, 14) f, orgs p WHERE p.code = 'P65';

-- 7 counties a prefecture.
INSERT INTO orgs (code, name, kind, parent_id, path, created_at)
SELECT pf.code || 'C' || c, pf.name || c || '县', 'county', pf.id, '', now()
FROM orgs pf, generate_series(1, 7) c WHERE pf.code LIKE 'P65F__';

-- Towns spread over the 98 counties in turn.
INSERT INTO orgs (code, name, kind, parent_id, path, created_at)
SELECT 'T' || lpad(t::text, 4, '0'), '基准' || t || '镇', 'town', c.id, '', now()
FROM generate_series(1, :towns) t
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM orgs WHERE code LIKE 'P65F__C%') c
  ON c.n = (t - 1) % 98;

INSERT INTO orgs (code, name, kind, parent_id, path, created_at)
SELECT t.code || 'V' || v, t.name || v || '村', 'village', t.id, '', now()
FROM orgs t, generate_series(1, 8) v WHERE t.kind = 'town';

-- Paths, top-down: each level's children take their parent's path.
DO $$
BEGIN
  FOR i IN 1..4 LOOP
    UPDATE orgs c SET path = p.path || c.id || '/'
    FROM orgs p WHERE c.parent_id = p.id AND c.path = '' AND p.path <> '';
  END LOOP;
END $$;

CREATE TEMP TABLE town_villages AS
SELECT t.id AS town_id, array_agg(v.id ORDER BY v.id) AS villages
FROM orgs t JOIN orgs v ON v.parent_id = t.id WHERE t.kind = 'town' GROUP BY t.id;

-- Bulk loading: the secondary indexes of the big tables go and come back after the load
-- (built once, sorted, instead of row by row); their definitions are kept as they were.
CREATE TEMP TABLE bulk_indexes AS
SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relname IN ('disputes', 'dispute_parties', 'dispute_events', 'consultations',
                    'legal_aid_referrals', 'publicity_events')
  AND NOT i.indisprimary AND NOT i.indisunique;
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT name FROM bulk_indexes LOOP EXECUTE 'DROP INDEX ' || r.name; END LOOP;
END $$;

-- Disputes: 300 a town a year (about 330 in the seed, fewer in a quiet year), 9% at town
-- level, 90% closed with an agreement.
CREATE TEMP TABLE words AS SELECT
  ARRAY['土地纠纷','草场纠纷','家庭纠纷','邻里纠纷','损害赔偿纠纷','合同纠纷','其他纠纷'] AS types,
  ARRAY['王','李','张','刘','陈','杨','赵','马','周','吴','何','孙','郭','韩'] AS surnames,
  ARRAY['建国','玉兰','志强','秀英','海军','桂芳','永福','春花','德明','丽娟'] AS given,
  ARRAY['承包地地界','草场放牧边界','老人赡养费用','院墙排水','青苗损失赔偿','农机作业费用'] AS places;

CREATE TEMP TABLE gen AS
SELECT tv.town_id, tv.villages[1 + (n % 8)] AS village_id, y AS case_year, n AS seq,
       make_date(y, 1 + (n % 12), 1 + ((n * 7) % 28)) AS registered_on,
       random() < 0.09 AS town_level, random() < 0.9 AS closed,
       1 + floor(random() * 7)::int AS ty,
       w.surnames[1 + floor(random() * 14)::int] || w.given[1 + floor(random() * 10)::int] AS a,
       w.surnames[1 + floor(random() * 14)::int] || w.given[1 + floor(random() * 10)::int] AS b,
       w.places[1 + floor(random() * 6)::int] AS place
FROM town_villages tv, generate_series(:first_year, :first_year + :years - 1) y,
     generate_series(1, 300) n, words w;

INSERT INTO disputes (org_id, town_id, village_id, case_no, case_year, case_seq, registered_on,
  accepted_on, source, dispute_type, parties_text, summary, claims, risk, level, status,
  mediators, people_involved, group_dispute, closed_on, agreement_form, signatures_complete,
  confirmation_applied, police_reported, created_at, updated_at)
SELECT CASE WHEN g.town_level THEN g.town_id ELSE g.village_id END, g.town_id, g.village_id,
  '〔' || g.case_year || '〕' || g.seq || '号', g.case_year, g.seq, g.registered_on,
  g.registered_on, 'screening', w.types[g.ty], g.a || '、' || g.b,
  g.a || '与' || g.b || '因' || g.place || '发生争执，经调解员多次上门做工作。', '', 'low',
  CASE WHEN g.town_level THEN 'town' ELSE 'village' END,
  CASE WHEN g.closed THEN 'succeeded' ELSE 'mediating' END, '调解员', 2, false,
  CASE WHEN g.closed THEN g.registered_on + 5 END,
  CASE WHEN g.closed THEN 'written' ELSE 'none' END, g.closed, false, false, now(), now()
FROM gen g, words w;

-- The cases' lists are of new cases, as an import's are: without this, each statement below
-- would touch every case it names to renew its page's mark (migration 0063), rewriting the
-- 3,000,000 cases twice (generation 525 s instead of ~250 s, the table three times its size).
SET fazhi.lists_of_new_cases = on;

INSERT INTO dispute_parties (dispute_id, position, kind, name)
SELECT d.id, p.pos, 'person', split_part(d.parties_text, '、', p.pos)
FROM disputes d, (VALUES (1), (2)) p(pos);

INSERT INTO dispute_events (dispute_id, org_id, action, from_status, to_status, level, on_date,
  note, actor, at)
SELECT id, org_id, 'import', NULL, status, level, registered_on, '', 'bench', now() FROM disputes;

RESET fazhi.lists_of_new_cases;

DROP TABLE gen;

-- Consultations (158 a town-year), legal aid (3), publicity events (75).
INSERT INTO consultations (org_id, village_id, consulted_on, channel, person, topic, category,
  answer, aid_explained, handler, follow_up, created_at)
SELECT tv.town_id, tv.villages[1 + (n % 8)], make_date(y, 1 + (n % 12), 1 + ((n * 11) % 28)),
  'counter', w.surnames[1 + (n % 14)] || w.given[1 + (n % 10)], w.places[1 + (n % 6)] || '咨询',
  '婚姻家庭', '已解答', false, '司法所', '', now()
FROM town_villages tv, generate_series(:first_year, :first_year + :years - 1) y,
     generate_series(1, 158) n, words w;

INSERT INTO legal_aid_referrals (org_id, village_id, applied_on, applicant, matter, institution,
  decision, result, created_at)
SELECT tv.town_id, tv.villages[1 + n], make_date(y, 3 * n, 10), '申请人' || n, '劳动报酬',
  '县法律援助中心', 'granted', '', now()
FROM town_villages tv, generate_series(:first_year, :first_year + :years - 1) y,
     generate_series(1, 3) n;

INSERT INTO publicity_events (org_id, held_on, name, venue_type, themes, campaigns,
  large_posters, small_posters, banners, materials, vehicle_trips, beneficiaries, created_at)
SELECT tv.town_id, make_date(y, 1 + (n % 12), 1 + ((n * 5) % 28)), '普法宣传活动' || n,
  (ARRAY['enterprise','village','school','village','village'])[1 + (n % 5)], '宪法', '',
  0, 0, 1, 50, 0, 120, now()
FROM town_villages tv, generate_series(:first_year, :first_year + :years - 1) y,
     generate_series(1, 75) n;

SET maintenance_work_mem = '1GB';
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT def FROM bulk_indexes LOOP EXECUTE r.def; END LOOP;
END $$;
ANALYZE;
