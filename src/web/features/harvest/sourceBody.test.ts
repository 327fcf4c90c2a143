import { describe, expect, it } from 'vitest';
import { sourceBody } from './sourceBody.ts';

describe('the harvest source form', () => {
  it('trims, reads the box as enabled or not, and sends no publisher as null', () => {
    const form = new FormData();
    for (const [key, value] of [['name', ' Avoindata '], ['kind', 'ckan'], ['url', ' https://avoindata.fi '], ['schedule', 'daily'], ['enabled', 'on'], ['publisherId', '']]) form.append(key!, value!);
    expect(sourceBody(form)).toEqual({ name: 'Avoindata', kind: 'ckan', url: 'https://avoindata.fi', schedule: 'daily', enabled: true, publisherId: null });
    form.delete('enabled');
    form.set('publisherId', 'inst-1');
    expect(sourceBody(form)).toMatchObject({ enabled: false, publisherId: 'inst-1' });
  });
});
