-- Law-promotion campaigns (mingbai.Campaign): the office keeps the list;
-- an event names one in its fields ("campaign"). It starts with the
-- national ones every township takes part in; the Tibetan names are drafts.
CREATE TABLE campaigns (
    slug       TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_bo    TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO campaigns (slug, name_zh, name_bo, created_at) VALUES
    ('constitution-week', '宪法宣传周', 'རྩ་ཁྲིམས་དྲིལ་བསྒྲགས་གཟའ་འཁོར།', '2026-12-02T00:00:00Z'),
    ('civil-code-month', '民法典宣传月', 'དམངས་ཁྲིམས་དྲིལ་བསྒྲགས་ཟླ་བ།', '2026-12-02T00:00:00Z'),
    ('national-security-day', '全民国家安全教育日', 'རྒྱལ་ཁབ་བདེ་འཇགས་སློབ་གསོའི་ཉིན་མོ།', '2026-12-02T00:00:00Z'),
    ('anti-drug-day', '国际禁毒日', 'རྒྱལ་སྤྱིའི་སྨན་རྫས་བཀག་སྡོམ་ཉིན་མོ།', '2026-12-02T00:00:00Z');
