import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, killServers, makeTarget, runCli, SOURCE_BIN, startServer, type Target } from './test/processes.ts';
import { freePort } from '../../scripts/net.mjs';

let target: Target;
beforeAll(async () => {
  target = await makeTarget();
});
afterAll(() => target?.dispose());

describe('talsinki user add', () => {
  it('creates an account with the role given and the password read from standard input', { timeout: 120_000 }, async () => {
    // As `npx talsinki` runs it, from the sources (the other tests run the bundle `npm start` runs).
    const result = await runCli(['user', 'add', '--email', 'coordinator@uudenmaanliitto.example', '--role', 'editor', '--name', 'Coordinator'], target.env, 'a password from stdin\n', SOURCE_BIN);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created editor coordinator@uudenmaanliitto\.example/);
    expect(await target.withDb((db) => db.kysely.selectFrom('users').select(['email', 'role']).execute())).toContainEqual({ email: 'coordinator@uudenmaanliitto.example', role: 'editor' });
  });

  it('refuses an unknown role or a short password, creating nothing', async () => {
    const badRole = await runCli(['user', 'add', '--email', 'x@example.fi', '--role', 'emperor'], target.env, 'a password from stdin\n');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of/);
    const shortPassword = await runCli(['user', 'add', '--email', 'y@example.fi', '--role', 'member'], target.env, 'short\n');
    expect(shortPassword.code).toBe(2);
    const emails = (await target.withDb((db) => db.kysely.selectFrom('users').select(['email', 'role']).execute())).map((u) => u.email);
    expect(emails).not.toContain('x@example.fi');
    expect(emails).not.toContain('y@example.fi');
  });

  it('refuses a duplicate e-mail with a clear message', async () => {
    const again = await runCli(['user', 'add', '--email', 'COORDINATOR@uudenmaanliitto.example', '--role', 'member'], target.env, 'a password from stdin\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});


describe('talsinki serve', () => {
  afterEach(killServers);

  it('finishes a request in flight on SIGTERM, then closes the database and exits 0', async () => {
    // At info level the server logs each request as it starts, and the start of its shutdown.
    const server = await startServer({ ...target.env, LOG_LEVEL: 'info' });
    const logged = (pattern: RegExp) => vi.waitFor(() => expect(server.output()).toMatch(pattern), { timeout: 20_000, interval: 10 });

    // A log-in whose body is still on its way when the signal comes.
    const body = JSON.stringify({ email: 'coordinator@uudenmaanliitto.example', password: 'a password from stdin' });
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    // The server has the request (its headers read, its body not yet whole) before the signal.
    await logged(/"url":"\/api\/auth\/login"[^\n]*"msg":"incoming request"/);
    server.child.kill('SIGTERM');
    await logged(/shutting down: finishing requests in flight/);
    // It has stopped listening: a new connection is refused while ours is still open.
    await vi.waitFor(
      () =>
        new Promise<void>((resolve, reject) => {
          const probe = net.connect(server.port, '127.0.0.1');
          probe.once('connect', () => (probe.destroy(), reject(new Error('still listening'))));
          probe.once('error', () => resolve());
        }),
      { timeout: 20_000, interval: 10 },
    );
    expect(answer).toBe('');
    socket.write(body.slice(10));
    await closed;

    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"email":"coordinator@uudenmaanliitto.example"');
    expect(await server.exited, server.output()).toBe(0);
    // The database was closed cleanly: it opens again and holds the account.
    expect((await target.withDb((db) => db.kysely.selectFrom('users').select(['email', 'role']).execute())).map((u) => u.email)).toContain('coordinator@uudenmaanliitto.example');
  });
});

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const child of servers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `talsinki serve`; resolves once its output matches `until`, or once it exits. */
async function serveUntil(env: Record<string, string>, until: RegExp) {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, TALSINKI_DEMO: '', TALSINKI_DEMO_SENSOR_DAYS: '2', LOG_LEVEL: 'warn', ...env } });
  servers.push(child);
  let output = '';
  // 'close' comes after the last output, unlike 'exit'.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const seen = new Promise<void>((resolve) => {
    const read = (d: Buffer) => {
      output += d;
      if (until.test(output)) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
  await Promise.race([seen, exited]);
  return { child, exited, output: () => output };
}

const REAL_ADMIN = ['user', 'add', '--email', 'it@harju.example', '--role', 'admin', '--name', 'IT'];

describe('talsinki demo load', () => {
  it('refuses, loading nothing, a database with accounts of its own', { timeout: 120_000 }, async () => {
    const real = await makeTarget();
    try {
      expect((await runCli(REAL_ADMIN, real.env, 'a real admin password\n')).code).toBe(0);
      const result = await runCli(['demo', 'load'], real.env);
      expect(result.stderr).toBe("talsinki: this database has 1 account of its own; the demo, whose administrator's password is published, loads only into a new database.\n");
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(await real.withDb((db) => db.kysely.selectFrom('users').select(['email', 'role']).execute())).toEqual([{ email: 'it@harju.example', role: 'admin' }]);
    } finally {
      await real.dispose();
    }
  });

  describe('the demo database', () => {
    let demo: Target;
    beforeAll(async () => {
      demo = await makeTarget();
    });
    afterAll(() => demo?.dispose());

    it('loads into a new database, and stays the demo database when people join it', { timeout: 120_000 }, async () => {
      const loaded = await runCli(['demo', 'load'], demo.env);
      expect(loaded.stderr).toBe('');
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toMatch(/^Demo loaded\.\nDemo accounts .+\n  admin +admin@demo\.talsinki\.eu +password: demo-admin-2026\n/);
      expect((await runCli(['user', 'add', '--email', 'visitor@example.ee', '--role', 'member'], demo.env, 'a visitor password\n')).code).toBe(0);
      const again = await runCli(['demo', 'load'], demo.env);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('The demo is already loaded.\n');
    });

    it('will not serve its published passwords beyond loopback unless TALSINKI_DEMO=1 asks for it', { timeout: 120_000 }, async () => {
      const port = await freePort();
      const server = await serveUntil({ ...demo.env, HOST: '0.0.0.0', PORT: String(port) }, /runs at/);
      expect(server.output()).not.toMatch(/runs at/);
      expect(await server.exited, server.output()).toBe(1);
      expect(server.output()).toMatch(
        /talsinki: this database has demo accounts with published passwords \(admin@demo\.talsinki\.eu, editor@demo\.talsinki\.eu, moderator@demo\.talsinki\.eu, service\.owner@demo\.talsinki\.eu, member@demo\.talsinki\.eu\), and HOST=0\.0\.0\.0 lets other machines reach this server\. Set TALSINKI_DEMO=1/,
      );
    });

    it('says at start, on loopback, that its demo accounts are live', { timeout: 120_000 }, async () => {
      const port = await freePort();
      const server = await serveUntil({ ...demo.env, HOST: '127.0.0.1', PORT: String(port) }, /runs at .*\n/);
      // What it prints after listening comes soon after: waited for, line by line.
      await vi.waitFor(() => expect(server.output()).toMatch(/"msg":"Demo accounts[^\n]*\n[\s\S]*\nDemo accounts with published passwords are live: [^\n]*\n/), { timeout: 20_000, interval: 10 });
      const output = server.output();
      expect(output).toMatch(/"level":40,.*"demoAccounts":\["admin@demo\.talsinki\.eu",.*"msg":"Demo accounts with published passwords are live: admin@demo\.talsinki\.eu, .*; do not expose this server\."/);
      expect(output).toMatch(/runs at http:\/\/localhost:\d+ .*\nDemo accounts .+\n  admin +admin@demo\.talsinki\.eu +password: demo-admin-2026\n[\s\S]*\nDemo accounts with published passwords are live: admin@demo\.talsinki\.eu, editor@demo\.talsinki\.eu, moderator@demo\.talsinki\.eu, service\.owner@demo\.talsinki\.eu, member@demo\.talsinki\.eu; do not expose this server\.\n/);
      server.child.kill('SIGTERM');
      expect(await server.exited, output).toBe(0);
    });
  });
});

