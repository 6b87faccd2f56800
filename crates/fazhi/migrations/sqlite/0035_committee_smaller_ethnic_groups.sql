-- The ethnic groups that are 人数较少 where a committee is (人民调解法 第八条 「人数较少民族」 is
-- local: where 维吾尔族 is the majority, 锡伯族 may be the smaller group). Joined by 、; empty when
-- not set, and then any member not of 汉族 counts (issue #15 item 6).
ALTER TABLE committees ADD COLUMN smaller_ethnic_groups TEXT NOT NULL DEFAULT '';
