import {
  AgencyByCodeDocument,
  CreateReferralDocument,
  RecordConsentDocument,
  RegisterPersonDocument,
  TsunaguError,
  request,
} from '@tsunagu/client';

/**
 * The other side of the demo: as a sending agency, registers a fictional person, records their written consent
 * to refer IDENTITY and CONTACT to the agency with code TO_AGENCY, and creates and sends a referral to it for the need NEED (default HOUSING).
 */
const env = process.env;
const apiUrl = env.TSUNAGU_URL ?? 'http://localhost:3000/graphql';
const apiKey = env.TSUNAGU_API_KEY;
const toCode = env.TO_AGENCY;
if (!apiKey || !toCode) {
  console.error('set TSUNAGU_API_KEY (the sending agency’s key) and TO_AGENCY (the receiving agency’s code)');
  process.exit(1);
}

try {
  const { agency } = await request(apiUrl, apiKey, AgencyByCodeDocument, { code: toCode });
  if (!agency) throw new Error(`no agency with code ${toCode}`);
  const { registerPerson } = await request(apiUrl, apiKey, RegisterPersonDocument, {
    input: { familyName: '見本', givenName: '花子', municipalityCode: '231100', phone: '052-000-0000' },
  });
  await request(apiUrl, apiKey, RecordConsentDocument, {
    input: {
      personId: registerPerson.id,
      recipientAgencyId: agency.id,
      purposes: ['REFERRAL'],
      dataCategories: ['IDENTITY', 'CONTACT'],
      method: 'WRITTEN',
      evidenceRef: 'demo consent form',
    },
  });
  const { createReferral } = await request(apiUrl, apiKey, CreateReferralDocument, {
    input: {
      personId: registerPerson.id,
      toAgencyId: agency.id,
      needCategories: [env.NEED ?? 'HOUSING'],
      summary: '住まいを失うおそれ。家賃滞納あり。(demo)',
      urgency: 'NORMAL',
      sharedCategories: ['IDENTITY', 'CONTACT'],
      send: true,
    },
  });
  console.log(`referral ${createReferral.id} sent to ${agency.code} ${agency.name}: ${createReferral.status}`);
} catch (error) {
  if (error instanceof TsunaguError) {
    console.error(`${error.code}: ${error.message} ${JSON.stringify(error.extensions)}`);
    process.exit(1);
  }
  throw error;
}
