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
  };
  return kMigrations;
}

}  // namespace lagesbild
