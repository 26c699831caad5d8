import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorCode } from '../../graphql/client';
import { ErrorAlert } from './ui';

const EcomapQuery = graphql(`
  query ConsoleEcomap($personId: ID!) {
    ecomap(personId: $personId) {
      personId
      nodes {
        key
        kind
        label
        detail
      }
      edges {
        from
        to
        strength
        direction
        label
      }
      redacted
      svg
    }
  }
`);

/** The ecomap picture the API draws, with every tie also as a list (the picture's text alternative in full). */
export function EcomapSection({ personId, name, masked }: { personId: string; name: string; masked: boolean }) {
  const { t } = useTranslation('person');
  const [result] = useQuery({ query: EcomapQuery, variables: { personId } });
  const ecomap = result.data?.ecomap;
  const code = errorCode(result.error);
  const nodes = new Map(ecomap?.nodes.map((node) => [node.key, node]) ?? []);
  const ties =
    ecomap?.edges.map((edge) => {
      const otherKey = edge.from === 'person' ? edge.to : edge.from;
      const other = nodes.get(otherKey);
      // Direction relative to the person: FROM_PERSON means the person gives; TO_PERSON means they receive.
      return { key: `${edge.from}-${edge.to}`, edge, other };
    }) ?? [];

  return (
    <section aria-labelledby="ecomap-title" className="panel">
      <h2 id="ecomap-title">{t('ecomap.title')}</h2>
      {code === 'FORBIDDEN' ? (
        <p>
          <span className="masked">{t('masked.label')}</span> {t('hearing.masked')}
        </p>
      ) : (
        <ErrorAlert error={result.error} />
      )}
      {ecomap && (
        <>
          {masked && <p className="help">{t('ecomap.partial')}</p>}
          <figure className="console-ecomap">
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(ecomap.svg)}`}
              alt={t('ecomap.alt', { name, count: ties.length })}
            />
            <figcaption className="help">{t('ecomap.legend')}</figcaption>
          </figure>
          <h3 id="ecomap-ties">{t('ecomap.ties')}</h3>
          {ties.length === 0 ? (
            <p>{t('ecomap.noTies')}</p>
          ) : (
            <ul aria-labelledby="ecomap-ties" className="console-list">
              {ties.map(({ key, edge, other }) => (
                <li key={key}>
                  <strong>{other?.label ?? t('ecomap.unknown')}</strong>
                  {other &&
                    t('ui.paren', {
                      text: [t(`nodeKind.${other.kind}`), other.detail].filter(Boolean).join(t('ui.sep')),
                    })}
                  {' — '}
                  {[t(`strength.${edge.strength}`), t(`direction.${edge.direction}`), edge.label]
                    .filter(Boolean)
                    .join(t('ui.sep'))}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
