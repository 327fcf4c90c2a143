import type { Role, TokenScope } from '../../../shared/roles.ts';
import type { Body } from '../../app/api.ts';
import { formText } from '../../components/useSubmit.ts';

/** The scopes a user may give a token: `admin` only to an administrator's (the server refuses it to anyone else). */
export function offeredScopes(role: Role | undefined): readonly TokenScope[] {
  return role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
}

/** The body of `POST /api/tokens`: the name, and the scopes ticked, as the route takes them (the server checks them). */
export function tokenBody(form: FormData): Body<'post', '/api/tokens'> {
  return { name: formText(form, 'name'), scopes: form.getAll('scopes').map(String) as TokenScope[] };
}
