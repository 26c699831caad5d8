import { graphql } from '../../gql';

/** The case conferences the agency takes part in (the API's own order: latest scheduled first). */
export const ConferencesListQuery = graphql(`
  query ConsoleConferences($filter: CaseConferenceFilter, $first: Int) {
    caseConferences(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          status
          title
          scheduledAt
          place
          online
          personId
          leadAgency {
            id
            name
          }
        }
      }
    }
  }
`);
