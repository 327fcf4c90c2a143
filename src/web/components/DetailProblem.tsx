import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../app/api.ts';
import { PageTitle } from './PageTitle.tsx';
import { problemText } from './problemText.ts';

/** The page of an item that could not be loaded: "no such item" for a 404, else what went wrong, and the way back to its list. */
export function DetailProblem({ error, notFoundKey, backTo, backLabelKey }: { error: unknown; notFoundKey: string; backTo: string; backLabelKey: string }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="page page--narrow">
      <PageTitle>{notFound ? t(notFoundKey) : problemText(error, t)}</PageTitle>
      <p>
        <Link to={backTo}>{t(backLabelKey)}</Link>
      </p>
    </div>
  );
}
