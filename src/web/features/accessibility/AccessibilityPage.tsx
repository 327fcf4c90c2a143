import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.tsx';
import { FALLBACK_ORDER } from '../../../shared/languages.ts';

/**
 * The accessibility statement that public-sector sites must publish: in Finland under the Act on
 * the Provision of Digital Services (306/2019), in Estonia under the Public Information Act;
 * both implement Directive (EU) 2016/2102.
 */
export function AccessibilityPage() {
  const { t } = useTranslation();
  // The order content falls back in (shared/languages.ts), so that the statement cannot say another.
  const order = FALLBACK_ORDER.map((lang) => t(`common:languages.${lang}`)).join(' → ');
  const section = (key: string) => (
    <section aria-labelledby={`a11y-${key}`} key={key}>
      <h2 id={`a11y-${key}`}>{t(`accessibility:${key}.title`)}</h2>
      {(t(`accessibility:${key}.paragraphs`, { returnObjects: true, order }) as string[]).map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
    </section>
  );
  return (
    <div className="page page--narrow prose">
      <PageTitle>{t('accessibility:title')}</PageTitle>
      <p>{t('accessibility:intro')}</p>
      {['status', 'languages', 'limitations', 'testing', 'feedback'].map(section)}
      <section aria-labelledby="a11y-enforcement">
        <h2 id="a11y-enforcement">{t('accessibility:enforcement.title')}</h2>
        <p>{t('accessibility:enforcement.text')}</p>
        <ul>
          <li>
            {t('accessibility:enforcement.finland')} <a href="https://www.saavutettavuusvaatimukset.fi/">saavutettavuusvaatimukset.fi</a>
          </li>
          <li>
            {t('accessibility:enforcement.estonia')} <a href="https://www.ttja.ee/">ttja.ee</a>
          </li>
        </ul>
      </section>
      <p className="muted">{t('accessibility:updated', { date: '2026-11-23' })}</p>
    </div>
  );
}
