import { describe, expect, it } from 'vitest';
import { offeredScopes, tokenBody } from './tokenForm.ts';

describe('the token form', () => {
  it('offers the admin scope to administrators only', () => {
    expect(offeredScopes('admin')).toEqual(['read', 'write', 'admin']);
    for (const role of ['member', 'service_owner', 'moderator', 'editor', undefined] as const) expect(offeredScopes(role)).toEqual(['read', 'write']);
  });

  it('sends the name and every scope ticked', () => {
    const form = new FormData();
    form.append('name', 'CI');
    form.append('scopes', 'read');
    form.append('scopes', 'write');
    expect(tokenBody(form)).toEqual({ name: 'CI', scopes: ['read', 'write'] });
    expect(tokenBody(new FormData())).toEqual({ name: '', scopes: [] });
  });
});
