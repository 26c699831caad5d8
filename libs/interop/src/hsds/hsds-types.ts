/**
 * The HSDS 3.0 objects this view emits (standards/hsds/3.0/schema), limited to the fields it fills. Optional
 * fields are left out rather than sent as null: the official schemas type them as plain strings.
 */

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code?: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy?: string;
  taxonomy_detail?: HsdsTaxonomy;
  language?: string;
  taxonomy_id?: string;
  term_uri?: string;
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  taxonomy_term_id: string;
  link_type: string;
  link_entity: 'organization' | 'service' | 'service_area';
  value?: string;
  taxonomy_term: HsdsTaxonomyTerm;
}

export interface HsdsPhone {
  id: string;
  organization_id?: string;
  service_id?: string;
  contact_id?: string;
  number: string;
  type?: string;
  description?: string;
}

export interface HsdsContact {
  id: string;
  organization_id?: string;
  service_id?: string;
  name?: string;
  email?: string;
  phones?: HsdsPhone[];
}

export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  description?: string;
  extent: string;
  extent_type: 'text';
  attributes: HsdsAttribute[];
}

export interface HsdsOrganization {
  id: string;
  name: string;
  alternate_name?: string;
  description: string;
  email?: string;
  contacts?: HsdsContact[];
  phones?: HsdsPhone[];
  locations?: never[];
  organization_identifiers?: {
    id: string;
    organization_id: string;
    identifier_type: string;
    identifier: string;
  }[];
  attributes?: HsdsAttribute[];
}

export type HsdsServiceStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed';

export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  alternate_name?: string;
  description?: string;
  email?: string;
  status: HsdsServiceStatus;
  alert?: string;
  last_modified?: string;
  phones?: HsdsPhone[];
  service_areas?: HsdsServiceArea[];
  service_at_locations?: never[];
  contacts?: HsdsContact[];
  attributes?: HsdsAttribute[];
  organization?: HsdsOrganization;
}

/** The list envelope of openapi.json (`components.schemas.Page`) with its `contents`. */
export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
