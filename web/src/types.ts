// The shapes the API returns (see /api/v1/openapi.json); only the fields the app reads.

export type Role = "reporter" | "analyst" | "coordinator" | "admin" | "viewer";

export interface Grant {
  municipality: string;
  organisation_id: number | null;
  role: Role;
}
export interface User {
  id: number;
  username: string;
  display_name: string;
  disabled: boolean;
  grants: Grant[];
}
export interface Municipality {
  code: string;
  name: string;
  has_boundary: boolean;
  reporting_cadence_days: number;
}
export interface Category {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  active: boolean;
}
export interface Organisation {
  id: number;
  name: string;
  kind: string;
}
export interface Place {
  id: number;
  name: string;
  kind: string;
  lat: number;
  lon: number;
  area_id: number | null;
}
export interface AreaFeature {
  type: "Feature";
  id: number;
  geometry: GeoJSON.Geometry;
  properties: { id: number; name: string; kind: string };
}
export interface Report {
  id: number;
  category: string;
  category_name: string;
  organisation: string;
  area: string | null;
  place: string | null;
  occurred_from: string;
  occurred_to: string | null;
  lat: number | null;
  lon: number | null;
  count: number;
  severity: number;
  description?: string;
  status: string;
}
export interface Cell {
  area: string | null;
  area_id: number | null;
  category: string;
  category_name: string;
  current: number;
  previous: number;
  last_year: number;
  baseline_mean: number;
  expected: number;
  ratio: number | null;
  p: number;
  q: number;
  flagged: boolean;
  early_warning: boolean;
  direction: "rise" | "fall" | null;
  series: number[];
}
export interface Situation {
  municipality: string;
  municipality_name: string;
  period: { label: string; kind: string; from: string; to: string };
  previous: string;
  last_year: string;
  baseline: string[];
  totals: { current: number; previous: number; last_year: number; baseline_mean: number };
  flags: Cell[];
  cells: Cell[];
  serious: Report[];
  top_places: { place: string; reports: number }[];
  time_of_week: number[][];
  coverage: {
    organisation: string;
    organisation_id: number;
    state: string;
    reports: number;
  }[];
  area_status: { area: string; area_id: number; status: string | null; since: string | null }[];
  assessment: {
    text: string;
    proposed_actions: string;
    version: number;
    author: string;
    created_at: string;
  } | null;
  assessment_versions: number;
  no_reports: boolean;
}

export type MeasureStatus =
  | "proposed"
  | "decided"
  | "ongoing"
  | "completed"
  | "evaluated"
  | "cancelled";
export interface Measure {
  id: number;
  title: string;
  description: string;
  kind: string;
  level: string;
  type: string;
  type_label?: string;
  areas: { id: number; name: string }[];
  categories: { id: number; name: string }[];
  organisation: { id: number; name: string } | null;
  partners: { id: number; name: string }[];
  start: string;
  end: string | null;
  cost: number | null;
  status: MeasureStatus;
  history: { status: string; by: number; by_name?: string; at: string; note?: string }[];
  notes: { by: number; by_name?: string; at: string; text: string }[];
}
