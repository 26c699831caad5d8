import { useQuery } from 'urql';
import { graphql } from '../gql';

const AgencyNameQuery = graphql(`
  query ConsoleAgencyName($id: ID!) {
    agency(id: $id) {
      id
      name
    }
  }
`);

/** An agency's name, looked up by id (the directory is readable by every signed-in staff member). */
export function AgencyName({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: AgencyNameQuery, variables: { id } });
  return <>{data?.agency?.name ?? id}</>;
}
