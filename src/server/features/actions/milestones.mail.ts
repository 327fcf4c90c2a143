import { isUiLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { mailDay } from '../../lib/dates.ts';
import { accountsToTell } from '../accounts/accounts.repository.ts';
import { enqueue, type Sweep, type SweepOptions } from '../notifications/notifications.service.ts';
import * as repo from './actions.repository.ts';
import { today } from './actions.service.ts';
import { addDays } from '../../../shared/periods.ts';

/**
 * Mail about milestones coming due and slipping (issue 17 §3). A milestone is mailed about twice
 * at most for each due day it has: a reminder when it comes due, `DUE_NOTICE_DAYS` days before its
 * due day (as OpenProject's date alerts and GitLab's due-date mail remind ahead: the reminder is
 * for getting it done, which a mail on the day itself is too late for), and once when it slips
 * (the day after its due day, not done, its action still planned, ongoing or delayed). Moving the
 * due day clears both marks (`updateMilestone`), so the new day is mailed about afresh; a milestone
 * done, or an action done or dropped, gets no more. One first seen already past due gets the slip
 * mail alone. Days are the plan's (UTC), as its overdue flags.
 *
 * The recipients are the service owners of the action's Responsible and Accountable institutions
 * and the editors (and administrators, as for responses), each in their own language, each as their
 * notice settings say (the notice kind `milestone`: at once, in the digest, or not at all). A demo
 * action's milestones are mailed to the demo's accounts only.
 */
export const DUE_NOTICE_DAYS = 7;
/** Milestones claimed per run; the next run (the outbox worker's next tick) takes the rest. */
const BATCH = 50;

const languageOf = (locale: string | null): Language => (isUiLanguage(locale) ? locale : 'en');

/**
 * Mails what has come due or slipped by `now`, each milestone in a transaction of its own that
 * claims it (`claimMilestoneMail`) and writes its mail to the outbox; safe to run in any number of
 * instances at once. Returns how many milestones were mailed about each way.
 */
export async function sweepMilestones(db: QueryBuilder, { now, publicUrl }: SweepOptions): Promise<{ due: number; slipped: number }> {
  const day = today(now);
  const candidates = await repo.milestonesToMail(db, day, addDays(day, DUE_NOTICE_DAYS), BATCH);
  const counts = { due: 0, slipped: 0 };
  for (const candidate of candidates) {
    const kind = candidate.due_on < day ? 'slip' : 'due';
    const mailed = await db.transaction().execute(async (trx) => {
      const claimed = await repo.claimMilestoneMail(trx, candidate.id, candidate.due_on, kind, now);
      if (!claimed) return false;
      const recipients = await accountsToTell(trx, { roles: ['editor', 'admin'], serviceOwnersOf: await repo.responsibleOrAccountable(trx, claimed.action_id), demoOnly: claimed.is_demo });
      await enqueue(
        trx,
        kind === 'due' ? 'milestone-due' : 'milestone-slip',
        recipients.map((r) => ({ email: r.email, language: languageOf(r.locale) })),
        (language) => ({
          ref: claimed.ref,
          title: pickLocalized(claimed.action_title, language)?.text ?? claimed.ref,
          milestone: pickLocalized(claimed.title, language)?.text ?? '',
          when: mailDay(language, claimed.due_on),
          url: `${publicUrl}/actions/${claimed.ref}`,
        }),
      );
      return true;
    });
    if (mailed) counts[kind === 'due' ? 'due' : 'slipped']++;
  }
  return counts;
}

/** The sweep the outbox worker runs on every tick (handed to it by `main.ts`). */
export const milestoneSweep: Sweep = { name: 'milestones', run: sweepMilestones };
