/**
 * The directory in the tabular form of HSDS 3.0 (docs/hsds.md, "Tabular export"): one CSV file per table, with
 * the columns of `schema/compiled/tabular.json` in its order, and a Frictionless `datapackage.json` describing
 * them, zipped. The nested arrays of the JSON objects become rows of their own table, linked by `*_id` columns
 * (a service's `service_areas` are rows of `service_areas.csv` with its `service_id`, every attribute a row of
 * `attributes.csv` with `link_id`/`link_entity`).
 */
import { strToU8, zipSync } from 'fflate';
import type { HsdsRecord } from './hsds-mapping.js';
import type { HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds-types.js';

/** A column: its name and, for the data package, its Frictionless type and format. */
export interface TabularField {
  name: string;
  type: 'string' | 'number' | 'date' | 'datetime';
  format?: 'uuid' | 'email' | 'uri';
}

export interface TabularTable {
  /** The table's name in tabular.json (`service_area`). */
  name: string;
  /** Its file (`service_areas.csv`). */
  path: string;
  description: string;
  fields: TabularField[];
  /** The fields tabular.json requires (`required` and `tabular_required`). */
  required: string[];
}

function fields(spec: string): TabularField[] {
  return spec.split(' ').map((entry) => {
    const [name, type, format] = entry.split(':');
    return {
      name,
      type: (type || 'string') as TabularField['type'],
      ...(format ? { format: format as TabularField['format'] } : {}),
    };
  });
}

/**
 * The tables this export writes, with the scalar columns of tabular.json (its array and object properties are
 * the other tables and are not columns), in the order of tabular.json's `datapackage_metadata.order`.
 */
export const HSDS_TABLES: readonly TabularTable[] = [
  {
    name: 'organization',
    path: 'organizations.csv',
    description: 'The organizations: every agency and community resource of the directory.',
    fields: fields(
      'id::uuid name alternate_name description email::email website::uri tax_status tax_id year_incorporated:number legal_status logo uri::uri parent_organization_id::uuid',
    ),
    required: ['id', 'name', 'description'],
  },
  {
    name: 'service',
    path: 'services.csv',
    description: 'The one service of each organization (an agency’s referral window, a community resource).',
    fields: fields(
      'id::uuid organization_id::uuid program_id::uuid name alternate_name description url::uri email::email status interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email::email licenses alert last_modified:datetime',
    ),
    required: ['id', 'name', 'status', 'organization_id'],
  },
  {
    name: 'attribute',
    path: 'attributes.csv',
    description: 'The taxonomy terms of organizations, services and service areas.',
    fields: fields('id::uuid link_id::uuid taxonomy_term_id::uuid link_type link_entity value'),
    required: ['id', 'link_id', 'taxonomy_term_id', 'link_entity'],
  },
  {
    name: 'phone',
    path: 'phones.csv',
    description: 'Telephone numbers (of community resources whose contact is a number).',
    fields: fields(
      'id::uuid location_id::uuid service_id::uuid organization_id::uuid contact_id::uuid service_at_location_id::uuid number extension:number type description',
    ),
    required: ['id', 'number'],
  },
  {
    name: 'contact',
    path: 'contacts.csv',
    description: 'The contacts of services.',
    fields: fields(
      'id::uuid organization_id::uuid service_id::uuid service_at_location_id::uuid location_id::uuid name title department email::email',
    ),
    required: ['id'],
  },
  {
    name: 'service_area',
    path: 'service_areas.csv',
    description: 'The areas each service covers; extent is the local-government or area code.',
    fields: fields('id::uuid service_id::uuid name description extent extent_type uri'),
    required: ['id'],
  },
  {
    name: 'taxonomy_term',
    path: 'taxonomy_terms.csv',
    description: 'The terms of the Tsunagu taxonomies.',
    fields: fields('id::uuid code name description parent_id::uuid taxonomy language taxonomy_id::uuid term_uri::uri'),
    required: ['id', 'name', 'description'],
  },
  {
    name: 'organization_identifier',
    path: 'organization_identifiers.csv',
    description: 'The directory codes of organizations.',
    fields: fields('id::uuid organization_id::uuid identifier_scheme identifier_type identifier'),
    required: ['id', 'identifier_type', 'identifier', 'organization_id'],
  },
  {
    name: 'taxonomy',
    path: 'taxonomies.csv',
    description: 'The Tsunagu taxonomies.',
    fields: fields('id::uuid name description uri::uri version'),
    required: ['id', 'name', 'description'],
  },
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a double quote, a line break or leading or trailing
 * space, with double quotes doubled; an absent value is empty.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV file: the header row and one row per record, the columns in `columns` order, CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [
    columns.map(csvField).join(','),
    ...rows.map((row) => columns.map((c) => csvField((row as Record<string, unknown>)[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Parses CSV as `toCsv` writes it (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks):
 * one array of fields per row; a final line break ends the last row rather than starting an empty one.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

type Row = object;

/** The rows of every table for the records and taxonomies, keyed by table name. */
export function tabularRows(
  records: readonly HsdsRecord[],
  taxonomies: readonly HsdsTaxonomy[],
  terms: readonly HsdsTaxonomyTerm[],
): Record<string, Row[]> {
  const rows: Record<string, Row[]> = Object.fromEntries(HSDS_TABLES.map((table) => [table.name, []]));
  for (const { organization, service } of records) {
    const {
      organization_identifiers = [],
      attributes: organizationAttributes = [],
      contacts: organizationContacts = [],
      phones: organizationPhones = [],
      ...organizationRow
    } = organization;
    rows.organization.push(organizationRow);
    rows.organization_identifier.push(...organization_identifiers);
    rows.attribute.push(...organizationAttributes);
    const { service_areas = [], contacts = [], phones = [], attributes = [], ...serviceRow } = service;
    rows.service.push(serviceRow);
    for (const area of service_areas) {
      const { attributes: areaAttributes = [], ...areaRow } = area;
      rows.service_area.push(areaRow);
      rows.attribute.push(...areaAttributes);
    }
    rows.contact.push(...organizationContacts, ...contacts);
    rows.phone.push(...organizationPhones, ...phones);
    rows.attribute.push(...attributes);
  }
  rows.taxonomy.push(...taxonomies);
  rows.taxonomy_term.push(...terms);
  return rows;
}

/** The Frictionless Data Package describing the files (a `tabular-data-package` of `tabular-data-resource`s). */
export function dataPackage(created: Date): Record<string, unknown> {
  return {
    name: 'tsunagu-hsds',
    title: 'Tsunagu directory (Open Referral HSDS 3.0)',
    profile: 'tabular-data-package',
    created: created.toISOString(),
    resources: HSDS_TABLES.map((table) => ({
      name: table.name,
      path: table.path,
      description: table.description,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      profile: 'tabular-data-resource',
      schema: {
        fields: table.fields.map((field) => ({
          name: field.name,
          type: field.type,
          ...(field.format ? { format: field.format } : {}),
          ...(table.required.includes(field.name) ? { constraints: { required: true } } : {}),
        })),
        primaryKey: 'id',
      },
    })),
  };
}

/** The zip of `datapackage.json` and one CSV per table. */
export function tabularZip(
  records: readonly HsdsRecord[],
  taxonomies: readonly HsdsTaxonomy[],
  terms: readonly HsdsTaxonomyTerm[],
  created: Date,
): Uint8Array {
  const rows = tabularRows(records, taxonomies, terms);
  const files: Record<string, Uint8Array> = {
    'datapackage.json': strToU8(`${JSON.stringify(dataPackage(created), null, 2)}\n`),
  };
  for (const table of HSDS_TABLES) {
    files[table.path] = strToU8(
      toCsv(
        table.fields.map((field) => field.name),
        rows[table.name],
      ),
    );
  }
  return zipSync(files, { level: 6, mtime: created });
}
