import { describe, expect, it } from 'vitest';
import { basicAuthHeader, loadPacsConfig } from '../../tools/lib/pacs-config';

describe('loadPacsConfig', () => {
  it('takes an existing PACS from the environment, without a trailing slash', () => {
    const env = { DOKUEI_PACS_URL: 'http://pacs.example:8042/', DOKUEI_PACS_USER: 'u', DOKUEI_PACS_PASSWORD: 'p' };
    expect(loadPacsConfig(env)).toEqual({ url: 'http://pacs.example:8042', username: 'u', password: 'p' });
  });

  it('builds a Basic header only when there is a user', () => {
    expect(basicAuthHeader({ url: 'x', username: 'u', password: 'p' })).toBe('Basic dTpw');
    expect(basicAuthHeader({ url: 'x', username: '', password: '' })).toBeUndefined();
  });
});
