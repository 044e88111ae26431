#include "store/schema.h"

namespace lagesbild {

const std::vector<std::string_view>& sqlite_migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the reporting core.
      R"sql(
CREATE TABLE municipality (
  code TEXT PRIMARY KEY CHECK (length(code) = 4),
  name TEXT NOT NULL,
  reporting_cadence_days INTEGER NOT NULL DEFAULT 7 CHECK (reporting_cadence_days > 0),
  boundary_geojson TEXT NOT NULL DEFAULT ''
);
CREATE TABLE organisation (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  UNIQUE (municipality, name)
);
CREATE TABLE category (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES category(id),
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (municipality, code)
);
CREATE TABLE area (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  geometry_geojson TEXT NOT NULL,
  UNIQUE (municipality, name)
);
CREATE TABLE place (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  lat REAL NOT NULL, lon REAL NOT NULL, x REAL NOT NULL, y REAL NOT NULL,
  area_id INTEGER REFERENCES area(id),
  UNIQUE (municipality, name)
);
CREATE TABLE user_account (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE role_grant (
  user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  role TEXT NOT NULL CHECK (role IN ('reporter','analyst','coordinator','admin','viewer')),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (user_id, municipality, role, organisation_id)
);
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE report (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  reporter_id INTEGER REFERENCES user_account(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  occurred_from INTEGER NOT NULL,
  occurred_to INTEGER CHECK (occurred_to IS NULL OR occurred_to >= occurred_from),
  lat REAL, lon REAL, x REAL, y REAL,
  place_id INTEGER REFERENCES place(id),
  area_id INTEGER REFERENCES area(id),
  count INTEGER NOT NULL CHECK (count >= 1),
  severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
  description TEXT NOT NULL DEFAULT '',
  -- Comparisons, not IN: SQLite evaluates a CHECK's IN list of more than two values by building
  -- a temporary b-tree on every insert, a third of the cost of storing a report.
  source TEXT NOT NULL
    CHECK (source = 'form' OR source = 'csv' OR source = 'api' OR source = 'polisen'),
  external_id TEXT,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','reviewed')),
  reviewed_by INTEGER REFERENCES user_account(id),
  reviewed_at INTEGER,
  CHECK (lat IS NOT NULL OR place_id IS NOT NULL OR area_id IS NOT NULL)
);
CREATE UNIQUE INDEX report_external_id ON report (municipality, source, organisation_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX report_time ON report (municipality, occurred_from);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  municipality TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT ''
);
)sql",
      // 2: the lägesbild's notes: the coordinator's assessment (versioned), area statuses on the
      // green-to-red scale (carried forward from their first day), "nothing to report".
      R"sql(
CREATE TABLE assessment (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  period TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  text TEXT NOT NULL,
  proposed_actions TEXT NOT NULL DEFAULT '',
  author_id INTEGER REFERENCES user_account(id),  -- NULL: the local operator (CLI)
  created_at INTEGER NOT NULL,
  UNIQUE (municipality, period, version)
);
CREATE TABLE area_status (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('green','yellow','orange','red')),
  from_day INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  set_by INTEGER REFERENCES user_account(id),
  set_at INTEGER NOT NULL
);
CREATE INDEX area_status_day ON area_status (municipality, from_day);
CREATE TABLE nothing_to_report (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  area_id INTEGER REFERENCES area(id) ON DELETE CASCADE,
  first_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL CHECK (end_day > first_day),
  declared_by INTEGER REFERENCES user_account(id),
  declared_at INTEGER NOT NULL
);
-- One declaration per organisation, area (or everywhere) and days: declaring twice is a no-op.
CREATE UNIQUE INDEX nothing_to_report_once
  ON nothing_to_report (municipality, organisation_id, coalesce(area_id, 0), first_day, end_day);
CREATE INDEX nothing_to_report_day ON nothing_to_report (municipality, end_day);
)sql",
      // 3: the measures register (åtgärder: links to areas, places, categories and partner
      // organisations, the status history, follow-up notes) and safety walks (trygghetsvandringar)
      // with their observations, and citizen promises (medborgarlöften) with their activities. The
      // list tables keep the caller's order in `position`.
      R"sql(
CREATE TABLE measure (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('situational','social')),
  level TEXT NOT NULL CHECK (level IN ('universal','selective','indicated')),
  type TEXT NOT NULL CHECK (type IN ('lighting','camera_surveillance','safety_hosts','field_work','parental_support','sspf_sig','physical_repair','cleaning','other')),
  period TEXT NOT NULL DEFAULT '',
  hotspot TEXT NOT NULL DEFAULT '',
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  start_day INTEGER NOT NULL,
  end_day INTEGER CHECK (end_day IS NULL OR end_day >= start_day),
  cost_sek INTEGER CHECK (cost_sek IS NULL OR cost_sek >= 0),
  status TEXT NOT NULL CHECK (status IN ('proposed','decided','ongoing','completed','evaluated','cancelled'))
);
CREATE INDEX measure_municipality ON measure (municipality, start_day);
CREATE TABLE measure_area (
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  area_id INTEGER NOT NULL REFERENCES area(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, area_id)
);
CREATE TABLE measure_place (
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  place_id INTEGER NOT NULL REFERENCES place(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, place_id)
);
CREATE TABLE measure_category (
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES category(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, category_id)
);
CREATE TABLE measure_partner (
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, organisation_id)
);
CREATE TABLE measure_step (
  id INTEGER PRIMARY KEY,
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('proposed','decided','ongoing','completed','evaluated','cancelled')),
  by_user INTEGER REFERENCES user_account(id),  -- NULL: the local operator (CLI)
  at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measure_step_measure ON measure_step (measure_id);
CREATE TABLE measure_note (
  id INTEGER PRIMARY KEY,
  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  by_user INTEGER REFERENCES user_account(id),
  at INTEGER NOT NULL,
  text TEXT NOT NULL CHECK (length(text) > 0)
);
CREATE INDEX measure_note_measure ON measure_note (measure_id);
CREATE TABLE safety_walk (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  day INTEGER NOT NULL,
  route TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX safety_walk_municipality ON safety_walk (municipality, day);
CREATE TABLE safety_walk_area (
  walk_id INTEGER NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  area_id INTEGER NOT NULL REFERENCES area(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (walk_id, area_id)
);
CREATE TABLE safety_walk_organisation (
  walk_id INTEGER NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (walk_id, organisation_id)
);
CREATE TABLE walk_observation (
  id INTEGER PRIMARY KEY,
  walk_id INTEGER NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  lat REAL NOT NULL, lon REAL NOT NULL, x REAL NOT NULL, y REAL NOT NULL,
  area_id INTEGER REFERENCES area(id),
  type TEXT NOT NULL
    CHECK (type IN ('lighting','vegetation','graffiti','litter','damaged_property','other')),
  description TEXT NOT NULL DEFAULT '',
  organisation_id INTEGER REFERENCES organisation(id),
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done')),
  measure_id INTEGER REFERENCES measure(id),
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX walk_observation_walk ON walk_observation (walk_id);
CREATE TABLE citizen_promise (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  police_area TEXT NOT NULL,
  period TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE citizen_promise_municipality (
  promise_id INTEGER NOT NULL REFERENCES citizen_promise(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  position INTEGER NOT NULL,
  PRIMARY KEY (promise_id, municipality)
);
CREATE INDEX citizen_promise_municipality_code ON citizen_promise_municipality (municipality);
CREATE TABLE promise_activity (
  id INTEGER PRIMARY KEY,
  promise_id INTEGER NOT NULL REFERENCES citizen_promise(id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(text) > 0),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  deadline_day INTEGER,
  status TEXT NOT NULL CHECK (status IN ('planned','ongoing','done','cancelled'))
);
CREATE INDEX promise_activity_promise ON promise_activity (promise_id);
)sql",
      // 4: where a report is known to be (its location precision: the police's open events are
      // known to the municipality, not to a point), and the police's summary events, kept apart
      // from reports (see PoliceSummary in domain/model.h). Numbered 4 after the measures
      // register (3), written at the same time.
      R"sql(
ALTER TABLE report ADD COLUMN location_precision TEXT NOT NULL DEFAULT 'exact'
  CHECK (location_precision = 'exact' OR location_precision = 'place' OR
         location_precision = 'area' OR location_precision = 'municipality' OR
         location_precision = 'county');
UPDATE report SET location_precision = 'area' WHERE lat IS NULL;
CREATE TABLE police_summary (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  county_code TEXT NOT NULL CHECK (length(county_code) = 2),
  municipality TEXT REFERENCES municipality(code),
  occurred_at INTEGER NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX police_summary_county ON police_summary (county_code, occurred_at);
)sql",
      // 5: trust. The access log becomes a hash chain (store/audit_chain.h, docs/TRUST.md):
      // each entry's prev_hash and hash, and the chain's head kept apart so that removing the
      // newest entries shows. Rows logged before this migration are chained once, in id order,
      // by the store when it next opens (SQL has no BLAKE2b). Triggers keep the log append-only
      // (an entry may only receive its hash once). Each municipality chooses what a report with
      // personal data in its text meets: a warning, or a refusal.
      R"sql(
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  hash TEXT NOT NULL,
  entries INTEGER NOT NULL
);
INSERT INTO audit_head (id, last_id, hash, entries)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
ALTER TABLE municipality ADD COLUMN personal_data_policy TEXT NOT NULL DEFAULT 'warn'
  CHECK (personal_data_policy = 'warn' OR personal_data_policy = 'block');
)sql",
      // 6: collaboration forums (docs/FORUMS.md): groups, their meetings, the decisions taken
      // there and the collaboration agreements with their yearly follow-up. The short id lists of
      // a row (member organisations, areas, themes, attendance, parties) are kept in the row as
      // comma-separated ids ("12,7"): they are read and written whole, and the store checks every
      // id against the row's municipality inside the write. No table holds a person discussed
      // at a meeting: only users who are members, and counts.
      R"sql(
CREATE TABLE forum_group (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL CHECK (length(name) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('steering','management','council','operational','thematic',
                                     'local_network','sspf')),
  cadence TEXT NOT NULL
    CHECK (cadence IN ('weekly','every_other_week','monthly','four_times_a_year')),
  organisation_ids TEXT NOT NULL DEFAULT '',
  member_ids TEXT NOT NULL DEFAULT '',
  area_ids TEXT NOT NULL DEFAULT '',
  category_ids TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL,
  UNIQUE (municipality, name)
);
CREATE TABLE forum_meeting (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES forum_group(id),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  starts_at INTEGER NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
  location TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('planned','held','cancelled')),
  minutes TEXT NOT NULL DEFAULT '',
  attending_organisation_ids TEXT NOT NULL DEFAULT '',
  attending_user_ids TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX forum_meeting_group ON forum_meeting (group_id, starts_at);
CREATE TABLE forum_decision (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES forum_meeting(id),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  text TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('task','measure')),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  due_day INTEGER NOT NULL,
  measure_id INTEGER REFERENCES measure(id),
  people_count INTEGER CHECK (people_count >= 0),
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  closed_at INTEGER,
  closed_in_meeting INTEGER REFERENCES forum_meeting(id),
  closing_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL,
  CHECK (kind = 'task' OR measure_id IS NOT NULL)
);
CREATE INDEX forum_decision_meeting ON forum_decision (meeting_id);
CREATE TABLE collaboration_agreement (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL,
  party_ids TEXT NOT NULL DEFAULT '',
  area_ids TEXT NOT NULL DEFAULT '',
  category_ids TEXT NOT NULL DEFAULT '',
  commitments TEXT NOT NULL DEFAULT '',
  promise_ids TEXT NOT NULL DEFAULT '',
  measure_ids TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES user_account(id),
  created_at INTEGER NOT NULL,
  CHECK (to_day >= from_day)
);
CREATE TABLE agreement_follow_up (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES collaboration_agreement(id) ON DELETE CASCADE,
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  text TEXT NOT NULL CHECK (length(text) > 0),
  by_user INTEGER REFERENCES user_account(id),
  at INTEGER NOT NULL
);
CREATE INDEX agreement_follow_up_agreement ON agreement_follow_up (agreement_id);
)sql",
      // 7: retention settings per municipality (docs/TRUST.md): months after which reports' free
      // text and exact points are purged; NULL keeps them.
      R"sql(
ALTER TABLE municipality ADD COLUMN retention_free_text_months INTEGER
  CHECK (retention_free_text_months IS NULL OR retention_free_text_months BETWEEN 1 AND 1200);
ALTER TABLE municipality ADD COLUMN retention_points_months INTEGER
  CHECK (retention_points_months IS NULL OR retention_points_months BETWEEN 1 AND 1200);
)sql",
      // 8: trygghetsmätningar (issue 5): one survey table cell per row; a NULL area is the
      // whole municipality, and the unique index treats it as area 0 so it has one value too.
      R"sql(
CREATE TABLE survey_value (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  area_id INTEGER REFERENCES area(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  indicator TEXT NOT NULL CHECK (length(indicator) > 0),
  share REAL NOT NULL CHECK (share >= 0 AND share <= 1),
  respondents INTEGER NOT NULL CHECK (respondents > 0),
  imported_by INTEGER REFERENCES user_account(id),
  imported_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX survey_value_key
  ON survey_value (municipality, coalesce(area_id, 0), year, indicator);
)sql",
  };
  return kMigrations;
}

// The same tables, columns, constraints and versions in PostgreSQL's dialect: ids are BIGINT
// identities, times BIGINT unix seconds as in SQLite, coordinates DOUBLE PRECISION (SQLite's
// REAL is 8 bytes; PostgreSQL's REAL is 4), flags BOOLEAN.
const std::vector<std::string_view>& postgres_migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the reporting core.
      R"sql(
CREATE TABLE municipality (
  code TEXT PRIMARY KEY CHECK (length(code) = 4),
  name TEXT NOT NULL,
  reporting_cadence_days INTEGER NOT NULL DEFAULT 7 CHECK (reporting_cadence_days > 0),
  boundary_geojson TEXT NOT NULL DEFAULT ''
);
CREATE TABLE organisation (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  UNIQUE (municipality, name)
);
CREATE TABLE category (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id BIGINT REFERENCES category(id),
  active BOOLEAN NOT NULL DEFAULT TRUE,
  UNIQUE (municipality, code)
);
CREATE TABLE area (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  geometry_geojson TEXT NOT NULL,
  UNIQUE (municipality, name)
);
CREATE TABLE place (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL,
  x DOUBLE PRECISION NOT NULL, y DOUBLE PRECISION NOT NULL,
  area_id BIGINT REFERENCES area(id),
  UNIQUE (municipality, name)
);
CREATE TABLE user_account (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE role_grant (
  user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  role TEXT NOT NULL CHECK (role IN ('reporter','analyst','coordinator','admin','viewer')),
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (user_id, municipality, role, organisation_id)
);
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE report (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  reporter_id BIGINT REFERENCES user_account(id),
  category_id BIGINT NOT NULL REFERENCES category(id),
  occurred_from BIGINT NOT NULL,
  occurred_to BIGINT CHECK (occurred_to IS NULL OR occurred_to >= occurred_from),
  lat DOUBLE PRECISION, lon DOUBLE PRECISION, x DOUBLE PRECISION, y DOUBLE PRECISION,
  place_id BIGINT REFERENCES place(id),
  area_id BIGINT REFERENCES area(id),
  count INTEGER NOT NULL CHECK (count >= 1),
  severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('form','csv','api','polisen')),
  external_id TEXT,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','reviewed')),
  reviewed_by BIGINT REFERENCES user_account(id),
  reviewed_at BIGINT,
  CHECK (lat IS NOT NULL OR place_id IS NOT NULL OR area_id IS NOT NULL)
);
CREATE UNIQUE INDEX report_external_id ON report (municipality, source, organisation_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX report_time ON report (municipality, occurred_from);
CREATE TABLE audit_log (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id BIGINT,
  municipality TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT ''
);
)sql",
      // 2: the lägesbild's notes.
      R"sql(
CREATE TABLE assessment (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  period TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  text TEXT NOT NULL,
  proposed_actions TEXT NOT NULL DEFAULT '',
  author_id BIGINT REFERENCES user_account(id),  -- NULL: the local operator (CLI)
  created_at BIGINT NOT NULL,
  UNIQUE (municipality, period, version)
);
CREATE TABLE area_status (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  area_id BIGINT NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('green','yellow','orange','red')),
  from_day INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  set_by BIGINT REFERENCES user_account(id),
  set_at BIGINT NOT NULL
);
CREATE INDEX area_status_day ON area_status (municipality, from_day);
CREATE TABLE nothing_to_report (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  area_id BIGINT REFERENCES area(id) ON DELETE CASCADE,
  first_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL CHECK (end_day > first_day),
  declared_by BIGINT REFERENCES user_account(id),
  declared_at BIGINT NOT NULL
);
-- One declaration per organisation, area (or everywhere) and days: declaring twice is a no-op.
CREATE UNIQUE INDEX nothing_to_report_once
  ON nothing_to_report (municipality, organisation_id, coalesce(area_id, 0), first_day, end_day);
CREATE INDEX nothing_to_report_day ON nothing_to_report (municipality, end_day);
)sql",
      // 3: the measures register (åtgärder: links to areas, places, categories and partner
      // organisations, the status history, follow-up notes) and safety walks (trygghetsvandringar)
      // with their observations, and citizen promises (medborgarlöften) with their activities. The
      // list tables keep the caller's order in `position`.
      R"sql(
CREATE TABLE measure (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('situational','social')),
  level TEXT NOT NULL CHECK (level IN ('universal','selective','indicated')),
  type TEXT NOT NULL CHECK (type IN ('lighting','camera_surveillance','safety_hosts','field_work','parental_support','sspf_sig','physical_repair','cleaning','other')),
  period TEXT NOT NULL DEFAULT '',
  hotspot TEXT NOT NULL DEFAULT '',
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  start_day INTEGER NOT NULL,
  end_day INTEGER CHECK (end_day IS NULL OR end_day >= start_day),
  cost_sek BIGINT CHECK (cost_sek IS NULL OR cost_sek >= 0),
  status TEXT NOT NULL CHECK (status IN ('proposed','decided','ongoing','completed','evaluated','cancelled'))
);
CREATE INDEX measure_municipality ON measure (municipality, start_day);
CREATE TABLE measure_area (
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  area_id BIGINT NOT NULL REFERENCES area(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, area_id)
);
CREATE TABLE measure_place (
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  place_id BIGINT NOT NULL REFERENCES place(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, place_id)
);
CREATE TABLE measure_category (
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  category_id BIGINT NOT NULL REFERENCES category(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, category_id)
);
CREATE TABLE measure_partner (
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (measure_id, organisation_id)
);
CREATE TABLE measure_step (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('proposed','decided','ongoing','completed','evaluated','cancelled')),
  by_user BIGINT REFERENCES user_account(id),  -- NULL: the local operator (CLI)
  at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measure_step_measure ON measure_step (measure_id);
CREATE TABLE measure_note (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
  by_user BIGINT REFERENCES user_account(id),
  at BIGINT NOT NULL,
  text TEXT NOT NULL CHECK (length(text) > 0)
);
CREATE INDEX measure_note_measure ON measure_note (measure_id);
CREATE TABLE safety_walk (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  day INTEGER NOT NULL,
  route TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX safety_walk_municipality ON safety_walk (municipality, day);
CREATE TABLE safety_walk_area (
  walk_id BIGINT NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  area_id BIGINT NOT NULL REFERENCES area(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (walk_id, area_id)
);
CREATE TABLE safety_walk_organisation (
  walk_id BIGINT NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (walk_id, organisation_id)
);
CREATE TABLE walk_observation (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  walk_id BIGINT NOT NULL REFERENCES safety_walk(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, x DOUBLE PRECISION NOT NULL, y DOUBLE PRECISION NOT NULL,
  area_id BIGINT REFERENCES area(id),
  type TEXT NOT NULL
    CHECK (type IN ('lighting','vegetation','graffiti','litter','damaged_property','other')),
  description TEXT NOT NULL DEFAULT '',
  organisation_id BIGINT REFERENCES organisation(id),
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done')),
  measure_id BIGINT REFERENCES measure(id),
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX walk_observation_walk ON walk_observation (walk_id);
CREATE TABLE citizen_promise (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  police_area TEXT NOT NULL,
  period TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL
);
CREATE TABLE citizen_promise_municipality (
  promise_id BIGINT NOT NULL REFERENCES citizen_promise(id) ON DELETE CASCADE,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  position INTEGER NOT NULL,
  PRIMARY KEY (promise_id, municipality)
);
CREATE INDEX citizen_promise_municipality_code ON citizen_promise_municipality (municipality);
CREATE TABLE promise_activity (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  promise_id BIGINT NOT NULL REFERENCES citizen_promise(id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(text) > 0),
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  deadline_day INTEGER,
  status TEXT NOT NULL CHECK (status IN ('planned','ongoing','done','cancelled'))
);
CREATE INDEX promise_activity_promise ON promise_activity (promise_id);
)sql",
      // 4: location precision and the police's summary events (see the SQLite list).
      R"sql(
ALTER TABLE report ADD COLUMN location_precision TEXT NOT NULL DEFAULT 'exact'
  CHECK (location_precision IN ('exact','place','area','municipality','county'));
UPDATE report SET location_precision = 'area' WHERE lat IS NULL;
CREATE TABLE police_summary (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  county_code TEXT NOT NULL CHECK (length(county_code) = 2),
  municipality TEXT REFERENCES municipality(code),
  occurred_at BIGINT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX police_summary_county ON police_summary (county_code, occurred_at);
)sql",
      // 5: the access log's hash chain and the personal data policy (see the SQLite list).
      R"sql(
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  hash TEXT NOT NULL,
  entries BIGINT NOT NULL
);
INSERT INTO audit_head (id, last_id, hash, entries)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the access log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
ALTER TABLE municipality ADD COLUMN personal_data_policy TEXT NOT NULL DEFAULT 'warn'
  CHECK (personal_data_policy IN ('warn','block'));
)sql",
      // 6: collaboration forums (see the SQLite list).
      R"sql(
CREATE TABLE forum_group (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  name TEXT NOT NULL CHECK (length(name) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('steering','management','council','operational','thematic',
                                     'local_network','sspf')),
  cadence TEXT NOT NULL
    CHECK (cadence IN ('weekly','every_other_week','monthly','four_times_a_year')),
  organisation_ids TEXT NOT NULL DEFAULT '',
  member_ids TEXT NOT NULL DEFAULT '',
  area_ids TEXT NOT NULL DEFAULT '',
  category_ids TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL,
  UNIQUE (municipality, name)
);
CREATE TABLE forum_meeting (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  group_id BIGINT NOT NULL REFERENCES forum_group(id),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  starts_at BIGINT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
  location TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('planned','held','cancelled')),
  minutes TEXT NOT NULL DEFAULT '',
  attending_organisation_ids TEXT NOT NULL DEFAULT '',
  attending_user_ids TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX forum_meeting_group ON forum_meeting (group_id, starts_at);
CREATE TABLE forum_decision (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES forum_meeting(id),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  text TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('task','measure')),
  organisation_id BIGINT NOT NULL REFERENCES organisation(id),
  due_day INTEGER NOT NULL,
  measure_id BIGINT REFERENCES measure(id),
  people_count INTEGER CHECK (people_count >= 0),
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  closed_at BIGINT,
  closed_in_meeting BIGINT REFERENCES forum_meeting(id),
  closing_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL,
  CHECK (kind = 'task' OR measure_id IS NOT NULL)
);
CREATE INDEX forum_decision_meeting ON forum_decision (meeting_id);
CREATE TABLE collaboration_agreement (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  title TEXT NOT NULL CHECK (length(title) > 0),
  from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL,
  party_ids TEXT NOT NULL DEFAULT '',
  area_ids TEXT NOT NULL DEFAULT '',
  category_ids TEXT NOT NULL DEFAULT '',
  commitments TEXT NOT NULL DEFAULT '',
  promise_ids TEXT NOT NULL DEFAULT '',
  measure_ids TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES user_account(id),
  created_at BIGINT NOT NULL,
  CHECK (to_day >= from_day)
);
CREATE TABLE agreement_follow_up (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  agreement_id BIGINT NOT NULL REFERENCES collaboration_agreement(id) ON DELETE CASCADE,
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  text TEXT NOT NULL CHECK (length(text) > 0),
  by_user BIGINT REFERENCES user_account(id),
  at BIGINT NOT NULL
);
CREATE INDEX agreement_follow_up_agreement ON agreement_follow_up (agreement_id);
)sql",
      // 7: retention settings per municipality (see the SQLite list).
      R"sql(
ALTER TABLE municipality ADD COLUMN retention_free_text_months INTEGER
  CHECK (retention_free_text_months IS NULL OR retention_free_text_months BETWEEN 1 AND 1200);
ALTER TABLE municipality ADD COLUMN retention_points_months INTEGER
  CHECK (retention_points_months IS NULL OR retention_points_months BETWEEN 1 AND 1200);
)sql",
      // 8: trygghetsmätningar (issue 5): one survey table cell per row; a NULL area is the
      // whole municipality, and the unique index treats it as area 0 so it has one value too.
      R"sql(
CREATE TABLE survey_value (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  municipality TEXT NOT NULL REFERENCES municipality(code),
  area_id BIGINT REFERENCES area(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  indicator TEXT NOT NULL CHECK (length(indicator) > 0),
  share DOUBLE PRECISION NOT NULL CHECK (share >= 0 AND share <= 1),
  respondents BIGINT NOT NULL CHECK (respondents > 0),
  imported_by BIGINT REFERENCES user_account(id),
  imported_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX survey_value_key
  ON survey_value (municipality, coalesce(area_id, 0), year, indicator);
)sql",
  };
  return kMigrations;
}

}  // namespace lagesbild
