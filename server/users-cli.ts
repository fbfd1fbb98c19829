/**
 * Account administration on the users file (the server picks changes up without a restart):
 *   npm run users -- add <name> [--role reader|admin|service] [--display "Dr A. Reader"] [--dicom "Reader^Anna"] [--password-stdin]
 *   npm run users -- list | disable <name> | enable <name> | passwd <name> [--password-stdin]
 *   npm run users -- role <name> <role> | unlock <name> | token <name>
 * The file is DOKUEI_USERS_FILE, else STATE_DIR/users.json; --file <path> overrides both.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Role } from './principal';
import { hashPassword } from './auth/passwords';
import { newServiceToken, sha256 } from './auth/tokens';
import { checkUserName, readUsersFile, resolveUser, ROLES, updateUsersFile, type StoredUser, type UsersFile } from './auth/users';
import { usersFileOf } from './config';

const MIN_PASSWORD = 10;

const USAGE = `usage: npm run users -- <command> [options]
  add <name> [--role reader|admin|service] [--display "Dr A. Reader"] [--dicom "Reader^Anna"] [--password-stdin]
  list
  disable <name>          enable <name>
  passwd <name> [--password-stdin]
  role <name> <reader|admin|service>
  unlock <name>           (clears sign-in lock-out)
  token <name>            (new bearer token for a service account; the old one stops working)
options: --file <users.json> (default: DOKUEI_USERS_FILE, else .dokuei/users.json)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      display: { type: 'string' },
      dicom: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!command && !values.help) throw new UsageError('no command');
    return;
  }
  const file = values.file ?? usersFileOf();
  const needName = () => {
    if (!name) throw new UsageError(`${command} needs a user name`);
    return name;
  };
  const passwordFromStdin = values['password-stdin'] === true;

  switch (command) {
    case 'list':
      return list(file);
    case 'add': {
      const user = needName();
      const nameProblem = checkUserName(user);
      if (nameProblem) throw new Error(nameProblem);
      const role = parseRole(values.role ?? 'reader');
      if (readUsersFile(file).users.some((u) => u.name === user)) throw new Error(`${user} already exists in ${file}`);
      const stored: StoredUser = { name: user, passwordHash: '', role };
      if (values.display) stored.displayName = values.display;
      if (values.dicom) stored.dicomName = checkDicomName(values.dicom);
      let token: string | null = null;
      if (role === 'service') {
        token = newServiceToken();
        stored.tokenHash = sha256(token);
      } else {
        stored.passwordHash = hashPassword(await newPassword(passwordFromStdin));
      }
      updateUsersFile(file, (f) => void f.users.push(stored));
      console.log(`added ${user} (${role}) to ${file}`);
      if (token) printToken(user, token);
      return;
    }
    case 'disable':
    case 'enable': {
      const disabled = command === 'disable';
      change(file, needName(), (user) => {
        if (disabled) user.disabled = true;
        else delete user.disabled;
      });
      console.log(`${name} ${disabled ? 'disabled: signed out at its next request' : 'enabled'}`);
      return;
    }
    case 'passwd': {
      const user = needName();
      const existing = find(readUsersFile(file), user, file);
      if (resolveUser(existing).role === 'service') throw new Error(`${user} is a service account: it uses a token (npm run users -- token ${user})`);
      const passwordHash = hashPassword(await newPassword(passwordFromStdin));
      change(file, user, (u) => void (u.passwordHash = passwordHash));
      console.log(`new password set for ${user}`);
      return;
    }
    case 'role': {
      const user = needName();
      if (!extra) throw new UsageError('role needs a user name and a role');
      const role = parseRole(extra);
      change(file, user, (u) => void (u.role = role));
      console.log(`${user} is now ${role}`);
      const stored = find(readUsersFile(file), user, file);
      if (role === 'service' && !stored.tokenHash) console.log(`  it has no token yet: npm run users -- token ${user}`);
      if (role !== 'service' && !stored.passwordHash) console.log(`  it has no password yet: npm run users -- passwd ${user}`);
      return;
    }
    case 'unlock': {
      // The server compares this time with the account's last failure (its counters live in its memory).
      change(file, needName(), (u) => void (u.unlockedAt = new Date().toISOString()));
      console.log(`${name} unlocked: earlier sign-in failures no longer count`);
      return;
    }
    case 'token': {
      const user = needName();
      if (resolveUser(find(readUsersFile(file), user, file)).role !== 'service')
        throw new Error(`${user} is not a service account (npm run users -- role ${user} service)`);
      const token = newServiceToken();
      change(file, user, (u) => void (u.tokenHash = sha256(token)));
      printToken(user, token);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function list(file: string): void {
  const users = readUsersFile(file).users.map(resolveUser);
  if (users.length === 0) return console.log(`no users in ${file}`);
  const rows = users.map((u) => [u.name, u.role, u.disabled ? 'disabled' : 'active', u.displayName, u.dicomName]);
  const header = ['NAME', 'ROLE', 'STATE', 'DISPLAY NAME', 'DICOM NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

function find(users: UsersFile, name: string, file: string): StoredUser {
  const user = users.users.find((u) => u.name === name);
  if (!user) throw new Error(`no user ${name} in ${file}`);
  return user;
}

function change(file: string, name: string, edit: (user: StoredUser) => void): void {
  updateUsersFile(file, (users) => edit(find(users, name, file)));
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`role must be one of ${ROLES.join(', ')}, not "${value}"`);
  return value as Role;
}

function checkDicomName(value: string): string {
  // PN: at most 5 components separated by "^", no backslash (the value separator), 64 chars per group.
  if (value.includes('\\') || value.split('^').length > 5 || value.length > 64) throw new Error(`"${value}" is not a DICOM person name like "Family^Given"`);
  return value;
}

function printToken(user: string, token: string): void {
  console.log(`bearer token for ${user} (shown once; send it as "Authorization: Bearer <token>"):`);
  console.log(token);
}

async function newPassword(fromStdin: boolean): Promise<string> {
  const password = fromStdin || !process.stdin.isTTY ? await firstLineOfStdin() : await promptTwice();
  if (password.length < MIN_PASSWORD) throw new Error(`passwords need at least ${MIN_PASSWORD} characters`);
  return password;
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0];
}

async function promptTwice(): Promise<string> {
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Again: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`users: ${message}`);
  const usage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (usage) console.error(USAGE);
  process.exit(usage ? 2 : 1);
});
