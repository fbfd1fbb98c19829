import type { ServerAccount } from '../../tools/lib/dokuei-server';

/**
 * The accounts of the e2e server, made with the users CLI by global setup. Pages start signed in
 * as `reader` (a storage state); specs that need someone else sign in through the sign-in page.
 */
export const E2E_ACCOUNTS = {
  reader: { name: 'reader', password: 'reader-e2e-pw-1', role: 'reader', displayName: 'Dr Ein Reader', dicomName: 'Reader^Ein' },
  other: { name: 'other', password: 'other-e2e-pw-2', role: 'reader', displayName: 'Dr Other', dicomName: 'Other^Anna' },
  alice: { name: 'alice', password: 'alice-e2e-pw-3', role: 'reader', displayName: 'alice', dicomName: 'Alice^A' },
  bob: { name: 'bob', password: 'bob-e2e-pw-44', role: 'reader', displayName: 'bob', dicomName: 'Bob^B' },
  admin: { name: 'admin', password: 'admin-e2e-pw-5', role: 'admin', displayName: 'Admin', dicomName: 'Admin^Site' },
} as const satisfies Record<string, ServerAccount>;

export type E2eAccount = keyof typeof E2E_ACCOUNTS;
