/**
 * The only PACS requests a browser may make: explicit method + route pattern on the normalised path,
 * derived from what the app really sends (src/services/pacs/client.ts, src/services/pacs/bulk-data.ts, the
 * Cornerstone wadors loader, src/services/inference/pixels/fetch-frame.ts, the worklist's change feed). Closed by default.
 * The upstream path is rebuilt from the matched parts, never copied from the request.
 */
import type { NormalisedTarget, QueryParam } from './normalise-path';

export type AuditKind = 'query' | 'access' | 'stow' | 'none';

export interface AllowedRoute {
  name: string;
  methods: readonly string[];
  /** Over the decoded path; capture groups are the route's identifiers. */
  pattern: RegExp;
  upstream: (ids: string[]) => string;
  query: 'qido' | 'none' | 'changes' | 'rendered';
  audit: AuditKind;
  /** Query level named in the audit trail. */
  level?: 'study' | 'series' | 'instance';
  /** How many leading captures are DICOM UIDs (length-checked). */
  uidCount: number;
}

const UID = '([0-9]+(?:\\.[0-9]+)*)';
const FRAME = '([1-9][0-9]{0,5})';
const FRAMES = '([1-9][0-9]{0,5}(?:,[1-9][0-9]{0,5}){0,999})';
/** As Orthanc writes BulkDataURIs: a tag, or a path of tag/item index/tag into sequences. */
const BULK_TAG_PATH = '([0-9A-Fa-f]{8}(?:/[0-9]{1,6}/[0-9A-Fa-f]{8}){0,16})';
const ORTHANC_ID = '([0-9a-f]{8}(?:-[0-9a-f]{8}){4})';
export const MAX_UID_LENGTH = 64;

const READ = ['GET', 'HEAD'] as const;
const route = (
  name: string,
  methods: readonly string[],
  path: string,
  rest: Omit<AllowedRoute, 'name' | 'methods' | 'pattern' | 'uidCount'>,
): AllowedRoute => ({
  name,
  methods,
  pattern: new RegExp(`^${path}$`),
  uidCount: path.split(UID).length - 1,
  ...rest,
});
const dw = (path: string) => `/dicom-web${path}`;
const instancePath = (ids: string[]) => `/dicom-web/studies/${ids[0]}/series/${ids[1]}/instances/${ids[2]}`;

export const ALLOWED_ROUTES: readonly AllowedRoute[] = [
  route('QIDO studies', READ, dw('/studies'), { upstream: () => '/dicom-web/studies', query: 'qido', audit: 'query', level: 'study' }),
  route('STOW studies', ['POST'], dw('/studies'), { upstream: () => '/dicom-web/studies', query: 'none', audit: 'stow' }),
  route('QIDO series', READ, dw(`/studies/${UID}/series`), {
    upstream: (ids) => `/dicom-web/studies/${ids[0]}/series`,
    query: 'qido',
    audit: 'query',
    level: 'series',
  }),
  route('QIDO instances', READ, dw(`/studies/${UID}/series/${UID}/instances`), {
    upstream: (ids) => `/dicom-web/studies/${ids[0]}/series/${ids[1]}/instances`,
    query: 'qido',
    audit: 'query',
    level: 'instance',
  }),
  route('WADO study metadata', READ, dw(`/studies/${UID}/metadata`), {
    upstream: (ids) => `/dicom-web/studies/${ids[0]}/metadata`,
    query: 'none',
    audit: 'access',
  }),
  route('WADO series metadata', READ, dw(`/studies/${UID}/series/${UID}/metadata`), {
    upstream: (ids) => `/dicom-web/studies/${ids[0]}/series/${ids[1]}/metadata`,
    query: 'none',
    audit: 'access',
  }),
  route('WADO instance', READ, dw(`/studies/${UID}/series/${UID}/instances/${UID}`), {
    upstream: instancePath,
    query: 'none',
    audit: 'access',
  }),
  route('WADO instance metadata', READ, dw(`/studies/${UID}/series/${UID}/instances/${UID}/metadata`), {
    upstream: (ids) => `${instancePath(ids)}/metadata`,
    query: 'none',
    audit: 'access',
  }),
  route('WADO frames', READ, dw(`/studies/${UID}/series/${UID}/instances/${UID}/frames/${FRAMES}`), {
    upstream: (ids) => `${instancePath(ids)}/frames/${ids[3]}`,
    query: 'none',
    audit: 'access',
  }),
  // The viewer's first paint: an 8-bit preview of one frame at display size, rendered by Orthanc.
  route('WADO rendered frame', READ, dw(`/studies/${UID}/series/${UID}/instances/${UID}/frames/${FRAME}/rendered`), {
    upstream: (ids) => `${instancePath(ids)}/frames/${ids[3]}/rendered`,
    query: 'rendered',
    audit: 'access',
  }),
  route('WADO bulk data', READ, dw(`/studies/${UID}/series/${UID}/instances/${UID}/bulk/${BULK_TAG_PATH}`), {
    upstream: (ids) => `${instancePath(ids)}/bulk/${ids[3]}`,
    query: 'none',
    audit: 'access',
  }),
  route('Orthanc changes', ['GET'], '/pacs/changes', { upstream: () => '/changes', query: 'changes', audit: 'none' }),
  route('Orthanc study by id', ['GET'], `/pacs/studies/${ORTHANC_ID}`, {
    upstream: (ids) => `/studies/${ids[0]}`,
    query: 'none',
    audit: 'query',
    level: 'study',
  }),
];

export interface RouteMatch {
  ok: true;
  route: AllowedRoute;
  /** Path and query to send to Orthanc, rebuilt from validated parts. */
  upstreamPath: string;
  /** Study the request is about (path UID, or a StudyInstanceUID match key). */
  studyUID?: string;
  patientID?: string;
  /** QIDO match keys (names only), for the audit trail. */
  matchKeys: string[];
}

export interface RouteRefusal {
  ok: false;
  status: 400 | 404 | 405;
  error: string;
  /** For 405: the methods this path takes. */
  allow?: string;
}

const QIDO_CONTROL_KEYS = new Set(['includefield', 'limit', 'offset', 'fuzzymatching']);
/** DICOM keywords or 8-hex tags: letters and digits only. */
const QIDO_KEY = /^[A-Za-z0-9]{1,64}$/;
const CHANGES_INTEGER = /^[0-9]{1,12}$/;
/** Rendering parameters of PS3.18 8.3.5 that Orthanc's DICOMweb plugin implements, in the forms the viewer sends. */
const RENDERED_PARAMS: Record<string, RegExp> = {
  viewport: /^[1-9][0-9]{0,3},[1-9][0-9]{0,3}$/,
  window: /^-?[0-9]{1,7}(?:\.[0-9]{1,6})?,[0-9]{1,7}(?:\.[0-9]{1,6})?,(?:linear|linear-exact|sigmoid)$/,
  quality: /^(?:[1-9][0-9]?|100)$/,
};

const refuse = (status: RouteRefusal['status'], error: string, allow?: string): RouteRefusal =>
  allow ? { ok: false, status, error, allow } : { ok: false, status, error };

const encodeQuery = (params: QueryParam[]) =>
  params.map((p) => (p.hasValue ? `${encodeURIComponent(p.key)}=${encodeURIComponent(p.value)}` : encodeURIComponent(p.key))).join('&');

function checkQuery(route: AllowedRoute, params: QueryParam[]): string | RouteRefusal {
  if (route.query === 'none') {
    return params.length === 0 ? '' : refuse(400, `${route.name} takes no query parameters`);
  }
  if (route.query === 'changes') {
    // The worklist asks `?since=N&limit=M` and `?last`; nothing else of /changes is reachable.
    for (const p of params) {
      const known = (p.key === 'since' || p.key === 'limit') && CHANGES_INTEGER.test(p.value);
      if (!known && !(p.key === 'last' && p.value === '')) return refuse(400, `query parameter "${p.key}" is not accepted on ${route.name}`);
    }
    return encodeQuery(params);
  }
  if (route.query === 'rendered') {
    const seen = new Set<string>();
    for (const p of params) {
      const pattern = Object.hasOwn(RENDERED_PARAMS, p.key) ? RENDERED_PARAMS[p.key] : undefined;
      if (!pattern || seen.has(p.key)) return refuse(400, `query parameter "${p.key}" is not accepted on ${route.name}`);
      if (!pattern.test(p.value)) return refuse(400, `query parameter "${p.key}" has an unexpected value`);
      seen.add(p.key);
    }
    // The patterns admit no character that needs escaping; Orthanc reads the commas literally.
    return params.map((p) => `${p.key}=${p.value}`).join('&');
  }
  for (const p of params) {
    if (!QIDO_KEY.test(p.key)) return refuse(400, `query parameter "${p.key}" is not a DICOM keyword or tag`);
    if (p.value.length > 1024) return refuse(400, `query parameter "${p.key}" is too long`);
  }
  return encodeQuery(params);
}

// Frame lists, bulk tag paths and Orthanc ids are bounded by their patterns; UIDs by PS3.5 9.1.
const validUids = (ids: string[], route: AllowedRoute) => ids.slice(0, route.uidCount).every((uid) => uid.length <= MAX_UID_LENGTH);

/** The allowed route for `method` on the normalised target, or why not. */
export function matchAllowedRoute(method: string, target: NormalisedTarget): RouteMatch | RouteRefusal {
  const onPath = ALLOWED_ROUTES.flatMap((route) => {
    const match = route.pattern.exec(target.path);
    return match ? [{ route, ids: match.slice(1) }] : [];
  });
  if (onPath.length === 0) return refuse(404, 'not an allowed PACS route');
  const hit = onPath.find(({ route }) => route.methods.includes(method));
  if (!hit) return refuse(405, `${method} is not allowed here`, [...new Set(onPath.flatMap(({ route }) => route.methods))].join(', '));
  const { route, ids } = hit;
  if (!validUids(ids, route)) return refuse(400, `UIDs are at most ${MAX_UID_LENGTH} characters`);
  const query = checkQuery(route, target.query);
  if (typeof query !== 'string') return query;
  const valueOf = (key: string) => target.query.find((p) => p.key === key)?.value;
  const studyUID = route.name.startsWith('Orthanc') ? undefined : (ids[0] ?? valueOf('StudyInstanceUID') ?? valueOf('0020000D'));
  const patientID = route.query === 'qido' ? (valueOf('PatientID') ?? valueOf('00100020')) : undefined;
  const matchKeys = route.query === 'qido' ? [...new Set(target.query.filter((p) => !QIDO_CONTROL_KEYS.has(p.key)).map((p) => p.key))] : [];
  return {
    ok: true,
    route,
    upstreamPath: route.upstream(ids) + (query ? `?${query}` : ''),
    ...(studyUID ? { studyUID } : {}),
    ...(patientID ? { patientID } : {}),
    matchKeys,
  };
}
