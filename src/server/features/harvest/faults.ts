import { isHarvestErrorCode, type HarvestProblem, type HarvestReason } from '../../../shared/problems.ts';
import en from '../../../web/locales/en/problems.json' with { type: 'json' };
import { fillTemplate, reasonEnglish } from '../../lib/fetchFault.ts';

const ERRORS: Readonly<Record<string, string>> = en.harvest;

/**
 * A harvest error or reason in English, worded as the web app words it in English: from its code's
 * text in `src/web/locales/en/problems.json` (`harvest.<code>`, `harvestReason.<code>`), a `reason`
 * parameter worded through its own code. The API and the command line keep this English beside
 * the code, so the two never disagree. Why a request failed (the reason, `FetchFault`) is the
 * HTTP client's: `lib/fetchFault.ts`.
 */
export function englishOf(problem: HarvestProblem | HarvestReason): string {
  if (!isHarvestErrorCode(problem.code)) return reasonEnglish(problem as HarvestReason);
  return fillTemplate(ERRORS[problem.code] ?? problem.code, problem.params);
}
