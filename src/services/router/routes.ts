/** The app's routes as data: parse and format are pure so links and tests share one definition. */
export type Route =
  { name: 'worklist' } | { name: 'study'; studyInstanceUid: string } | { name: 'monitoring' } | { name: 'admin' } | { name: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'worklist' };
  if (pathname === '/monitoring' || pathname === '/monitoring/') return { name: 'monitoring' };
  if (pathname === '/admin' || pathname === '/admin/') return { name: 'admin' };
  // Any UID the PACS holds must open, including non-conformant ones (hex, letters) seen in the wild.
  const study = /^\/study\/([^/]+)\/?$/.exec(pathname);
  if (study) {
    try {
      return { name: 'study', studyInstanceUid: decodeURIComponent(study[1]) };
    } catch {
      // A malformed %-escape: nothing to open.
    }
  }
  return { name: 'not-found', path: pathname };
}

export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'worklist':
      return '/';
    case 'study':
      return `/study/${encodeURIComponent(route.studyInstanceUid)}`;
    case 'monitoring':
      return '/monitoring';
    case 'admin':
      return '/admin';
    case 'not-found':
      return route.path;
  }
}
