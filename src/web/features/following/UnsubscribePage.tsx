import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { listOfWords, type Language } from '../../../shared/languages.ts';

/**
 * Where a notice's unsubscribe link leads: it asks first, since a link checker's visit must not
 * unsubscribe anyone, and posts the token as a mail client's one-click does (RFC 8058).
 */
export function UnsubscribePage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [kinds, setKinds] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      setKinds((await api.post('/api/notices/unsubscribe', { query: { token } })).kinds);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  // A link cut short or mangled on its way (no token, or one the API refuses as malformed) is as
  // unusable as an unknown one: it gets the same words, not a form's "fields are invalid".
  const invalid = !token || (error instanceof ApiError && (error.status === 400 || error.code === 'unsubscribe-link-invalid'));
  return (
    <div className="page page--narrow">
      <PageTitle>{t('following:unsubscribe.title')}</PageTitle>
      {invalid ? (
        <p className="notice notice--error" role="alert">
          {t('problems:problem.unsubscribe-link-invalid')}
        </p>
      ) : (
        <FormErrors error={error} />
      )}
      {invalid ? null : kinds ? (
        <p role="status" className="notice notice--success">
          {t('following:unsubscribe.done', { kinds: listOfWords(kinds.map((kind) => t(`following:kinds.${kind}.name`)), i18n.language as Language) })}
        </p>
      ) : (
        <>
          <p>{t('following:unsubscribe.intro')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
            {t('following:unsubscribe.confirm')}
          </button>
        </>
      )}
      <p>
        <Link to="/following">{t('following:unsubscribe.settings')}</Link>
      </p>
    </div>
  );
}
