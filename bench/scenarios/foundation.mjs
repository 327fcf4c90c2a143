// Issue 2's figures: health, and an authenticated GET /api/auth/me among realistic account volumes.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

const USERS = 50_000;
const SESSIONS = 100_000;

async function seedAccounts(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from users');
    if (rows[0].n < USERS) {
      // A region-sized account base: members mostly, a few hundred staff, and sessions of which
      // a fifth have expired and wait for clean-up.
      await client.query(
        `insert into users (email, display_name, password_hash, role, locale)
         select 'bench' || i || '@example.test', 'Bench user ' || i, '$argon2id$v=19$m=19456,t=2,p=1$bench$bench',
                (array['member','member','member','member','service_owner','moderator','editor'])[1 + i % 7],
                (array['fi','et','en'])[1 + i % 3]
         from generate_series(1, $1) as i`,
        [USERS],
      );
      await client.query(
        `insert into sessions (id, user_id, csrf_token, expires_at, last_seen_at)
         select encode(sha256(('bench-session-' || i)::bytea), 'hex'), u.id, 'csrf' || i,
                now() + case when i % 5 = 0 then interval '-1 day' else interval '14 days' end, now()
         from generate_series(1, $1) as i
         join lateral (select id from users offset (i % $2) limit 1) u on true`,
        [SESSIONS, USERS],
      );
      await client.query('analyze');
    }
    const token = randomBytes(32).toString('base64url');
    const sessionId = createHash('sha256').update(token).digest('hex');
    const user = (await client.query(`select id from users where email = 'bench4242@example.test'`)).rows[0];
    await client.query(`insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, 'csrf', now() + interval '1 day')`, [sessionId, user.id]);
    return { token, sessionId };
  } finally {
    await client.end();
  }
}

/** The query the server runs for a cookie session, written by hand. */
const SESSION_SQL = `select s.id, s.csrf_token, s.last_seen_at, u.id as user_id, u.email, u.display_name, u.role, u.locale, u.created_at
  from sessions s join users u on u.id = s.user_id
  where s.id = $1 and s.expires_at > now() and u.disabled_at is null`;

export const scenarios = [
  {
    name: 'health',
    describe: 'GET /api/health (select 1)',
    path: '/api/health',
    prepare: async () => ({}),
    raw: (pool) => pool.query('select 1'),
  },
  {
    name: 'auth-me',
    describe: `authenticated GET /api/auth/me, ${USERS.toLocaleString('en')} users and ${SESSIONS.toLocaleString('en')} sessions`,
    path: '/api/auth/me',
    target: '≥ 3,000 req/s, p99 < 20 ms',
    prepare: async ({ dbUrl }) => {
      const { token, sessionId } = await seedAccounts(dbUrl);
      return { headers: { cookie: `talsinki_session=${token}` }, sessionId };
    },
    raw: (pool, context) => pool.query(SESSION_SQL, [context.sessionId]),
  },
];
