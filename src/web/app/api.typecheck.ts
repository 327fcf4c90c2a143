/**
 * The bar of issue 13, checked by `tsc -p tsconfig.json` (never run): a web call whose path,
 * method, path parameters, query, body or answer does not match its route is a type error. Each
 * `@ts-expect-error` fails the type check if the line below it stops being an error.
 */
import { api, type GetAnswer } from './api.ts';

export async function typecheck() {
  // Right calls type-check, and their answers are the routes' own.
  const dataset = await api.get('/api/datasets/{id}', { path: { id: 'x' } });
  const title: Record<string, string> | undefined = dataset.title;
  const list = await api.get('/api/datasets', { query: { q: 'liikenne', theme: ['TRAN', 'ENVI'], limit: 20 } });
  const total: number = list.total;
  const nothing: undefined = await api.post('/api/auth/logout');
  const user = await api.patch('/api/me', { body: { displayName: 'Anna' } });
  const role: 'member' | 'service_owner' | 'moderator' | 'editor' | 'admin' = user.role;
  const form = new FormData();
  await api.post('/api/bottlenecks/{id}/attachments', { path: { id: 'BN-2026-0001' }, body: form, headers: { 'x-attachment-token': 't' } });
  const stats: GetAnswer<'/api/bottlenecks/stats'> = await api.get('/api/bottlenecks/stats');

  // @ts-expect-error a path the server does not have
  await api.get('/api/dataset/{id}', { path: { id: 'x' } });
  // @ts-expect-error a method the route does not answer
  await api.delete('/api/datasets');
  // @ts-expect-error the path parameter is missing
  await api.get('/api/datasets/{id}');
  // @ts-expect-error the path parameter is misnamed
  await api.get('/api/datasets/{id}', { path: { ref: 'x' } });
  // @ts-expect-error a query field the route does not take
  await api.get('/api/datasets', { query: { thema: ['TRAN'] } });
  // @ts-expect-error a query value outside the route's vocabulary
  await api.get('/api/datasets', { query: { theme: ['TRAINS'] } });
  // @ts-expect-error a body field the route does not take
  await api.patch('/api/me', { body: { nickname: 'Anna' } });
  // @ts-expect-error a body field of the wrong type
  await api.patch('/api/me', { body: { displayName: 42 } });
  // @ts-expect-error the body is missing
  await api.post('/api/auth/login');
  // @ts-expect-error a JSON route does not take a form
  await api.post('/api/auth/login', { body: form });
  // @ts-expect-error a route without a body takes none
  await api.post('/api/dialogues/{id}/invitations', { path: { id: 'x' }, body: { all: true } });
  // @ts-expect-error the answer has no such field
  const wrong: string = list.itemz;
  // @ts-expect-error the answer's field has another type
  const wrongType: string = list.total;
  // @ts-expect-error a 204 answers nothing to read
  const nothingThere: string = (await api.delete('/api/tokens/{id}', { path: { id: 'x' } })).id;
  return [title, total, nothing, role, stats, wrong, wrongType, nothingThere];
}
