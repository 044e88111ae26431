// The signed-in user, the municipality they are working in, and its reference data (categories,
// organisations, areas, places), loaded once per municipality and shared by every view.
import { get, query } from "./api";
import type {
  AreaFeature,
  Category,
  Municipality,
  Organisation,
  Place,
  Role,
  User,
} from "./types";

export interface Reference {
  categories: Category[];
  organisations: Organisation[];
  areas: AreaFeature[];
  places: Place[];
}

export const app = {
  user: null as User | null,
  municipalities: [] as Municipality[],
  municipality: "",
  ref: null as Reference | null,
};

const rank: Record<Role, number> = { viewer: 0, reporter: 1, analyst: 2, coordinator: 3, admin: 4 };

// The user's highest role in the current municipality (null: none).
export function role(): Role | null {
  let best: Role | null = null;
  for (const g of app.user?.grants ?? []) {
    if (g.municipality !== app.municipality) continue;
    if (best === null || rank[g.role] > rank[best]) best = g.role;
  }
  return best;
}

export function atLeast(r: Role): boolean {
  const mine = role();
  return mine !== null && rank[mine] >= rank[r];
}

export function ownOrganisations(): number[] {
  return (app.user?.grants ?? [])
    .filter((g) => g.municipality === app.municipality && g.organisation_id !== null)
    .map((g) => g.organisation_id as number);
}

export function withMunicipality(params: Record<string, string | number | undefined>): string {
  return query({ municipality: app.municipality, ...params });
}

export async function loadReference(force = false): Promise<Reference> {
  if (app.ref && !force) return app.ref;
  const m = withMunicipality({});
  const [categories, organisations, areas, places] = await Promise.all([
    get<Category[]>("/api/v1/categories" + m),
    get<Organisation[]>("/api/v1/organisations" + m),
    get<{ features: AreaFeature[] }>("/api/v1/areas" + m),
    get<Place[]>("/api/v1/places" + m),
  ]);
  app.ref = { categories, organisations, areas: areas.features, places };
  return app.ref;
}

// "Skadegörelse › Klotter": a category with its parents, for pickers and search.
export function categoryPath(c: Category, all: Category[]): string {
  const names = [c.name];
  let parent = c.parent_id;
  while (parent !== null) {
    const p = all.find((x) => x.id === parent);
    if (!p) break;
    names.unshift(p.name);
    parent = p.parent_id;
  }
  return names.join(" › ");
}
