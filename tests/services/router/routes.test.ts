import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../../src/services/router/routes';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['/', { name: 'worklist' }],
    ['/monitoring', { name: 'monitoring' }],
    ['/study/1.2.840.113619.2.1', { name: 'study', studyInstanceUid: '1.2.840.113619.2.1' }],
    ['/study/1.2.3/', { name: 'study', studyInstanceUid: '1.2.3' }],
    // Non-conformant UIDs exist in real archives (the corpus has a hex one): they must still open.
    ['/study/05fa52e0c1', { name: 'study', studyInstanceUid: '05fa52e0c1' }],
    ['/study/a%2Fb', { name: 'study', studyInstanceUid: 'a/b' }],
    ['/study/%E0%A4%A', { name: 'not-found', path: '/study/%E0%A4%A' }],
    ['/study/1.2/series', { name: 'not-found', path: '/study/1.2/series' }],
    ['/elsewhere', { name: 'not-found', path: '/elsewhere' }],
  ])('%s', (path, route) => expect(parseRoute(path)).toEqual(route));
});

describe('formatRoute', () => {
  it.each<Route>([
    { name: 'worklist' },
    { name: 'monitoring' },
    { name: 'study', studyInstanceUid: '1.2.3.4' },
    { name: 'study', studyInstanceUid: 'odd uid/with slash' },
  ])('round-trips %o', (route) => expect(parseRoute(formatRoute(route))).toEqual(route));
});
