import { createHash } from 'node:crypto';

/**
 * The namespace of the identifiers this view derives (RFC 9562 name-based UUIDs, version 5). Records that have a
 * UUID of their own (agencies, community resources, service areas) keep it; the records HSDS needs beside them
 * (an agency's service, its contact, an attribute, a taxonomy term) get a UUID derived from the owner's UUID and
 * a fixed name, so the same record has the same id on every request and every instance.
 */
export const TSUNAGU_HSDS_NAMESPACE = '6f1d3c52-8a9e-5b7e-9d1a-2c0e8f4b7a31';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The version-5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = TSUNAGU_HSDS_NAMESPACE): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of an agency's (or community resource's) one service: derived from the organization's UUID. */
export function serviceIdOf(organizationId: string): string {
  return uuidV5(`service/${organizationId}`);
}

export function contactIdOf(ownerId: string): string {
  return uuidV5(`contact/${ownerId}`);
}

export function phoneIdOf(ownerId: string): string {
  return uuidV5(`phone/${ownerId}`);
}

export function identifierIdOf(organizationId: string): string {
  return uuidV5(`organization_identifier/${organizationId}`);
}

export function attributeIdOf(linkId: string, termId: string): string {
  return uuidV5(`attribute/${linkId}/${termId}`);
}

/** A community resource's service area for one municipality code (the resource stores codes, not area rows). */
export function resourceAreaIdOf(resourceId: string, municipalityCode: string): string {
  return uuidV5(`service_area/${resourceId}/${municipalityCode}`);
}

export function taxonomyIdOf(taxonomy: string): string {
  return uuidV5(`taxonomy/${taxonomy}`);
}

export function taxonomyTermIdOf(taxonomy: string, code: string): string {
  return uuidV5(`taxonomy_term/${taxonomy}/${code}`);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
