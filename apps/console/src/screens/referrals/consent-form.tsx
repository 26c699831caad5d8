import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useExpireOnUnauthenticated } from '../../components/operation-error';
import { graphql } from '../../gql';
import type { ConsentPurpose, DataCategory } from '../../gql/graphql';
import { useStaff } from '../../session';
import { DATA_CATEGORIES, NS, personName } from './shared';

const ConsentFormQuery = graphql(`
  query ReferralsConsentForm($personId: ID!, $agencyId: ID, $withAgency: Boolean!) {
    person(id: $personId) {
      id
      familyName
      givenName
    }
    agency(id: $agencyId) @include(if: $withAgency) {
      id
      name
    }
  }
`);

const PURPOSES: ConsentPurpose[] = ['REFERRAL', 'CASE_CONFERENCE', 'INFORMATION_SHARING'];

/**
 * A consent form to print and have the person sign, in plain Japanese (やさしい日本語): to whom, what for, which
 * information, until when, and that the consent can be withdrawn at any time. Opened from the consent gate.
 */
export function ConsentFormScreen() {
  const { t, i18n } = useTranslation(NS);
  const { staff } = useStaff();
  const [params] = useSearchParams();
  const personId = params.get('personId') ?? '';
  const agencyId = params.get('agencyId') ?? undefined;
  const sector = params.get('sector');
  const purposes = (params.get('purposes') ?? '')
    .split(',')
    .filter((one): one is ConsentPurpose => PURPOSES.includes(one as ConsentPurpose));
  const categories = (params.get('categories') ?? '')
    .split(',')
    .filter((one): one is DataCategory => DATA_CATEGORIES.includes(one as DataCategory));
  const expiresOn = params.get('expiresOn');
  const [{ data, error }] = useQuery({
    query: ConsentFormQuery,
    variables: { personId, agencyId, withAgency: Boolean(agencyId) },
    pause: !personId,
  });
  useExpireOnUnauthenticated(error);

  if (!personId || (!agencyId && !sector) || purposes.length === 0 || categories.length === 0) {
    return (
      <section aria-labelledby="consent-form-title">
        <h1 id="consent-form-title">{t('form.title')}</h1>
        <p role="alert" className="error">
          {t('form.missingParams')}
        </p>
      </section>
    );
  }

  const name = data?.person ? personName(data.person) : null;
  const recipient = agencyId
    ? (data?.agency?.name ?? '')
    : t('form.recipientSector', { sector: t(`sector.${sector}`) });
  const until = expiresOn
    ? t('form.periodUntil', {
        date: new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ja-JP', {
          dateStyle: 'long',
          timeZone: 'Asia/Tokyo',
        }).format(new Date(`${expiresOn}T00:00:00+09:00`)),
      })
    : t('form.periodNone');

  return (
    <article aria-labelledby="consent-form-title" className="consent-form">
      <div className="no-print screen-help">
        <p>{t('form.screenHelp')}</p>
        <button type="button" onClick={() => window.print()}>
          {t('form.printButton')}
        </button>
      </div>
      <h1 id="consent-form-title">{t('form.title')}</h1>
      <p className="form-to">{t('form.to', { agency: staff.agency?.name ?? '' })}</p>
      <p className="form-lead">{t('form.lead')}</p>
      <dl className="form-terms">
        <dt>{t('form.from')}</dt>
        <dd>{staff.agency?.name}</dd>
        <dt>{t('form.recipient')}</dt>
        <dd>{recipient}</dd>
        <dt>{t('form.purposes')}</dt>
        <dd>
          <ul>
            {purposes.map((purpose) => (
              <li key={purpose}>{t(`form.purpose.${purpose}`)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('form.categories')}</dt>
        <dd>
          <ul>
            {categories.map((category) => (
              <li key={category}>{t(`form.category.${category}`)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('form.period')}</dt>
        <dd>{until}</dd>
      </dl>
      <p className="form-withdraw">
        <strong>{t('form.withdraw')}</strong>
      </p>
      <p>{t('form.questions')}</p>
      <table className="signature">
        <caption className="visually-hidden">{t('form.title')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('form.date')}</th>
            <td>{t('form.dateBlank')}</td>
          </tr>
          <tr>
            <th scope="row">{t('form.name')}</th>
            <td>{name && <span className="prefilled">{name}</span>}</td>
          </tr>
          <tr>
            <th scope="row">{t('form.proxy')}</th>
            <td />
          </tr>
          <tr>
            <th scope="row">{t('form.staff')}</th>
            <td>{staff.displayName}</td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}
