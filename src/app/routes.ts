/** The app's routes as data: parse and format are pure so links and tests share one definition. */
export type Route =
  | { name: 'worklist' }
  | { name: 'study'; studyInstanceUID: string }
  | { name: 'monitoring' }
  | { name: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'worklist' };
  if (pathname === '/monitoring' || pathname === '/monitoring/') return { name: 'monitoring' };
  const study = /^\/study\/([0-9.]+)\/?$/.exec(pathname);
  if (study) return { name: 'study', studyInstanceUID: study[1] };
  return { name: 'not-found', path: pathname };
}

export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'worklist':
      return '/';
    case 'study':
      return `/study/${route.studyInstanceUID}`;
    case 'monitoring':
      return '/monitoring';
    case 'not-found':
      return route.path;
  }
}
