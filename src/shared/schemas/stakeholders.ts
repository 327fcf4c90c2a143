import { Type, type Static } from 'typebox';
import { DomainSchema } from './bottlenecks.ts';
import { LinkedDialogue } from './dialogues.ts';
import { InstitutionRef } from './institutions.ts';
import { LinkedRecommendation } from './dialogues.ts';

/** One institution's place in the cooperation: what it owns, where it took part, what it was asked. */
export const Stakeholder = Type.Object({
  institution: InstitutionRef,
  type: Type.String(),
  /** Domains of competence, from the directory. */
  domains: Type.Array(DomainSchema),
  /** Public bottlenecks assigned to it, by domain. */
  assigned: Type.Array(Type.Object({ domain: DomainSchema, count: Type.Integer() })),
  organised: Type.Array(LinkedDialogue),
  tookPart: Type.Array(LinkedDialogue),
  received: Type.Array(Type.Object({ ...LinkedRecommendation.properties, answered: Type.Boolean() })),
});
export type Stakeholder = Static<typeof Stakeholder>;
export const StakeholderMap = Type.Object({ items: Type.Array(Stakeholder) });
export type StakeholderMap = Static<typeof StakeholderMap>;
