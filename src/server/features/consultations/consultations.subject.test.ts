import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import type { VersionList } from '../../../shared/schemas/framework.ts';
import type { PlanList } from '../../../shared/schemas/planning.ts';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { createConsultation } from './consultations.fixture.ts';

/** A consultation names what it is about: the plan or the framework version, chosen from their lists by id. */

let t: TestApp;
let editor: Session;

const create = (slug: string, subject: Record<string, unknown>) => createConsultation(t, editor, { slug, title: { en: slug }, ...subject });

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

describe('what a consultation is about', () => {
  it('names its plan and its framework version by what their pages show, taken by the ids their lists give', async () => {
    const plans = expectStatus(await t.app.inject({ url: '/api/planning/plans' }), 200).json() as PlanList;
    const uusimaa = plans.items.find((p) => p.slug === 'uusimaa-2050')!;
    const onPlan = await create('on-a-plan', { subject: 'plan', planId: uusimaa.id });
    expect(onPlan.about).toEqual({ plan: { slug: 'uusimaa-2050', name: uusimaa.name }, frameworkVersion: null });

    expectStatus(await t.app.inject({ method: 'POST', url: '/api/framework/versions', headers: editor.headers, payload: { label: { en: 'Draft framework' } } }), 201);
    const versions = expectStatus(await t.app.inject({ url: '/api/framework/versions', headers: editor.headers }), 200).json() as VersionList;
    const onVersion = await create('on-a-version', { subject: 'framework_version', frameworkVersionId: versions.items[0].id });
    expect(onVersion.about).toEqual({ plan: null, frameworkVersion: { number: 1, label: { en: 'Draft framework' }, state: 'draft' } });

    const onText = await create('on-a-text', { subject: 'text' });
    expect(onText.about).toEqual({ plan: null, frameworkVersion: null });
  });
});
